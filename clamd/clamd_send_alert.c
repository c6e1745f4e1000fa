#include "clamd_int.h"

/* the alert sample: proves the server reports what exceeds its limits
   (AlertExceedsMax). Built once per process: it never changes. */
int clamd_send_alert(struct clamd_session *ss)
{
  static char a[CLAMD_ALERTLEN];
  static int made;
  int r;

  if (!made) { clamd_alert(a); made = 1; }
  r = clamd_send_sample(ss, a, sizeof a);
  if (r == 1) ss->alert = ss->sent;
  return r;
}

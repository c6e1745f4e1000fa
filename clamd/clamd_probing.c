#include "clamd_int.h"

/* The short bound holds until the control sample is answered: also
   before it is sent, while the VERSION request waits for its answer. */
int clamd_probing(const struct clamd_session *ss)
{
  if (!ss->control) return 1;
  return ss->control <= ss->got.len && !ss->got.s[ss->control - 1];
}

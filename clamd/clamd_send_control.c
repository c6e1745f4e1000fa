#include "clamd_int.h"

/* the EICAR test string: proves the server scans what it is sent */
int clamd_send_control(struct clamd_session *ss)
{
  char e[CLAMD_EICARLEN];
  int r;

  clamd_eicar(e);
  r = clamd_send_sample(ss, e, sizeof e);
  if (r == 1) ss->control = ss->sent;
  return r;
}

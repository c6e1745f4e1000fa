#include "clamd_int.h"

int clamd_send_end(struct clamd_session *ss)
{
  int r;

  r = clamd_write(ss, "zEND", 5);
  if (r == 1) ss->ended = 1;
  return r;
}

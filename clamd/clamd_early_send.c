#include "clamd.h"

int clamd_early_send(struct clamd_early *e, int filefd)
{
  if (!e->open || e->r != 1 || e->ss.filesdone) return 0;
  e->r = clamd_send_file(&e->ss, filefd);
  if (e->r == 1) e->ss.filesdone = 1;
  return e->r == -1 ? -1 : 0;
}

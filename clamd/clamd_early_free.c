#include <unistd.h>
#include "clamd.h"

void clamd_early_free(struct clamd_early *e)
{
  if (e->open && e->fd != -1 && !e->pre) close(e->fd);
  e->fd = -1;
  e->open = 0;
  clamd_session_free(&e->ss);
}

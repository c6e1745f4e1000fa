#include "sweep_int.h"

/* Once stop() has said so, it stays said for this folder. */
int sweep_halted(struct sweep *s)
{
  if (!s->stopped && s->stop && s->stop()) s->stopped = 1;
  return s->stopped;
}

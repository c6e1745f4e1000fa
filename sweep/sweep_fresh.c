#include "sweep.h"

void sweep_fresh(struct sweep *s)
{
  s->steps = 0;
  s->exhausted = 0;
  s->stopped = 0;
  s->errnum = 0;
}

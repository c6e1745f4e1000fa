#include "sweep_int.h"

/* n more steps on the folder being deleted: 0 while within the budget, 1
   once it is spent (the callers then stop, as when stopped). A process
   that keeps making folders inside the one being deleted makes progress
   on every pass: without a bound the remover would never leave it. */
int sweep_spent(struct sweep *s, unsigned long n)
{
  s->steps += n;
  if (s->steps > s->budget) s->exhausted = 1;
  return s->exhausted;
}

#include <time.h>
#include "tai.h"

/* UNIX time t is TAI64 label 2^62 + 10 + t (libtai's convention). */
void tai_now(struct tai *t)
{
  t->x = UINT64_C(4611686018427387914) + (uint64_t) time((time_t *) 0);
}

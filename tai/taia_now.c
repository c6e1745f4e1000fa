#include <time.h>
#include "taia.h"

void taia_now(struct taia *t)
{
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) == -1) { /* cannot fail on Linux; be safe */
    ts.tv_sec = time((time_t *) 0);
    ts.tv_nsec = 0;
  }
  t->sec.x = UINT64_C(4611686018427387914) + (uint64_t) ts.tv_sec;
  t->nano = (unsigned long) ts.tv_nsec;
}

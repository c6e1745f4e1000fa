#include <time.h>
#include "clamd_int.h"

int clamd_ms(const struct timespec *deadline)
{
  struct timespec now;
  long long ms;

  /* CLOCK_MONOTONIC cannot fail with a valid pointer; if it did, treat
     the deadline as passed rather than wait without a bound */
  if (clock_gettime(CLOCK_MONOTONIC, &now) == -1) return 0;
  ms = (long long) (deadline->tv_sec - now.tv_sec) * 1000
     + (deadline->tv_nsec - now.tv_nsec) / 1000000;
  if (ms <= 0) return 0;
  if (ms > 86400000) ms = 86400000;
  return (int) ms;
}

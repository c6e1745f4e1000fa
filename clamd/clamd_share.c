#include <time.h>
#include "clamd_int.h"

void clamd_share(const struct timespec *deadline, size_t left,
                 struct timespec *mine)
{
  long long ms = clamd_ms(deadline);
  long long part = ms / (long long) left;

  if (part < CLAMD_MINSHARE * 1000LL) part = CLAMD_MINSHARE * 1000LL;
  if (part >= ms) { *mine = *deadline; return; }
  if (clock_gettime(CLOCK_MONOTONIC, mine) == -1) { *mine = *deadline; return; }
  mine->tv_sec += (time_t) (part / 1000);
  mine->tv_nsec += (long) (part % 1000) * 1000000;
  if (mine->tv_nsec >= 1000000000) { mine->tv_nsec -= 1000000000; ++mine->tv_sec; }
}

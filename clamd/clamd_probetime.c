#include <time.h>
#include "clamd.h"

void clamd_probetime(const struct timespec *deadline, struct timespec *probe)
{
  /* no clock: the deadline alone, which still bounds every wait */
  if (clock_gettime(CLOCK_MONOTONIC, probe) == -1) { *probe = *deadline; return; }
  probe->tv_sec += CLAMD_PROBE;
  if (probe->tv_sec > deadline->tv_sec ||
      (probe->tv_sec == deadline->tv_sec && probe->tv_nsec > deadline->tv_nsec))
    *probe = *deadline;
}

#include <poll.h>
#include "error.h"
#include "clamd_int.h"

int clamd_poll(int fd, short events, const struct timespec *deadline)
{
  struct pollfd p;
  int ms;
  int r;

  for (;;) {
    ms = clamd_ms(deadline);
    if (!ms) return 0;
    p.fd = fd;
    p.events = events;
    p.revents = 0;
    r = poll(&p, 1, ms);
    if (r > 0) return p.revents ? p.revents : events;
    if (r == -1 && errno != error_intr) return -1;
  }
}

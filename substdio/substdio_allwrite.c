#include <errno.h>
#include "substdio.h"

/* Writes all of buf, through short writes and EINTR. */
int substdio_allwrite(substdio_op op, int fd, char *buf, size_t len)
{
  while (len) {
    ssize_t w = op(fd, buf, len);
    if (w == -1) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (w == 0) { errno = EIO; return -1; } /* no progress: never spin */
    buf += w;
    len -= (size_t) w;
  }
  return 0;
}

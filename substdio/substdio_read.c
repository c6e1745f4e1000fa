#include <unistd.h>
#include "substdio.h"

ssize_t substdio_read(int fd, char *buf, size_t len)
{
  return read(fd, buf, len);
}

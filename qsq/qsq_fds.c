#include <fcntl.h>
#include "qsq_proc.h"

/* A file opened later must not be taken for the message, the envelope or
   the log. Lower fds are open when fd is tested, so open() lands on it. */
int qsq_fds(void)
{
  int fd;
  for (fd = 0; fd < 3; ++fd)
    if (fcntl(fd, F_GETFD) == -1 && open("/dev/null", fd ? O_RDONLY : O_WRONLY) != fd) return -1;
  return 0;
}

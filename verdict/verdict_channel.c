#include <fcntl.h>
#include <sys/stat.h>
#include "verdict.h"

/* 1 if fd can be notqmail's error channel: a pipe (or FIFO) open for
   writing. A file, a terminal, a socket, a closed or read-only fd is
   never written to. */
int verdict_channel(int fd)
{
  struct stat st;
  int flags;
  if (fstat(fd, &st) == -1 || !S_ISFIFO(st.st_mode)) return 0;
  flags = fcntl(fd, F_GETFL);
  if (flags == -1) return 0;
  return (flags & O_ACCMODE) == O_WRONLY || (flags & O_ACCMODE) == O_RDWR;
}

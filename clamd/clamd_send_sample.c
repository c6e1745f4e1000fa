#define _GNU_SOURCE
#include <sys/mman.h>
#include <unistd.h>
#include "error.h"
#include "clamd_int.h"

/* A sample built in memory goes the way the files go: over a unix socket
   by zFILDES of a memfd (nothing in the file system for anyone to swap),
   so a clamd that cannot read passed descriptors fails here too; over
   TCP by zINSTREAM. */
int clamd_send_sample(struct clamd_session *ss, const char *buf, size_t len)
{
  int fd;
  int r;

  if (!ss->fildes) return clamd_send_stream(ss, buf, len);
  fd = memfd_create("qscanq-control", MFD_CLOEXEC);
  if (fd == -1) return clamd_fail(ss, "unable to make a control sample: ", error_str(errno));
  if (write(fd, buf, len) != (ssize_t) len || lseek(fd, 0, SEEK_SET) != 0) {
    r = clamd_fail(ss, "unable to write a control sample: ", error_str(errno));
    close(fd);
    return r;
  }
  r = clamd_send_fildes(ss, fd);
  close(fd);
  return r;
}

#define _GNU_SOURCE
#include <sys/mman.h>
#include <unistd.h>
#include "error.h"
#include "clamd_int.h"

/* Over a unix socket the sample goes the way the files go (zFILDES, a
   memfd: nothing in the file system for anyone to swap), so a clamd that
   cannot read passed descriptors fails here too; over TCP by zINSTREAM. */
int clamd_send_control(struct clamd_session *ss)
{
  char e[CLAMD_EICARLEN];
  int fd;
  int r;

  clamd_eicar(e);
  if (!ss->fildes) {
    r = clamd_send_stream(ss, e, sizeof e);
  } else {
    fd = memfd_create("qscanq-control", MFD_CLOEXEC);
    if (fd == -1) return clamd_fail(ss, "unable to make the control sample: ", error_str(errno));
    if (write(fd, e, sizeof e) != (ssize_t) sizeof e || lseek(fd, 0, SEEK_SET) != 0) {
      r = clamd_fail(ss, "unable to write the control sample: ", error_str(errno));
      close(fd);
      return r;
    }
    r = clamd_send_fildes(ss, fd);
    close(fd);
  }
  if (r == 1) ss->control = ss->sent;
  return r;
}

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include "auto_home.h"
#include "error.h"
#include "open.h"
#include "qsq.h"
#include "qsq_path.h"
#include "qsq_proc.h"
#include "sig.h"
#include "str.h"
#include "strerr.h"

/* run-cleanq: wakes cleanq, as svc -a would: writes the byte 'a' into its
   supervise/control FIFO. Setgid to the control group and nothing else, so
   it does as little as it can: no arguments, no environment, one fixed
   path. qscanq runs it after every message without waiting for it. */

#define FATAL "run-cleanq: fatal: "

/* Room for auto_home plus QSQ_PATH_CONTROL; a longer home is refused. */
static char path[1024];

int main(void)
{
  struct stat st;
  int fd;

  /* Any of fds 0, 1, 2 that is closed gets /dev/null before we open
     anything, so the FIFO cannot land there and our message cannot land in
     it. */
  if (qsq_fds() == -1) _exit(QSQ_EXIT_FAIL);

  /* A reader that vanishes between open and write is an error, not death. */
  if (sig_ignore(SIGPIPE) == -1) strerr_die2sys(QSQ_EXIT_FAIL, FATAL, "unable to ignore SIGPIPE: ");

  if (!str_join(path, sizeof path, auto_home, QSQ_PATH_CONTROL)) strerr_die2x(QSQ_EXIT_FAIL, FATAL, "conf-home is too long");

  /* O_NDELAY: with no supervise reading, this fails at once (ENXIO)
     instead of waiting for a reader. */
  fd = open_write(path);
  if (fd == -1) {
    if (errno == error_nodevice) strerr_die2x(QSQ_EXIT_FAIL, FATAL, "unable to wake cleanq: supervise is not running");
    strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to wake cleanq: unable to open ", path, ": ");
  }
  if (fstat(fd, &st) == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to wake cleanq: unable to stat ", path, ": ");
  if (!S_ISFIFO(st.st_mode)) strerr_die4x(QSQ_EXIT_FAIL, FATAL, "unable to wake cleanq: ", path, " is not a named pipe");
  if (write(fd, "a", 1) != 1)
    strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to wake cleanq: unable to write to ", path, ": ");
  /* Nothing is buffered. _exit also keeps the leak checker of a sanitizer
     build, which cannot work in a set-id process, from failing us. */
  _exit(0);
}

#include <sys/stat.h>
#include "auto_home.h"
#include "error.h"
#include "qsq.h"
#include "qsq_path.h"
#include "stralloc.h"
#include "strerr.h"
#include "subfd.h"
#include "substdio.h"
#include "wrap.h"

/* install-wrap: puts qscanq in front of qmail's queue for every program
   that runs bin/qmail-queue. The real bin/qmail-queue is hard-linked to
   qscanq/qmail-queue (what qscanq-stdin runs) first, then bin/qmail-queue
   is replaced by a symbolic link to qscanq. Both steps are renames, so
   bin/qmail-queue exists at every moment and always queues; a message is
   never lost. Safe to run again; refuses any state it does not expect. */

#define FATAL "install-wrap: fatal: "

static void say(const char *s)
{
  if (substdio_puts(subfdout, "install-wrap: ") == -1 || substdio_puts(subfdout, s) == -1 ||
      substdio_puts(subfdout, "\n") == -1 || substdio_flush(subfdout) == -1)
    strerr_die2sys(QSQ_EXIT_FAIL, FATAL, "unable to write: ");
}

int main(void)
{
  static stralloc qscanq = STRALLOC_ZERO;
  struct stat st;
  int state;

  state = wrap_state(FATAL);
  if (state == WRAP_ON) {
    say("already wrapped: bin/qmail-queue runs qscanq");
    return 0;
  }
  /* a link to qscanq that leads nowhere would refuse every message */
  if (!stralloc_copys(&qscanq, auto_home) || !stralloc_cats(&qscanq, QSQ_PATH_QSCANQ) || !stralloc_0(&qscanq))
    strerr_die2x(QSQ_EXIT_FAIL, FATAL, "out of memory");
  /* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): stralloc_0 succeeded, so qscanq.s is set */
  if (lstat(qscanq.s, &st) == -1) {
    if (errno == error_noent) strerr_die3x(QSQ_EXIT_FAIL, FATAL, qscanq.s, " does not exist: run make setup first");
    strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to stat ", qscanq.s, ": ");
  }
  if (!S_ISREG(st.st_mode)) strerr_die3x(QSQ_EXIT_FAIL, FATAL, qscanq.s, " is not a file: run make setup first");

  if (state == WRAP_OFF) wrap_real(FATAL, 1); /* now WRAP_HALF */
  wrap_symlink(FATAL, 0);
  say("wrapped: bin/qmail-queue runs qscanq; the real one is qscanq/qmail-queue");
  return 0;
}

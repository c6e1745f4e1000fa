#include "qsq.h"
#include "strerr.h"
#include "subfd.h"
#include "substdio.h"
#include "wrap.h"

/* install-unwrap: undoes install-wrap. The real qmail-queue, hard-linked
   at qscanq/qmail-queue, is renamed back over bin/qmail-queue (the same
   file: owner, mode and inode as before the wrap), then qscanq/qmail-queue
   becomes the symbolic link ../bin/qmail-queue again. bin/qmail-queue
   exists at every moment. Safe to run again; refuses any state it does
   not expect. */

#define FATAL "install-unwrap: fatal: "

static void say(const char *s)
{
  if (substdio_puts(subfdout, "install-unwrap: ") == -1 || substdio_puts(subfdout, s) == -1 ||
      substdio_puts(subfdout, "\n") == -1 || substdio_flush(subfdout) == -1)
    strerr_die2sys(QSQ_EXIT_FAIL, FATAL, "unable to write: ");
}

int main(void)
{
  int state;

  state = wrap_state(FATAL);
  if (state == WRAP_OFF) {
    say("not wrapped: bin/qmail-queue is the real qmail-queue");
    return 0;
  }
  if (state == WRAP_ON) wrap_real(FATAL, 0); /* now WRAP_HALF */
  wrap_symlink(FATAL, 1);
  say("unwrapped: bin/qmail-queue is the real qmail-queue again");
  return 0;
}

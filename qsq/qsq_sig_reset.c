#include <signal.h>
#include <unistd.h>
#include "sig.h"
#include "qsq_proc.h"

/* What we set up for ourselves (a deadline, ignored SIGXFSZ and SIGPIPE,
   a blocked SIGALRM around a fork) must not leak into the next program. */
int qsq_sig_reset(void)
{
  alarm(0);
  if (sig_default(SIGALRM) == -1 || sig_default(SIGXFSZ) == -1 || sig_default(SIGPIPE) == -1) return -1;
  return sig_blocknone();
}

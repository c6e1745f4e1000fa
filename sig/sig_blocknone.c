#include <signal.h>
#include "sig.h"

int sig_blocknone(void)
{
  sigset_t ss;
  if (sigemptyset(&ss) == -1) return -1;
  return sigprocmask(SIG_SETMASK, &ss, 0);
}

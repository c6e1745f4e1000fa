#include <signal.h>
#include "sig.h"

int sig_block(int sig)
{
  sigset_t ss;
  if (sigemptyset(&ss) == -1) return -1;
  if (sigaddset(&ss, sig) == -1) return -1;
  return sigprocmask(SIG_BLOCK, &ss, 0);
}

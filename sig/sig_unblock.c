#include <signal.h>
#include "sig.h"

int sig_unblock(int sig)
{
  sigset_t ss;
  if (sigemptyset(&ss) == -1) return -1;
  if (sigaddset(&ss, sig) == -1) return -1;
  return sigprocmask(SIG_UNBLOCK, &ss, 0);
}

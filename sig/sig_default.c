#include <signal.h>
#include "sig.h"

int sig_default(int sig)
{
  struct sigaction sa;
  sa.sa_handler = SIG_DFL;
  sa.sa_flags = 0;
  if (sigemptyset(&sa.sa_mask) == -1) return -1;
  return sigaction(sig, &sa, 0);
}

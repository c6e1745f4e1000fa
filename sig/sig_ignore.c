#include <signal.h>
#include "sig.h"

int sig_ignore(int sig)
{
  struct sigaction sa;
  sa.sa_handler = SIG_IGN;
  sa.sa_flags = 0;
  if (sigemptyset(&sa.sa_mask) == -1) return -1;
  return sigaction(sig, &sa, 0);
}

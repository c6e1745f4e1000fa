#include <signal.h>
#include "sig.h"

int sig_catch(int sig, void (*handler)(int))
{
  struct sigaction sa;
  sa.sa_handler = handler;
  sa.sa_flags = 0;
  if (sigemptyset(&sa.sa_mask) == -1) return -1;
  return sigaction(sig, &sa, 0);
}

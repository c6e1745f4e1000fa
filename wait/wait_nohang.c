#include "wait.h"

pid_t wait_nohang(int *wstat)
{
  return waitpid(-1, wstat, WNOHANG);
}

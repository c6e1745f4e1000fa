#include <errno.h>
#include "wait.h"

/* Waits for pid, through EINTR. */
pid_t wait_pid(int *wstat, pid_t pid)
{
  pid_t r;
  do r = waitpid(pid, wstat, 0);
  while (r == -1 && errno == EINTR);
  return r;
}

#include <unistd.h>
#include "fd.h"

/* Makes to a duplicate of from; to loses close-on-exec. */
int fd_copy(int to, int from)
{
  if (to == from) return 0;
  return dup2(from, to) == -1 ? -1 : 0;
}

#include "clamd_int.h"

int clamd_session(struct clamd_session *ss, int fd, int fildes,
                  const struct clamd_files *files,
                  const struct timespec *deadline)
{
  int r = clamd_session_open(ss, fd, fildes, deadline);
  return r == 1 ? clamd_session_files(ss, files) : r;
}

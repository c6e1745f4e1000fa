#include "clamd_int.h"

int clamd_session_start(struct clamd_session *ss, int fd, int fildes,
                        const struct timespec *deadline)
{
  ss->fd = fd;
  ss->fildes = fildes;
  ss->deadline = *deadline;
  ss->full = *deadline;
  ss->sent = 0;
  ss->replies = 0;
  ss->control = 0;
  ss->controlfound = 0;
  ss->alert = 0;
  ss->alertfound = 0;
  ss->ended = 0;
  ss->eof = 0;
  ss->toobig = 0;
  ss->verdict = CLAMD_CLEAN;
  ss->name.len = 0;
  ss->got.len = 0;
  ss->in.len = 0;
  ss->why.len = 0;
  ss->version = 0;
  ss->action = CLAMD_REFUSE;
  ss->db.len = 0;
  ss->filesdone = 0; /* a new session sends every file, whatever the last one did */
  return clamd_write(ss, "zIDSESSION", 11);
}

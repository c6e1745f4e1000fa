#include "clamd.h"
#include "proof.h"

/* the opening every message's session has (IDSESSION, VERSION, the
   control and alert samples), then zEND: clamd_finish fails the session
   unless both samples came back as they must */
int proof_check(int fd, const struct timespec *deadline)
{
  struct clamd_session ss = CLAMD_SESSION_ZERO;
  int r = clamd_session_open(&ss, fd, 1, deadline);
  if (r == 1) r = clamd_send_end(&ss);
  if (r == 1) r = clamd_finish(&ss);
  if (r == 1 && !(ss.controlfound && ss.alertfound)) r = 0;
  clamd_session_free(&ss);
  return r;
}

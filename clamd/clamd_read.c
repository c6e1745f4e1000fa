#include <poll.h>
#include "error.h"
#include "clamd_int.h"

int clamd_read(struct clamd_session *ss)
{
  int r;

  if (ss->eof) return clamd_fail(ss, "connection closed mid-session", 0);
  r = clamd_poll(ss->fd, POLLIN, &ss->deadline);
  if (r == -1) return clamd_fail(ss, "poll: ", error_str(errno));
  if (!r) return clamd_timedout(ss, "timed out waiting for a reply");
  return clamd_take(ss);
}

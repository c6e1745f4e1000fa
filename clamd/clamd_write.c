#include <sys/types.h>
#include <sys/socket.h>
#include <poll.h>
#include "error.h"
#include "clamd_int.h"

int clamd_write(struct clamd_session *ss, const char *buf, size_t n)
{
  ssize_t w;
  int ev;
  int r;
  int e;

  while (n) {
    w = send(ss->fd, buf, n, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w > 0) { buf += w; n -= (size_t) w; continue; }
    if (w == 0) return clamd_fail(ss, "write: wrote nothing", 0);
    if (errno == error_intr) continue;
    if (errno != error_again && errno != error_wouldblock) {
      e = errno;
      r = clamd_drain(ss);
      if (r != 1) return r;
      return clamd_fail(ss, "write: ", error_str(e));
    }
    /* clamd answers while it still reads: take its replies in, or both
       sides could block on full buffers */
    ev = clamd_poll(ss->fd, ss->eof ? POLLOUT : POLLIN | POLLOUT, &ss->deadline);
    if (ev == -1) return clamd_fail(ss, "poll: ", error_str(errno));
    if (!ev) return clamd_timedout(ss, "timed out writing");
    if (ev & (POLLIN | POLLHUP | POLLERR) && !ss->eof) {
      r = clamd_take(ss);
      if (r != 1) return r;
    }
  }
  return 1;
}

#include <sys/types.h>
#include <sys/socket.h>
#include "error.h"
#include "clamd_int.h"

int clamd_take(struct clamd_session *ss)
{
  char buf[4096];
  ssize_t r;

  r = recv(ss->fd, buf, sizeof buf, MSG_DONTWAIT);
  if (r > 0) {
    r = clamd_feed(ss, buf, (size_t) r);
    /* the server is alive: the rest of the session gets the whole time */
    if (!clamd_probing(ss)) ss->deadline = ss->full;
    return (int) r;
  }
  if (r == 0) {
    ss->eof = 1;
    /* closing before zEND, or with requests unanswered, is a lost
       connection; after both it is how clamd ends a session */
    if (!ss->ended || ss->replies < ss->sent || ss->in.len)
      return clamd_fail(ss, "connection closed mid-session", 0);
    return 1;
  }
  if (errno == error_intr || errno == error_again || errno == error_wouldblock)
    return 1;
  return clamd_fail(ss, "read: ", error_str(errno));
}

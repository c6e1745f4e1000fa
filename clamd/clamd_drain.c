#include <sys/types.h>
#include <sys/socket.h>
#include "clamd_int.h"

/* After a failed write. clamd answers a stream past StreamMaxLength with
   an ERROR reply and closes with our data unread, so the next write fails
   with a reset; the reply is still in our receive queue and says more
   than the errno does. Only what has already come is read. */
int clamd_drain(struct clamd_session *ss)
{
  char buf[4096];
  ssize_t r;
  int fed;

  while (!ss->eof && clamd_ms(&ss->deadline)) {
    r = recv(ss->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (r <= 0) return 1;   /* nothing more, an end or a reset: the write's error stands */
    fed = clamd_feed(ss, buf, (size_t) r);
    if (fed != 1) return fed;
  }
  return 1;
}

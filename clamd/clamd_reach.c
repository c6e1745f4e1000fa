#include <sys/socket.h>
#include <fcntl.h>
#include "error.h"
#include "clamd_int.h"

int clamd_reach(struct clamd_session *ss, const struct clamd_server *s,
                int pre, const struct timespec *deadline, int *fd)
{
  struct timespec probe;
  int flags;

  /* past the deadline, connecting could still succeed (a unix socket
     does at once) and only mislead the log */
  if (!clamd_ms(deadline)) return clamd_fail(ss, "no time left", 0);
  if (pre < -1) return clamd_fail(ss, "unable to connect: ", error_str(-1 - pre));
  if (pre >= 0) {
    flags = fcntl(pre, F_GETFL);
    if (flags == -1 || fcntl(pre, F_SETFL, flags | O_NONBLOCK) == -1)
      return clamd_fail(ss, "unable to use the connection: ", error_str(errno));
    *fd = pre;
    return 1;
  }
  clamd_probetime(deadline, &probe); /* hung: passed over (clamd.h) */
  *fd = clamd_connect(s, &probe);
  if (*fd == -1) return clamd_fail(ss, "unable to connect: ", error_str(errno));
  return 1;
}

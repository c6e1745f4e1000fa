#include <errno.h>
#include <sys/socket.h>
#include "pair.h"

int pair_proved(int sock, size_t server)
{
  unsigned char p[2];
  p[0] = PAIR_PROVED;
  p[1] = (unsigned char) server;
  if (server >= PAIR_MAX) { errno = EINVAL; return -1; }
  return send(sock, p, sizeof p, MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t) sizeof p ? 0 : -1;
}

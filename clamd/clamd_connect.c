#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <unistd.h>
#include "byte.h"
#include "error.h"
#include "str.h"
#include "clamd_int.h"

static int address(const struct clamd_server *s, struct sockaddr_storage *sa,
                   socklen_t *len)
{
  struct sockaddr_un *u = (struct sockaddr_un *) sa;
  struct sockaddr_in *v4 = (struct sockaddr_in *) sa;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *) sa;
  size_t n;

  byte_zero(sa, sizeof *sa);
  switch (s->family) {
    case AF_UNIX:
      n = str_len(s->path);
      if (n >= sizeof u->sun_path) { errno = ENAMETOOLONG; return -1; }
      u->sun_family = AF_UNIX;
      byte_copy(u->sun_path, n + 1, s->path);
      *len = sizeof *u;
      return 0;
    case AF_INET:
      v4->sin_family = AF_INET;
      v4->sin_port = htons((unsigned short) s->port);
      byte_copy(&v4->sin_addr, 4, s->ip);
      *len = sizeof *v4;
      return 0;
    case AF_INET6:
      v6->sin6_family = AF_INET6;
      v6->sin6_port = htons((unsigned short) s->port);
      byte_copy(&v6->sin6_addr, 16, s->ip);
      *len = sizeof *v6;
      return 0;
  }
  errno = EAFNOSUPPORT;
  return -1;
}

static int connected(int fd, const struct timespec *deadline)
{
  socklen_t len = sizeof(int);
  int e = 0;
  int r;

  r = clamd_poll(fd, POLLOUT, deadline);
  if (r == -1) return -1;
  if (!r) { errno = error_timeout; return -1; }
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) == -1) return -1;
  if (e) { errno = e; return -1; }
  return 0;
}

/* A non-blocking connect to a unix socket whose listen queue is full
   fails with EAGAIN at once, and nothing tells when there is room: try
   again after 1, 2, 4 ... 128 ms, until the deadline. */
static int backlog(int fd, const struct sockaddr_storage *sa, socklen_t len,
                   const struct timespec *deadline)
{
  int pause = 1;
  int ms;

  for (;;) {
    ms = clamd_ms(deadline);
    if (!ms) { errno = error_timeout; return -1; }
    if (ms > pause) ms = pause;
    if (poll(0, 0, ms) == -1 && errno != error_intr) return -1;
    if (pause < 128) pause *= 2;
    if (connect(fd, (const struct sockaddr *) sa, len) == 0) return 0;
    if (errno != error_again && errno != error_intr) return -1;
  }
}

int clamd_connect(const struct clamd_server *s, const struct timespec *deadline)
{
  struct sockaddr_storage sa;
  socklen_t len;
  int one = 1;
  int fd;
  int e;

  if (address(s, &sa, &len) == -1) return -1;
  fd = socket(s->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd == -1) return -1;
  /* each request is a few small writes (zINSTREAM, a chunk's length, its
     bytes, the zero length) and the answer waits for them: with Nagle's
     algorithm the next small write waits for the server's delayed ACK,
     40 ms on Linux */
  if (s->family != AF_UNIX &&
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == -1) {
    e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  if (connect(fd, (struct sockaddr *) &sa, len) == 0) return fd;
  if (s->family == AF_UNIX && errno == error_again &&
      backlog(fd, &sa, len, deadline) == 0)
    return fd;
  if ((errno == error_inprogress || errno == error_intr) &&
      connected(fd, deadline) == 0)
    return fd;
  e = errno;
  close(fd);
  errno = e;
  return -1;
}

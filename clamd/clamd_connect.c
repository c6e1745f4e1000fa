#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
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

int clamd_connect(const struct clamd_server *s, const struct timespec *deadline)
{
  struct sockaddr_storage sa;
  socklen_t len;
  int fd;
  int e;

  if (address(s, &sa, &len) == -1) return -1;
  fd = socket(s->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd == -1) return -1;
  if (connect(fd, (struct sockaddr *) &sa, len) == 0) return fd;
  if ((errno == error_inprogress || errno == error_intr) &&
      connected(fd, deadline) == 0)
    return fd;
  e = errno;
  close(fd);
  errno = e;
  return -1;
}

#include <sys/socket.h>
#include "byte.h"
#include "pair.h"

int pair_answer(int sock, const struct pair_answer *a, const int *fd)
{
  union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int) * PAIR_MAX)]; } ctl;
  struct pair_answer w = *a; /* the packet: sendmsg's iovec is not const */
  int fds[PAIR_MAX];
  struct msghdr m;
  struct iovec iov;
  struct cmsghdr *c;
  size_t n = 0;
  size_t i;

  for (i = 0; i < (size_t) a->count && i < PAIR_MAX; ++i)
    if (a->status[i] == 0) fds[n++] = fd[i];
  byte_zero(&m, sizeof m);
  byte_zero(&ctl, sizeof ctl);
  iov.iov_base = &w;
  iov.iov_len = sizeof w;
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  if (n) {
    m.msg_control = ctl.buf;
    m.msg_controllen = CMSG_SPACE(sizeof(int) * n);
    c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * n);
    byte_copy(CMSG_DATA(c), sizeof(int) * n, fds);
  }
  return sendmsg(sock, &m, MSG_DONTWAIT | MSG_NOSIGNAL) == -1 ? -1 : 0;
}

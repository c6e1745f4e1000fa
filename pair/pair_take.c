#include <sys/socket.h>
#include <unistd.h>
#include "byte.h"
#include "pair.h"

/* Every fd that came, into prefd (the next server whose status is 0, in
   server order, when the answer has its size) or closed. 0, or what was
   wrong with the control messages. */
static const char *keep(struct msghdr *m, const struct pair_answer *a, size_t n, int *prefd)
{
  const char *bad = 0;
  struct cmsghdr *c;
  size_t got = 0;
  for (c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
    size_t k;
    size_t nfd;
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS || c->cmsg_len < CMSG_LEN(0)) { bad = "a foreign control message"; continue; }
    nfd = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (k = 0; k < nfd; ++k) {
      int fd;
      byte_copy(&fd, sizeof fd, CMSG_DATA(c) + k * sizeof(int));
      for (; a && got < n && a->status[got] != 0; ++got) ;
      if (a && got < n) prefd[got++] = fd;
      else { close(fd); bad = "more descriptors than servers"; }
    }
  }
  return bad;
}

/* The statuses of an answer of the right size and count; 0 if they hold. */
static const char *judge(const struct pair_answer *a, const struct clamd_server *srv, size_t n, int *prefd)
{
  const char *bad = 0;
  size_t i;
  for (i = 0; i < n; ++i) {
    if (a->proven[i] > 1 || (a->proven[i] && a->status[i] != 0)) bad = "a bad status";
    if (a->status[i] == 0) { if (prefd[i] == -1) bad = "fewer descriptors than servers"; }
    else if (a->status[i] > 0) prefd[i] = CLAMD_PREFAIL(a->status[i]); /* logged by clamd_scan */
    else if (a->status[i] != -1 || srv[i].family == AF_UNIX) bad = "a bad status";
  }
  return bad;
}

int pair_take(int sock, const struct clamd_server *srv, size_t n, int *prefd, unsigned char *proven, const char **why)
{
  struct pair_answer a;
  union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int) * PAIR_MAX)]; } ctl;
  struct msghdr m;
  struct iovec iov;
  ssize_t r;
  size_t i;

  if (n > PAIR_MAX) n = PAIR_MAX;
  for (i = 0; i < n; ++i) prefd[i] = -1;
  if (proven) byte_zero(proven, n);
  byte_zero(&m, sizeof m);
  iov.iov_base = &a;
  iov.iov_len = sizeof a;
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = ctl.buf;
  m.msg_controllen = sizeof ctl.buf;
  r = recvmsg(sock, &m, MSG_CMSG_CLOEXEC);
  if (r == -1) return -1;
  *why = keep(&m, (size_t) r == sizeof a ? &a : 0, n, prefd);
  if (r == 0) return PAIR_EOF;
  if ((size_t) r != sizeof a || (m.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) *why = "a malformed answer";
  else if (a.count != (int) n) return PAIR_COUNT;
  if (!*why) *why = judge(&a, srv, n, prefd);
  if (*why) return PAIR_BAD;
  if (proven) byte_copy(proven, n, a.proven);
  return PAIR_OK;
}

#include <sys/types.h>
#include <sys/socket.h>
#include <poll.h>
#include "byte.h"
#include "error.h"
#include "clamd_int.h"

/* The descriptor goes in a message of its own, after the command: clamd
   1.4.6 answers "PROTOCOL ERROR: ancillary data sent without FILDES" when
   it comes with the command itself. */
static int passfd(struct clamd_session *ss, int filefd)
{
  union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } c;
  struct msghdr m;
  struct iovec iov;
  struct cmsghdr *h;
  char one = 0;
  ssize_t w;
  int ev;
  int r;

  for (;;) {
    byte_zero(&m, sizeof m);
    byte_zero(&c, sizeof c);
    iov.iov_base = &one;
    iov.iov_len = 1;
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = c.buf;
    m.msg_controllen = sizeof c.buf;
    h = CMSG_FIRSTHDR(&m);
    h->cmsg_level = SOL_SOCKET;
    h->cmsg_type = SCM_RIGHTS;
    h->cmsg_len = CMSG_LEN(sizeof(int));
    byte_copy(CMSG_DATA(h), sizeof(int), &filefd);
    w = sendmsg(ss->fd, &m, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w == 1) return 1;
    if (w >= 0) return clamd_fail(ss, "sendmsg: wrote nothing", 0);
    if (errno == error_intr) continue;
    if (errno != error_again && errno != error_wouldblock)
      return clamd_fail(ss, "sendmsg: ", error_str(errno));
    ev = clamd_poll(ss->fd, POLLIN | POLLOUT, &ss->deadline);
    if (ev == -1) return clamd_fail(ss, "poll: ", error_str(errno));
    if (!ev) return clamd_fail(ss, "timed out writing", 0);
    if (ev & (POLLIN | POLLHUP | POLLERR)) {
      r = clamd_take(ss);
      if (r != 1) return r;
    }
  }
}

int clamd_send_fildes(struct clamd_session *ss, int filefd)
{
  int r;

  r = clamd_next(ss);
  if (r != 1) return r;
  r = clamd_write(ss, "zFILDES", 8);
  if (r != 1) return r;
  return passfd(ss, filefd);
}

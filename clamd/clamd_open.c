#include <sys/socket.h>
#include "clamd_int.h"

int clamd_open(struct clamd_early *e, const struct clamd_server *srv,
               size_t n, size_t start, const int *prefd,
               const struct timespec *deadline, const struct clamd_result *r)
{
  struct timespec mine;
  size_t i;
  int pre;

  e->open = 0;
  if (!n) return 0;
  i = (start + 0) % n;
  pre = prefd ? prefd[i] : -1;
  e->server = i;
  e->fd = -1;
  e->pre = 0;
  e->ss.maxdays = r->maxdays;
  e->ss.judge = r->judge;
  e->ss.judgectx = r->judgectx;
  e->ss.alertproven = r->proven ? r->proven[i] : 0;
  clamd_share(deadline, n, &mine);
  e->r = clamd_reach(&e->ss, &srv[i], pre, &mine, &e->fd);
  if (e->r == 1) {
    e->pre = e->fd == pre;
    e->r = clamd_session_open(&e->ss, e->fd, srv[i].family == AF_UNIX, &mine);
  }
  e->open = 1;
  return e->r == -1 ? -1 : 0;
}

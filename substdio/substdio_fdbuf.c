#include "substdio.h"

void substdio_fdbuf(substdio *s, substdio_op op, int fd, char *buf, size_t len)
{
  s->x = buf;
  s->fd = fd;
  s->op = op;
  s->p = 0;
  s->n = len;
}

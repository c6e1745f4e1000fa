#include "substdio.h"

int substdio_flush(substdio *s)
{
  size_t p = s->p;
  if (!p) return 0;
  s->p = 0;
  return substdio_allwrite(s->op, s->fd, s->x, p);
}

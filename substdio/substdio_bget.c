#include "byte.h"
#include "substdio.h"

/* Like substdio_get, but always through the buffer. */
ssize_t substdio_bget(substdio *s, char *buf, size_t len)
{
  ssize_t r = substdio_feed(s);
  if (r <= 0) return r;
  if (len > s->p) len = s->p;
  byte_copy(buf, len, s->x + s->n - s->p);
  s->p -= len;
  return (ssize_t) len;
}

#include <errno.h>
#include "byte.h"
#include "substdio.h"

/* Refills an empty buffer with one read, retried on EINTR.
   Returns the bytes available, 0 at end of input, -1 on error. */
ssize_t substdio_feed(substdio *s)
{
  ssize_t r;
  if (s->p) return (ssize_t) s->p;
  do r = s->op(s->fd, s->x, s->n);
  while (r == -1 && errno == EINTR);
  if (r <= 0) return r;
  s->p = (size_t) r;
  if ((size_t) r < s->n) byte_copyr(s->x + s->n - r, (size_t) r, s->x);
  return r;
}

#include <errno.h>
#include "byte.h"
#include "substdio.h"

ssize_t substdio_get(substdio *s, char *buf, size_t len)
{
  ssize_t r;
  if (!len) return 0;
  if (s->p) {
    if (len > s->p) len = s->p;
    byte_copy(buf, len, s->x + s->n - s->p);
    s->p -= len;
    return (ssize_t) len;
  }
  if (len < s->n) return substdio_bget(s, buf, len);
  /* A large request skips the buffer. */
  do r = s->op(s->fd, buf, len);
  while (r == -1 && errno == EINTR);
  return r;
}

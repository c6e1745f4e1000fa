#include "byte.h"
#include "substdio.h"

/* Everything goes through the buffer, so the caller's bytes stay const. */
int substdio_put(substdio *s, const char *buf, size_t len)
{
  while (len > s->n - s->p) {
    size_t room = s->n - s->p;
    byte_copy(s->x + s->p, room, buf);
    s->p += room;
    buf += room;
    len -= room;
    if (substdio_flush(s) == -1) return -1;
  }
  byte_copy(s->x + s->p, len, buf);
  s->p += len;
  return 0;
}

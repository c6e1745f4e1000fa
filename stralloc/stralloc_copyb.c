#include <errno.h>
#include <stdint.h>
#include "byte.h"
#include "stralloc.h"

int stralloc_copyb(stralloc *sa, const char *buf, size_t n)
{
  uintptr_t off = (uintptr_t) buf - (uintptr_t) sa->s;
  int inside = sa->s && off < sa->a; /* buf is sa's own bytes */
  if (n + 1 < n) { errno = ENOMEM; return 0; }
  if (!stralloc_ready(sa, n + 1)) return 0;
  if (inside) buf = sa->s + off; /* the old block may have been freed */
  byte_copy(sa->s, n, buf);
  sa->len = n;
  sa->s[n] = 'Z'; /* a visible marker: callers must not rely on a NUL */
  return 1;
}

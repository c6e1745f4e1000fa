#include <errno.h>
#include <stdint.h>
#include "byte.h"
#include "stralloc.h"

int stralloc_catb(stralloc *sa, const char *buf, size_t n)
{
  uintptr_t off = (uintptr_t) buf - (uintptr_t) sa->s;
  int inside;
  if (!sa->s) return stralloc_copyb(sa, buf, n);
  if (n + 1 < n) { errno = ENOMEM; return 0; }
  inside = off < sa->a; /* buf is sa's own bytes (stralloc_cat(sa, sa)) */
  if (!stralloc_readyplus(sa, n + 1)) return 0;
  if (inside) buf = sa->s + off; /* the old block may have been freed */
  byte_copy(sa->s + sa->len, n, buf);
  sa->len += n;
  sa->s[sa->len] = 'Z';
  return 1;
}

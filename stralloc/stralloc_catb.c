#include <errno.h>
#include "byte.h"
#include "stralloc.h"

int stralloc_catb(stralloc *sa, const char *buf, size_t n)
{
  if (!sa->s) return stralloc_copyb(sa, buf, n);
  if (n + 1 < n) { errno = ENOMEM; return 0; }
  if (!stralloc_readyplus(sa, n + 1)) return 0;
  byte_copy(sa->s + sa->len, n, buf);
  sa->len += n;
  sa->s[sa->len] = 'Z';
  return 1;
}

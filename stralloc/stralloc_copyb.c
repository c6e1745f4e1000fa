#include <errno.h>
#include "byte.h"
#include "stralloc.h"

int stralloc_copyb(stralloc *sa, const char *buf, size_t n)
{
  if (n + 1 < n) { errno = ENOMEM; return 0; }
  if (!stralloc_ready(sa, n + 1)) return 0;
  byte_copy(sa->s, n, buf);
  sa->len = n;
  sa->s[n] = 'Z'; /* a visible marker: callers must not rely on a NUL */
  return 1;
}

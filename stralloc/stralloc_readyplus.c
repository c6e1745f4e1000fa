#include <errno.h>
#include "stralloc.h"

/* Makes room for n more bytes after len. */
int stralloc_readyplus(stralloc *sa, size_t n)
{
  size_t len = sa->s ? sa->len : 0;
  if (len + n < len) { errno = ENOMEM; return 0; }
  if (!sa->s) sa->len = 0;
  return stralloc_ready(sa, len + n);
}

#include "alloc.h"
#include "stralloc.h"

/* Makes room for at least n bytes in all; grows by about 1/8 to keep
   repeated appends linear. */
int stralloc_ready(stralloc *sa, size_t n)
{
  size_t want;
  if (sa->s && n <= sa->a) return 1;
  want = n + (n >> 3) + 30;
  if (want < n) want = n; /* overflow: settle for the exact size */
  if (!alloc_re((void **) &sa->s, sa->len, want)) return 0;
  sa->a = want;
  return 1;
}

#include "alloc.h"
#include "byte.h"

/* Grows *p from oldsize to newsize bytes; on failure *p is left intact. */
int alloc_re(void **p, size_t oldsize, size_t newsize)
{
  void *q = alloc(newsize);
  if (!q) return 0;
  if (*p) {
    byte_copy(q, oldsize < newsize ? oldsize : newsize, *p);
    alloc_free(*p);
  }
  *p = q;
  return 1;
}

#include "byte.h"
#include "str.h"
#include "stralloc.h"

int stralloc_starts(const stralloc *sa, const char *prefix)
{
  size_t n = str_len(prefix);
  return sa->len >= n && byte_equal(sa->s, n, prefix);
}

#include "byte.h"
#include "mime_int.h"

/* A value without its two quotes is taken whole, as a lenient client
   does: the charset and language matter only to display it. */
size_t mime_skipcs(const char *v, size_t n)
{
  size_t q1 = byte_chr(v, n, '\'');
  size_t q2;
  if (q1 >= n) return 0;
  q2 = q1 + 1 + byte_chr(v + q1 + 1, n - q1 - 1, '\'');
  return q2 < n ? q2 + 1 : 0;
}

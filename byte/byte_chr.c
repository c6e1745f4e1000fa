#include "byte.h"

/* Index of the first c in s[0..n), or n. */
size_t byte_chr(const char *s, size_t n, int c)
{
  size_t i;
  const char ch = (char) c;
  for (i = 0; i < n; ++i)
    if (s[i] == ch) break;
  return i;
}

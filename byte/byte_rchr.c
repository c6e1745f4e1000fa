#include "byte.h"

/* Index of the last c in s[0..n), or n. */
size_t byte_rchr(const char *s, size_t n, int c)
{
  size_t i;
  size_t found = n;
  const char ch = (char) c;
  for (i = 0; i < n; ++i)
    if (s[i] == ch) found = i;
  return found;
}

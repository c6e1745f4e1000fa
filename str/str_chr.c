#include "str.h"

/* Index of the first c in s, or str_len(s). */
size_t str_chr(const char *s, int c)
{
  const char ch = (char) c;
  size_t i = 0;
  while (s[i] && s[i] != ch) ++i;
  return i;
}

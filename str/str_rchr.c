#include "str.h"

/* Index of the last c in s, or str_len(s). */
size_t str_rchr(const char *s, int c)
{
  const char ch = (char) c;
  size_t i;
  size_t found = 0;
  int seen = 0;
  for (i = 0; s[i]; ++i)
    if (s[i] == ch) { found = i; seen = 1; }
  return seen ? found : i;
}

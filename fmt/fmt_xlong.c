#include "fmt.h"

/* Lower-case hex, no leading zeros. */
size_t fmt_xlong(char *s, unsigned long u)
{
  size_t len = 1;
  unsigned long q = u;
  while (q > 15) { ++len; q >>= 4; }
  if (s) {
    s += len;
    do { *--s = "0123456789abcdef"[u & 15]; u >>= 4; } while (u);
  }
  return len;
}

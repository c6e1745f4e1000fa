#include "fmt.h"

size_t fmt_ulong(char *s, unsigned long u)
{
  size_t len = 1;
  unsigned long q = u;
  while (q > 9) { ++len; q /= 10; }
  if (s) {
    s += len;
    do { *--s = (char) ('0' + (u % 10)); u /= 10; } while (u);
  }
  return len;
}

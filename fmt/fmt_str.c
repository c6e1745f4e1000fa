#include "fmt.h"

size_t fmt_str(char *s, const char *t)
{
  size_t len = 0;
  while (t[len]) {
    if (s) s[len] = t[len];
    ++len;
  }
  return len;
}

#include <limits.h>
#include "scan.h"

size_t scan_xlong(const char *s, unsigned long *u)
{
  size_t pos = 0;
  unsigned long result = 0;
  for (;;) {
    unsigned int c;
    char ch = s[pos];
    if (ch >= '0' && ch <= '9') c = (unsigned int) (ch - '0');
    else if (ch >= 'a' && ch <= 'f') c = (unsigned int) (ch - 'a' + 10);
    else if (ch >= 'A' && ch <= 'F') c = (unsigned int) (ch - 'A' + 10);
    else break;
    if (result > (ULONG_MAX >> 4)) break;
    result = (result << 4) | c;
    ++pos;
  }
  *u = result;
  return pos;
}

#include <limits.h>
#include "scan.h"

size_t scan_ulong(const char *s, unsigned long *u)
{
  size_t pos = 0;
  unsigned long result = 0;
  unsigned int c;
  while ((c = (unsigned int) (unsigned char) (s[pos] - '0')) < 10) {
    if (result > (ULONG_MAX - c) / 10) break;
    result = result * 10 + c;
    ++pos;
  }
  *u = result;
  return pos;
}

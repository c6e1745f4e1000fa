#include "zip.h"

unsigned long zip_le(const unsigned char *p, int n)
{
  unsigned long x = 0;
  while (n--) x = (x << 8) | p[n];
  return x;
}

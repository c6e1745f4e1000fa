#include "byte.h"

void byte_zero(void *s, size_t n)
{
  char *p = s;
  while (n--) *p++ = 0;
}

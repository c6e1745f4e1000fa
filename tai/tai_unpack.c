#include "tai.h"

void tai_unpack(const char *s, struct tai *t)
{
  uint64_t x = 0;
  int i;
  for (i = 0; i < 8; ++i) x = (x << 8) | (unsigned char) s[i];
  t->x = x;
}

#include "tai.h"

/* 8 bytes, big-endian. */
void tai_pack(char *s, const struct tai *t)
{
  uint64_t x = t->x;
  int i;
  for (i = 7; i >= 0; --i) { s[i] = (char) (x & 255); x >>= 8; }
}

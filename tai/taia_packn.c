#include "taia.h"

/* 12 bytes: the TAI64 label, then nanoseconds big-endian. */
void taia_packn(char *s, const struct taia *t)
{
  unsigned long n = t->nano;
  int i;
  tai_pack(s, &t->sec);
  for (i = 11; i >= 8; --i) { s[i] = (char) (n & 255); n >>= 8; }
}

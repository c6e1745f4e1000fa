#include "fmt.h"

/* Two lower-case hex digits per byte. */
size_t fmt_hexbytes(char *s, const unsigned char *buf, size_t n)
{
  size_t i;
  if (s)
    for (i = 0; i < n; ++i) {
      s[2 * i] = "0123456789abcdef"[buf[i] >> 4];
      s[2 * i + 1] = "0123456789abcdef"[buf[i] & 15];
    }
  return 2 * n;
}

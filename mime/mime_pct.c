#include "mime_int.h"

static int hex(int c)
{
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* RFC 2231: %XX is a byte; a broken escape stays as it is. */
int mime_pct(const char *s, size_t n, stralloc *out)
{
  size_t i;
  for (i = 0; i < n; ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < n && hex((unsigned char) s[i + 1]) >= 0 && hex((unsigned char) s[i + 2]) >= 0) {
      c = (char) (hex((unsigned char) s[i + 1]) * 16 + hex((unsigned char) s[i + 2]));
      i += 2;
    }
    if (!stralloc_append(out, &c)) return 0;
  }
  return 1;
}

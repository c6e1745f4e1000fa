#include "mime_int.h"

/* RFC 2231: %XX is a byte; a broken escape stays as it is. */
int mime_pct(const char *s, size_t n, stralloc *out)
{
  size_t i;
  for (i = 0; i < n; ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < n && mime_hex((unsigned char) s[i + 1]) >= 0 && mime_hex((unsigned char) s[i + 2]) >= 0) {
      c = (char) (mime_hex((unsigned char) s[i + 1]) * 16 + mime_hex((unsigned char) s[i + 2]));
      i += 2;
    }
    if (!stralloc_append(out, &c)) return 0;
  }
  return 1;
}

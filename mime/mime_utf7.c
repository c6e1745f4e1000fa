#include "mime_int.h"

static int b64(unsigned char c)
{
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

static int put(stralloc *out, unsigned long u)
{
  char c = (char) u;
  /* only ASCII can match a line; anything else cannot be a delimiter */
  if (u >= 128) c = '?';
  return stralloc_append(out, &c);
}

/* RFC 2152's UTF-7, as Python's codec reads it, appended to out as
   ASCII: "+" opens base64 of UTF-16, "-" closes it (and goes), any other
   byte outside the alphabet closes it (and stays); "+-" is "+". A
   character beyond ASCII becomes '?'. Returns 0 on out of memory. */
int mime_utf7(const char *s, size_t n, stralloc *out)
{
  size_t i;
  int in = 0, bits = 0;
  unsigned long acc = 0;
  for (i = 0; i < n; ++i) {
    unsigned char c = (unsigned char) s[i];
    if (in) {
      int v = b64(c);
      if (v >= 0) {
        acc = (acc << 6) | (unsigned long) v;
        bits += 6;
        if (bits >= 16) {
          bits -= 16;
          if (!put(out, (acc >> bits) & 0xffff)) return 0;
          acc &= (1UL << bits) - 1;
        }
        continue;
      }
      in = 0;
      if (c == '-') continue;
    } else if (c == '+') {
      if (i + 1 < n && s[i + 1] == '-') { ++i; if (!stralloc_append(out, "+")) return 0; continue; }
      in = 1;
      bits = 0;
      acc = 0;
      continue;
    }
    if (!stralloc_append(out, s + i)) return 0;
  }
  return 1;
}

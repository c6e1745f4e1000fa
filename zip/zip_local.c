#include "zip.h"

/* zip64 (APPNOTE 4.5.3): extra field 1 holds the 8-byte sizes that the
   header marks 0xffffffff, uncompressed first. */
static void zip64(const unsigned char *x, size_t n, int usize64, struct zip_local *h)
{
  while (n >= 4) {
    unsigned long id = zip_le(x, 2);
    size_t len = zip_le(x + 2, 2);
    if (len > n - 4) return;
    if (id == 1) {
      size_t at = usize64 ? 8 : 0;
      if (len >= at + 8) h->csize = (unsigned long long) zip_le(x + 4 + at, 4) | (unsigned long long) zip_le(x + 8 + at, 4) << 32;
      return;
    }
    x += 4 + len;
    n -= 4 + len;
  }
}

int zip_local(const unsigned char *p, size_t len, struct zip_local *h)
{
  size_t namelen, extralen;
  if (len < 30 || p[0] != 'P' || p[1] != 'K' || p[2] != 3 || p[3] != 4) return 0;
  namelen = zip_le(p + 26, 2);
  extralen = zip_le(p + 28, 2);
  if (namelen + extralen > len - 30) return 0;
  h->flags = (unsigned int) zip_le(p + 6, 2);
  h->method = (unsigned int) zip_le(p + 8, 2);
  h->csize = zip_le(p + 18, 4);
  h->name = 30;
  h->namelen = namelen;
  h->data = 30 + namelen + extralen;
  if (h->csize == 0xffffffffUL) zip64(p + 30 + namelen, extralen, zip_le(p + 22, 4) == 0xffffffffUL, h);
  return 1;
}

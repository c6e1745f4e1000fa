#include "zip.h"

int zip_central(const unsigned char *p, size_t len, struct zip_central *c)
{
  size_t namelen;
  if (len < 46 || p[0] != 'P' || p[1] != 'K' || p[2] != 1 || p[3] != 2) return 0;
  namelen = zip_le(p + 28, 2);
  if (namelen > len - 46) return 0;
  c->method = (unsigned int) zip_le(p + 10, 2);
  c->csize = zip_le(p + 20, 4);
  c->name = 46;
  c->namelen = namelen;
  return 1;
}

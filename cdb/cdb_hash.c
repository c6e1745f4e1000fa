#include "cdb.h"

/* the format's hash: h = 5381, then h = (h * 33) ^ c for each byte */
uint32_t cdb_hash(const char *key, size_t len)
{
  uint32_t h = 5381;
  size_t i;

  for (i = 0; i < len; ++i) h = ((h << 5) + h) ^ (unsigned char) key[i];
  return h;
}

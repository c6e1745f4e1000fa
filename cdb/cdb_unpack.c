#include "cdb.h"

uint32_t cdb_unpack(const char *s)
{
  const unsigned char *u = (const unsigned char *) s;

  return (uint32_t) u[0] | (uint32_t) u[1] << 8 | (uint32_t) u[2] << 16 | (uint32_t) u[3] << 24;
}

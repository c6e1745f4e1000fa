#include "cdb.h"

void cdb_pack(char *s, uint32_t u)
{
  s[0] = (char) (u & 255);
  s[1] = (char) (u >> 8 & 255);
  s[2] = (char) (u >> 16 & 255);
  s[3] = (char) (u >> 24 & 255);
}

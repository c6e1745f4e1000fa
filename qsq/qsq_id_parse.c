#include "qsq_id.h"

static int hexdigit(char c)
{
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

int qsq_id_parse(const char *name, uint64_t *sec)
{
  uint64_t x = 0;
  size_t i;
  size_t n;
  int h;

  if (name[0] != '@') return 0;
  for (i = 1; i <= (size_t) 2 * QSQ_IDPACK; ++i) {
    h = hexdigit(name[i]);
    if (h < 0) return 0;
    /* the first 8 bytes are the seconds */
    if (i <= 16) x = (x << 4) | (uint64_t) h;
  }
  if (name[i++] != '.') return 0;
  for (n = 0; hexdigit(name[i]) >= 0; ++i) ++n;
  if (!n || n > 16 || name[i++] != '.') return 0;
  for (n = 0; hexdigit(name[i]) >= 0; ++i) ++n;
  if (!n || n > 20 || name[i]) return 0;
  *sec = x;
  return 1;
}

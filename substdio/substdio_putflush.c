#include "substdio.h"

int substdio_putflush(substdio *s, const char *buf, size_t len)
{
  if (substdio_put(s, buf, len) == -1) return -1;
  return substdio_flush(s);
}

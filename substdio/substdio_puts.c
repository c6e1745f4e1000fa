#include "str.h"
#include "substdio.h"

int substdio_puts(substdio *s, const char *str)
{
  return substdio_put(s, str, str_len(str));
}

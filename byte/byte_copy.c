#include <string.h>
#include "byte.h"

/* Copies n bytes; overlapping ranges are fine (memmove: fast and safe). */
void byte_copy(void *to, size_t n, const void *from)
{
  if (n) memmove(to, from, n);
}

#include <string.h>
#include "byte.h"

/* djb's backward copy; memmove already handles any overlap. */
void byte_copyr(void *to, size_t n, const void *from)
{
  if (n) memmove(to, from, n);
}

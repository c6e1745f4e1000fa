#include "byte.h"

/* <0, 0 or >0 as s is below, equal to or above t, bytes taken unsigned. */
int byte_diff(const void *s, size_t n, const void *t)
{
  const unsigned char *a = s;
  const unsigned char *b = t;
  size_t i;
  for (i = 0; i < n; ++i)
    if (a[i] != b[i]) return (int) a[i] - (int) b[i];
  return 0;
}

#include "qsq_safe.h"

size_t qsq_filter(char *out, const char *s, size_t len, const char *alphabet)
{
  size_t i;
  for (i = 0; i < len; ++i) out[i] = qsq_keep(alphabet, s[i]);
  return len;
}

#include "qsq_safe.h"

/* for caller-supplied words, each cut to its own alphabet */
size_t qsq_safe(char *out, size_t len, size_t size, const char *s,
                const char *allowed, size_t max)
{
  size_t n;
  for (n = 0; n < max && s[n] && len + 1 < size; ++n) out[len++] = qsq_keep(allowed, s[n]);
  out[len] = 0;
  return len;
}

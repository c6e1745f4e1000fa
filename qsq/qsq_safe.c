#include "str.h"
#include "qsq_safe.h"

/* The one filter for caller-supplied words in a log line: a byte outside
   allowed cannot smuggle a newline, an escape or a fake field into it. */
size_t qsq_safe(char *out, size_t len, size_t size, const char *s,
                const char *allowed, size_t max)
{
  size_t n;
  for (n = 0; n < max && s[n] && len + 1 < size; ++n)
    out[len++] = (char) (allowed[str_chr(allowed, s[n])] ? s[n] : '?');
  out[len] = 0;
  return len;
}

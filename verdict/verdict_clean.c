#include "qsq_safe.h"
#include "verdict.h"

/* Copies s to out for a log line: at most max bytes, up to the first
   newline or NUL; whatever is not printable ASCII becomes '?'. Returns the
   length (no NUL added). */
size_t verdict_clean(char *out, size_t max, const char *s, size_t len)
{
  size_t n;
  for (n = 0; n < len && n < max; ++n) {
    char c = s[n];
    if (c == '\n' || c == 0) break;
    out[n] = qsq_printc(c);
  }
  return n;
}

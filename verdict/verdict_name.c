#include "qsq_safe.h"
#include "verdict.h"

/* A virus name as it may go into a reply or a log line: cut to
   QSQ_NAMECHARS (control characters, CR LF, spaces, quotes become '?'),
   and a name longer than VERDICT_NAME is cut and ends in "...". out has room for VERDICT_NAMEBUF; it ends in NUL.
   An empty name is "unknown". Returns the length. */
size_t verdict_name(char *out, const char *s, size_t len)
{
  size_t n;
  if (!len) {
    static const char unknown[] = "unknown";
    for (n = 0; unknown[n]; ++n) out[n] = unknown[n];
    out[n] = 0;
    return n;
  }
  n = qsq_filter(out, s, len < VERDICT_NAME ? len : VERDICT_NAME, QSQ_NAMECHARS);
  if (len > VERDICT_NAME) { out[n++] = '.'; out[n++] = '.'; out[n++] = '.'; }
  out[n] = 0;
  return n;
}

#include "verdict.h"

/* A virus name as it may go into a reply or a log line: ClamAV's names use
   letters, digits and . _ - only; anything else (control characters, CR LF,
   spaces, quotes) becomes '?', and a name longer than VERDICT_NAME is cut
   and ends in "...". out has room for VERDICT_NAMEBUF; it ends in NUL.
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
  for (n = 0; n < len && n < VERDICT_NAME; ++n) {
    char c = s[n];
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '.' || c == '_' || c == '-';
    out[n] = (char) (ok ? c : '?');
  }
  if (len > VERDICT_NAME) { out[n++] = '.'; out[n++] = '.'; out[n++] = '.'; }
  out[n] = 0;
  return n;
}

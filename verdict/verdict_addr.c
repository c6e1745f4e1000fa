#include "qsq_safe.h"
#include "verdict.h"

/* An address or a Message-ID from the caller, for a log line: appends to
   out[len..] "<", s[0..n-1] cut to QSQ_ADDRCHARS (no byte that could
   end the line, split a field or fake a bracket), cut at VERDICT_ADDR bytes ("..." then), and ">". Stops short of
   size (room for the NUL); NUL-terminates. Returns the new length. */
size_t verdict_addr(char *out, size_t len, size_t size, const char *s, size_t n)
{
  static const char more[] = "...>";
  size_t i;
  if (len + 1 >= size) return len;
  out[len++] = '<';
  for (i = 0; i < n && i < VERDICT_ADDR && len + 1 < size; ++i) out[len++] = qsq_keep(QSQ_ADDRCHARS, s[i]);
  for (i = n > VERDICT_ADDR ? 0 : 3; more[i] && len + 1 < size; ++i) out[len++] = more[i];
  out[len] = 0;
  return len;
}

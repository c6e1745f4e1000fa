#include "qsq_safe.h"

/* A scanner's report or a clamd reason, for one log line: nothing of it
   can end the line early or reach a terminal as a control sequence. */
size_t qsq_printable(char *out, const char *s, size_t len, size_t max)
{
  size_t i;
  if (len > max) len = max;
  for (i = 0; i < len; ++i) out[i] = qsq_printc(s[i]);
  out[len] = 0;
  return len;
}

#include "qsq_safe.h"

/* A clamd name, reason or server line, for one log line: nothing of it
   can end the line early or reach a terminal as a control sequence. */
size_t qsq_printable(char *out, const char *s, size_t len, size_t max)
{
  if (len > max) len = max;
  out[qsq_filter(out, s, len, QSQ_PRINT)] = 0;
  return len;
}

#include "byte.h"
#include "qsq_report.h"
#include "qsq_safe.h"

/* Whatever the scanner prints reaches the log only as printable lines of
   bounded length: no byte of it can forge a line or flood one. */
void qsq_report_feed(struct qsq_report *r, const char *buf, size_t n)
{
  size_t i;
  for (i = 0; i < n; ++i) {
    char ch = buf[i];
    if (ch == '\n') {
      r->line[r->len] = 0;
      r->emit(r->ctx, r->line, r->len);
      r->len = 0;
      r->cut = 0;
      continue;
    }
    if (r->len == QSQ_LOGLINE) { r->cut = 1; continue; }
    r->line[r->len++] = qsq_printc(ch);
    if (r->len >= 5 && (byte_equal(r->line + r->len - 5, 5, "ERROR") || byte_equal(r->line + r->len - 5, 5, "Error")))
      r->sawerror = 1;
  }
}

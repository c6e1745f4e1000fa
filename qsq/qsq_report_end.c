#include "qsq_report.h"

void qsq_report_end(struct qsq_report *r)
{
  if (!r->len && !r->cut) return;
  r->line[r->len] = 0;
  r->emit(r->ctx, r->line, r->len);
  r->len = 0;
  r->cut = 0;
}

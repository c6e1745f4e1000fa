#ifndef QSQ_REPORT_H
#define QSQ_REPORT_H

#include <stddef.h>

/* A scanner's report, relayed to the log a line at a time: each line
   printable (qsq_printc), cut at QSQ_LOGLINE bytes (the rest of it
   dropped), handed to emit NUL-terminated and without its newline.
   sawerror is set once a line holds "ERROR" or "Error" within its first
   QSQ_LOGLINE bytes: clamscan says clean yet reports an error so. */
#define QSQ_LOGLINE 400
struct qsq_report {
  char line[QSQ_LOGLINE + 1];
  size_t len;
  int cut;      /* the line being read is past QSQ_LOGLINE */
  int sawerror;
  void (*emit)(void *ctx, const char *line, size_t len);
  void *ctx;
};
#define QSQ_REPORT_ZERO(emit, ctx) { { 0 }, 0, 0, 0, (emit), (ctx) }
/* Takes in n more bytes of the report. */
extern void qsq_report_feed(struct qsq_report *r, const char *buf, size_t n);
/* At the report's end: a last line without a newline is emitted too. */
extern void qsq_report_end(struct qsq_report *r);

#endif

#include "qsq.h"
#include "str.h"
#include "verdict.h"

/* Maps qscanq-stdin's exit code, where it stopped and what the scanner
   named to one kind of verdict. */
enum verdict_kind verdict_kind(int code, int stage, int timedout, const char *name)
{
  if (code == 0) return VERDICT_CLEAN;
  if (code >= QSQ_EXIT_PERM && code <= QSQ_EXIT_PERMLAST) {
    if (stage == VERDICT_UNPACKING) return VERDICT_UNPACKLIMIT;
    if (name && str_start(name, VERDICT_LIMITNAME)) return VERDICT_SCANLIMIT;
    return VERDICT_VIRUS;
  }
  if (timedout) return VERDICT_TIMEOUT;
  switch (code) {
    case QSQ_EXIT_NOMEM: return VERDICT_MEMORY;
    case QSQ_EXIT_WRITE: return VERDICT_DISK;
    case QSQ_EXIT_READ: return VERDICT_READ;
    case QSQ_EXIT_BUG: return VERDICT_INTERNAL;
  }
  if (stage == VERDICT_SCANNING) return VERDICT_SCANFAIL;
  if (stage == VERDICT_QUEUEING) return VERDICT_QUEUE;
  return VERDICT_TEMP;
}

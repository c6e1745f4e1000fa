#include "str.h"
#include "verdict.h"

/* Maps qscanq-stdin's exit code, where it stopped and what the scanner
   named to one kind of verdict. */
enum verdict_kind verdict_kind(int code, int stage, int timedout, const char *name)
{
  if (code == 0) return VERDICT_CLEAN;
  if (code >= 11 && code <= 40) {
    if (stage == VERDICT_UNPACKING) return VERDICT_UNPACKLIMIT;
    if (name && str_start(name, VERDICT_LIMITNAME)) return VERDICT_SCANLIMIT;
    return VERDICT_VIRUS;
  }
  if (timedout) return VERDICT_TIMEOUT;
  switch (code) {
    case 51: return VERDICT_MEMORY;
    case 53: return VERDICT_DISK;
    case 54: return VERDICT_READ;
    case 81: return VERDICT_INTERNAL;
  }
  if (stage == VERDICT_SCANNING) return VERDICT_SCANFAIL;
  if (stage == VERDICT_QUEUEING) return VERDICT_QUEUE;
  return VERDICT_TEMP;
}

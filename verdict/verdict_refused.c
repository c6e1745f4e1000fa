#include "verdict.h"

/* 1 for the kinds that refuse the message for good: D on fd 6, R in the
   facts. By name, so that the enum's order means nothing. */
int verdict_refused(enum verdict_kind k)
{
  switch (k) {
    case VERDICT_VIRUS: case VERDICT_UNPACKLIMIT: case VERDICT_SCANLIMIT:
    case VERDICT_ATTACH: case VERDICT_TOOBIG:
      return 1;
    case VERDICT_CLEAN: case VERDICT_TIMEOUT: case VERDICT_SCANFAIL:
    case VERDICT_HELD: case VERDICT_DISK: case VERDICT_MEMORY:
    case VERDICT_READ: case VERDICT_INTERNAL: case VERDICT_QUEUE:
    case VERDICT_TEMP:
      break;
  }
  return 0;
}

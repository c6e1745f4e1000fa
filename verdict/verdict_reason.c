#include "verdict.h"

/* The words a remote sender and the log see for each kind: what happened,
   never how (no paths, no errno, no exit codes). */
const char *verdict_reason(enum verdict_kind k)
{
  switch (k) {
    case VERDICT_CLEAN: return "clean";
    case VERDICT_VIRUS: return "virus found:";
    case VERDICT_UNPACKLIMIT: return "beyond the unpacker's limits, cannot be scanned";
    case VERDICT_SCANLIMIT: return "beyond the virus scanner's limits, cannot be scanned:";
    case VERDICT_ATTACH: return "attachment refused:";
    case VERDICT_HELD: return "held by the mail administrator's policy:";
    case VERDICT_TOOBIG: return "message too big for the virus scanner, cannot be scanned";
    case VERDICT_TIMEOUT: return "the virus scan ran out of time";
    case VERDICT_SCANFAIL: return "the virus scanner is unavailable";
    case VERDICT_DISK: return "no disk space for the virus scan";
    case VERDICT_MEMORY: return "out of memory for the virus scan";
    case VERDICT_READ: return "unable to read the message";
    case VERDICT_INTERNAL: return "internal error in the virus scan";
    case VERDICT_QUEUE: return "the mail queue is unavailable";
    case VERDICT_TEMP: break;
  }
  return "temporary problem with the virus scan";
}

#include "stralloc.h"
#include "clamd_int.h"

int clamd_next(struct clamd_session *ss)
{
  int r;

  while (ss->sent - ss->replies >= CLAMD_WINDOW) {
    r = clamd_read(ss);
    if (r != 1) return r;
  }
  if (ss->sent >= CLAMD_IDMAX) return clamd_fail(ss, "too many requests", 0);
  if (!stralloc_append(&ss->got, "")) return -1;
  ++ss->sent;
  return 1;
}

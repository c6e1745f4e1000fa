#include "fmt.h"
#include "clamd_int.h"

int clamd_timedout(struct clamd_session *ss, const char *a)
{
  char num[FMT_ULONG + 1];

  /* the short bound ran out, not the server's share of the time */
  if (!clamd_probing(ss) ||
      (ss->deadline.tv_sec == ss->full.tv_sec && ss->deadline.tv_nsec == ss->full.tv_nsec))
    return clamd_fail(ss, a, 0);
  num[fmt_ulong(num, CLAMD_PROBE)] = 0;
  if (clamd_fail(ss, "hung: no answer to the control sample within ", num) == -1) return -1;
  return stralloc_cats(&ss->why, " seconds") ? 0 : -1;
}

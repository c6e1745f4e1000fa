#include <sys/stat.h>
#include "qsq_id.h"
#include "sweep.h"

/* Stuck in the last sweep, and this one is a wake-up, not a timed one:
   it waits, so that what a caller left unremovable costs one log line
   every few minutes, not one per message. 1 if it waits, 0 if not, -1
   while the stuck list has not been asked. */
static int waits(const struct sweep_entry *e)
{
  if (e->timed) return 0;
  if (e->stuck == SWEEP_UNKNOWN) return -1;
  return e->stuck == SWEEP_YES;
}

enum sweep_act sweep_decide(const struct sweep_entry *e, const struct sweep_rules *r, uint64_t *age)
{
  uint64_t label;
  int marked;

  *age = 0;
  if (sweep_isdot(e->name)) return SWEEP_IGNORE;
  switch (e->stat) {
    case SWEEP_STAT_UNKNOWN: return SWEEP_ASKSTAT;
    case SWEEP_STAT_GONE: return SWEEP_IGNORE; /* a race with qscanq or cleanq: normal */
    case SWEEP_STAT_FAILED: return SWEEP_STATFAIL;
    case SWEEP_STAT_OK: break;
  }
  /* nobody but qscanq writes in the spool: anything else should not be there */
  if (!S_ISDIR(e->mode) || !qsq_id_parse(e->name, &label)) {
    switch (waits(e)) {
      case -1: return SWEEP_ASKSTUCK;
      case 1: return SWEEP_WAIT;
    }
    return SWEEP_SUSPICIOUS;
  }
  /* Age from the name; a label in the future (the clock was set back)
     counts as old as it is far ahead. */
  *age = e->now >= label ? e->now - label : label - e->now;
  marked = (e->mode & S_ISVTX) != 0;
  if (marked) {
    if (*age <= r->abandon) return SWEEP_INUSE;
    /* old but still locked: a slow message, not an abandoned one */
    if (e->lock == SWEEP_UNKNOWN) return SWEEP_ASKLOCK;
    if (e->lock == SWEEP_YES) return SWEEP_INUSE;
  }
  else if (*age < r->grace)
    return SWEEP_INUSE; /* qscanq's mkdir-to-chmod window */
  switch (waits(e)) {
    case -1: return SWEEP_ASKSTUCK;
    case 1: return SWEEP_WAIT;
  }
  return marked ? SWEEP_ABANDONED : SWEEP_DONE;
}

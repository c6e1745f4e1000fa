#include "stralloc.h"
#include "clamd_int.h"

int clamd_fail(struct clamd_session *ss, const char *a, const char *b)
{
  if (!stralloc_copys(&ss->why, a)) return -1;
  if (b && !stralloc_cats(&ss->why, b)) return -1;
  return 0;
}

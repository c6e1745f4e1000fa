#include "stralloc.h"
#include "qsq_path.h"

/* install and instcheck must find the same file for each line of hier() */
int qsq_hierpath(stralloc *sa, const char *home, const char *subdir, const char *name)
{
  if (!stralloc_copys(sa, home)) return 0;
  if (*subdir && (!stralloc_cats(sa, "/") || !stralloc_cats(sa, subdir))) return 0;
  if (name && (!stralloc_cats(sa, "/") || !stralloc_cats(sa, name))) return 0;
  return stralloc_0(sa);
}

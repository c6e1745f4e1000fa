#include "stralloc.h"

/* Appends the one byte *c. */
int stralloc_append(stralloc *sa, const char *c)
{
  return stralloc_catb(sa, c, 1);
}

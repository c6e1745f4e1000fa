#include "stralloc.h"

int stralloc_cat(stralloc *sa, const stralloc *from)
{
  return stralloc_catb(sa, from->s, from->len);
}

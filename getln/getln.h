#ifndef GETLN_H
#define GETLN_H

#include "stralloc.h"
#include "substdio.h"

/* Reads up to and including sep into sa. *match is 1 if sep was seen,
   0 at end of input (sa then holds any partial last line).
   Returns 0, or -1 on a read error or out of memory. */
extern int getln(substdio *ss, stralloc *sa, int *match, int sep);

#endif

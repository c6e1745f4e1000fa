#include <errno.h>
#include <stdlib.h>
#include "alloc.h"

/* Returns 0 with errno ENOMEM on failure; never returns NULL for n == 0. */
void *alloc(size_t n)
{
  void *p = malloc(n ? n : 1);
  if (!p) errno = ENOMEM;
  return p;
}

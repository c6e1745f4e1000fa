#include <stdlib.h>
#include "alloc.h"

void alloc_free(void *p)
{
  free(p);
}

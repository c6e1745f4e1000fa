#include "str.h"

/* 1 if s begins with prefix. */
int str_start(const char *s, const char *prefix)
{
  while (*prefix)
    if (*s++ != *prefix++) return 0;
  return 1;
}

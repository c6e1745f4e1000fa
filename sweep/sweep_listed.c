#include "str.h"
#include "sweep.h"

int sweep_listed(const char *list, size_t len, const char *name)
{
  size_t i = 0;
  while (i < len) {
    if (str_equal(list + i, name)) return 1;
    i += str_len(list + i) + 1;
  }
  return 0;
}

#include "sweep.h"

int sweep_isdot(const char *name)
{
  return name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2]));
}

#include "env.h"
#include "str.h"

/* The value of name in environ, or 0. */
const char *env_get(const char *name)
{
  size_t len = str_len(name);
  char **e;
  if (!environ) return 0;
  for (e = environ; *e; ++e)
    if (str_start(*e, name) && (*e)[len] == '=') return *e + len + 1;
  return 0;
}

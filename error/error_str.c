#include <string.h>
#include "error.h"

/* A short description of e, never 0. */
const char *error_str(int e)
{
  const char *s;
  if (!e) return "no error";
  s = strerror(e);
  return s ? s : "unknown error";
}

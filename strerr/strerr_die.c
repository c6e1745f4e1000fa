#include <unistd.h>
#include "strerr.h"

void strerr_die(int code, const char *a, const char *b, const char *c,
                const char *d, const char *e, const char *f,
                const struct strerr *se)
{
  strerr_warn(a, b, c, d, e, f, se);
  _exit(code);
}

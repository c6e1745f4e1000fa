#include "qsq.h"
#include "qsq_die.h"

void qsq_die(int code, const char *prefix, const char *a,
             const char *b, const char *c, const struct strerr *se)
{
  qsq_dietold(code, code, prefix, a, b, c, se);
}

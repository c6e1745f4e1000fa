#include "fmt.h"
#include "strerr.h"
#include "qsq_die.h"

/* The code is written into the line from the number that is exited with,
   so the log can never say one code while the caller sees another. */
void qsq_die(int code, const char *prefix, const char *verdict, const char *a,
             const char *b, const char *c, const struct strerr *se)
{
  char num[2 + FMT_ULONG + 3];
  size_t len = 0;
  num[len++] = ' ';
  num[len++] = '(';
  len += fmt_ulong(num + len, (unsigned long) code);
  num[len++] = ')';
  num[len++] = ':';
  num[len++] = ' ';
  num[len] = 0;
  strerr_die(code, prefix, verdict, num, a, b, c, se);
}

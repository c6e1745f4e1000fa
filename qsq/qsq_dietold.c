#include "fmt.h"
#include "strerr.h"
#include "qsq.h"
#include "qsq_die.h"

/* The code is written into the line from the number that is exited with,
   so the log can never say one code while the caller sees another. */
void qsq_dietold(int decided, int told, const char *prefix, const char *a,
                 const char *b, const char *c, const struct strerr *se)
{
  char num[2 + FMT_ULONG + 3];
  size_t len = 0;
  num[len++] = ' ';
  num[len++] = '(';
  len += fmt_ulong(num + len, (unsigned long) told);
  num[len++] = ')';
  num[len++] = ':';
  num[len++] = ' ';
  num[len] = 0;
  strerr_die(told, prefix, qsq_word(decided), num, a, b, c, se);
}

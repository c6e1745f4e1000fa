#include "str.h"
#include "qsq_safe.h"

/* The one filter for untrusted text: a byte outside the alphabet cannot
   smuggle a newline, an escape or a fake field into a line. */
char qsq_keep(const char *alphabet, char c)
{
  if (alphabet[str_chr(alphabet, c)]) return c;
  return '?';
}

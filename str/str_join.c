#include "byte.h"
#include "str.h"

/* Writes a then b, NUL-terminated, into buf of size bytes.
   Returns 1, or 0 (buf untouched) if they do not fit. */
int str_join(char *buf, size_t size, const char *a, const char *b)
{
  size_t la = str_len(a);
  size_t lb = str_len(b);
  if (la >= size || lb >= size - la) return 0;
  byte_copy(buf, la, a);
  byte_copy(buf + la, lb, b);
  buf[la + lb] = 0;
  return 1;
}

#include "fmt.h"

/* C's escape for a byte: a backslash and three octal digits, whatever
   follows (a shorter escape would take a following digit with it). */
size_t fmt_octbyte(char *s, unsigned char c)
{
  if (s) {
    s[0] = '\\';
    s[1] = (char) ('0' + (c >> 6));
    s[2] = (char) ('0' + ((c >> 3) & 7));
    s[3] = (char) ('0' + (c & 7));
  }
  return 4;
}

#include "mime_int.h"

/* quoted-printable, RFC 2047 Q and RFC 2231 %XX all take either case */
int mime_hex(int c)
{
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

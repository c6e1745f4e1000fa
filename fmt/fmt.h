#ifndef FMT_H
#define FMT_H

#include <stddef.h>

#define FMT_ULONG 40 /* enough digits for any unsigned long, plus slack */
#define FMT_XLONG 40

/* Each writes to s (when s is not 0) and returns the length. No NUL. */
extern size_t fmt_ulong(char *s, unsigned long u);
extern size_t fmt_xlong(char *s, unsigned long u);
extern size_t fmt_hexbytes(char *s, const unsigned char *buf, size_t n);
extern size_t fmt_str(char *s, const char *t);
/* a byte as C's three-digit octal escape: 4 */
extern size_t fmt_octbyte(char *s, unsigned char c);

#endif

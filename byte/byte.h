#ifndef BYTE_H
#define BYTE_H

#include <stddef.h>

extern size_t byte_chr(const char *s, size_t n, int c);
extern size_t byte_rchr(const char *s, size_t n, int c);
extern void byte_copy(void *to, size_t n, const void *from);
extern void byte_copyr(void *to, size_t n, const void *from);
extern int byte_diff(const void *s, size_t n, const void *t);
extern void byte_zero(void *s, size_t n);

#define byte_equal(s, n, t) (!byte_diff((s), (n), (t)))

#endif

#ifndef STR_H
#define STR_H

#include <stddef.h>

extern size_t str_len(const char *s);
extern int str_diff(const char *s, const char *t);
extern size_t str_chr(const char *s, int c);
extern size_t str_rchr(const char *s, int c);
extern int str_start(const char *s, const char *prefix);
extern int str_join(char *buf, size_t size, const char *a, const char *b);

#define str_equal(s, t) (!str_diff((s), (t)))

#endif

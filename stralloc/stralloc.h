#ifndef STRALLOC_H
#define STRALLOC_H

#include <stddef.h>

/* A growable byte string. s is 0 until the first allocation.
   Every function returns 1 on success, 0 on out of memory (errno ENOMEM),
   and leaves the stralloc unchanged when it fails. */
typedef struct stralloc {
  char *s;
  size_t len;
  size_t a;
} stralloc;

#define STRALLOC_ZERO { 0, 0, 0 }

extern int stralloc_ready(stralloc *sa, size_t n);
extern int stralloc_readyplus(stralloc *sa, size_t n);
extern int stralloc_copy(stralloc *sa, const stralloc *from);
extern int stralloc_copyb(stralloc *sa, const char *buf, size_t n);
extern int stralloc_copys(stralloc *sa, const char *s);
extern int stralloc_cat(stralloc *sa, const stralloc *from);
extern int stralloc_catb(stralloc *sa, const char *buf, size_t n);
extern int stralloc_cats(stralloc *sa, const char *s);
extern int stralloc_append(stralloc *sa, const char *c);
extern int stralloc_catulong(stralloc *sa, unsigned long u);
extern int stralloc_starts(const stralloc *sa, const char *prefix);
extern void stralloc_free(stralloc *sa);

#define stralloc_0(sa) stralloc_append((sa), "")

#endif

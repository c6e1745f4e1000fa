#ifndef ALLOC_H
#define ALLOC_H

#include <stddef.h>

/* All heap memory goes through here, so that tests can make it fail. */
extern void *alloc(size_t n);
extern void alloc_free(void *p);
extern int alloc_re(void **p, size_t oldsize, size_t newsize);

#endif

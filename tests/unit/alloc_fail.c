/* Link-time substitute for alloc/alloc.o and alloc/alloc_free.o: each
   archive member holds only that one function, and this object defines
   both first, so every stralloc and alloc_re call in the unit tests
   comes through here.

   The real alloc() and alloc_free() are compiled in under other names,
   so that when no failure is injected the tests still exercise the
   library's own code. */
#include <errno.h>
#include <stddef.h>
#include "alloc.h"
#include "unit.h"

void *alloc_real(size_t n);
void alloc_free_real(void *p);
#define alloc alloc_real
#define alloc_free alloc_free_real
#include "alloc.c"
#include "alloc_free.c"
#undef alloc
#undef alloc_free

int alloc_fail_after = -1;
unsigned long alloc_calls = 0;
size_t alloc_last = 0;
long alloc_live = 0;

void alloc_fail_reset(void)
{
  alloc_fail_after = -1;
  alloc_calls = 0;
  alloc_last = 0;
  alloc_live = 0;
}

void *alloc(size_t n)
{
  void *p;
  ++alloc_calls;
  alloc_last = n;
  if (alloc_fail_after == 0) { errno = ENOMEM; return 0; }
  if (alloc_fail_after > 0) --alloc_fail_after;
  p = alloc_real(n);
  if (p) ++alloc_live;
  return p;
}

void alloc_free(void *p)
{
  if (p) --alloc_live;
  alloc_free_real(p);
}

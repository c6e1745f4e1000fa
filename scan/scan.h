#ifndef SCAN_H
#define SCAN_H

#include <stddef.h>

/* Each returns the number of bytes it used; 0 means no number there.
   Values that would overflow stop the scan before the digit that would. */
extern size_t scan_ulong(const char *s, unsigned long *u);
extern size_t scan_xlong(const char *s, unsigned long *u);

#endif

#ifndef TAI_H
#define TAI_H

#include <stdint.h>

/* TAI64: seconds, offset by 2^62 as in djb's libtai. */
struct tai {
  uint64_t x;
};

#define TAI_PACK 8

extern void tai_now(struct tai *t);
extern void tai_pack(char *s, const struct tai *t);
extern void tai_unpack(const char *s, struct tai *t);

#endif

#ifndef TAIA_H
#define TAIA_H

#include "tai.h"

/* TAI64N: seconds plus nanoseconds. */
struct taia {
  struct tai sec;
  unsigned long nano;
};

#define TAIA_PACKN 12

extern void taia_now(struct taia *t);
extern void taia_packn(char *s, const struct taia *t);

#endif

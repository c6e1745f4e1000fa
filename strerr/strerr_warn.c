#include "strerr.h"
#include "subfd.h"

void strerr_warn(const char *a, const char *b, const char *c,
                 const char *d, const char *e, const char *f,
                 const struct strerr *se)
{
  const char *part[6];
  int i;
  if (se == &strerr_sys) strerr_sysinit();
  part[0] = a; part[1] = b; part[2] = c; part[3] = d; part[4] = e; part[5] = f;
  /* Diagnostics are best effort: there is nowhere to report their failure. */
  (void) substdio_flush(subfderr);
  for (i = 0; i < 6; ++i)
    if (part[i]) (void) substdio_puts(subfderr, part[i]);
  for (; se; se = se->who) {
    if (se->x) (void) substdio_puts(subfderr, se->x);
    if (se->y) (void) substdio_puts(subfderr, se->y);
    if (se->z) (void) substdio_puts(subfderr, se->z);
  }
  (void) substdio_puts(subfderr, "\n");
  (void) substdio_flush(subfderr);
}

#include "error.h"
#include "sweep.h"

/* Only the first failure is kept: it is the one that stopped the rest. A
   name is cut at SWEEP_NAMEMAX bytes, which any name readdir gives fits. */
void sweep_failed(struct sweep *s, const char *what, const char *name)
{
  size_t i;
  if (s->errnum) return;
  s->errnum = errno ? errno : error_io;
  s->errwhat = what;
  for (i = 0; i < SWEEP_NAMEMAX && name[i]; ++i) s->errname[i] = name[i];
  s->errname[i] = 0;
}

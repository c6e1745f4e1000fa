#include "qsq_safe.h"
#include "stralloc.h"
#include "clamd.h"

/* A name goes into log lines and perhaps an SMTP reply: a server that
   sends control characters, CR LF or a 10 KB name must not reach either
   as it sent it. */
int clamd_sanitise(stralloc *out, const char *s, size_t len)
{
  if (len > CLAMD_NAMEMAX) len = CLAMD_NAMEMAX;
  if (!stralloc_readyplus(out, len)) return 0;
  out->len += qsq_filter(out->s + out->len, s, len, QSQ_CLAMDCHARS);
  return 1;
}

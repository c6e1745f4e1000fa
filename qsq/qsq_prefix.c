#include "fmt.h"
#include "qsq_prefix.h"
#include "qsq_safe.h"

/* qscanq and qscanq-stdin say the same about one message, so that the
   administrator can grep one ID: the prefix is built here only. */
size_t qsq_prefix(char *out, const char *id, unsigned long uid, const char *ip)
{
  char num[FMT_ULONG];
  size_t len = 0;
  len = qsq_safe(out, len, QSQ_PREFIX, "qscanq: ", "qscan: ", 8);
  if (id) {
    len = qsq_safe(out, len, QSQ_PREFIX, id, QSQ_IDCHARS, 64);
    len = qsq_safe(out, len, QSQ_PREFIX, " ", " ", 1);
  }
  len = qsq_safe(out, len, QSQ_PREFIX, "uid ", "uid ", 4);
  num[fmt_ulong(num, uid)] = 0;
  len = qsq_safe(out, len, QSQ_PREFIX, num, "0123456789", FMT_ULONG);
  if (ip) {
    len = qsq_safe(out, len, QSQ_PREFIX, " ip ", " ip", 4);
    len = qsq_safe(out, len, QSQ_PREFIX, ip, QSQ_IPCHARS, 64);
  }
  return qsq_safe(out, len, QSQ_PREFIX, ": ", ": ", 2);
}

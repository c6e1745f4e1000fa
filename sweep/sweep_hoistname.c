#include "sweep_int.h"

/* A name for a folder moved up into the folder being deleted. In the
   spool, callers can't make names there (it is 0700), so these only meet
   each other; elsewhere a name taken is passed over (sweep_hoist). */
void sweep_hoistname(char *buf, unsigned long n)
{
  size_t len = fmt_str(buf, ".cleanq.");
  len += fmt_xlong(buf + len, n);
  buf[len] = 0;
}

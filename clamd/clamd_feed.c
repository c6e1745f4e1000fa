#include "byte.h"
#include "stralloc.h"
#include "clamd.h"
#include "clamd_int.h"

int clamd_feed(struct clamd_session *ss, const char *buf, size_t n)
{
  struct clamd_reply rep;
  size_t k;
  int r;

  while (n) {
    k = byte_chr(buf, n, 0);
    /* bounded before it is stored: a server that never sends a NUL
       must not make us allocate without end */
    if (ss->in.len + k > CLAMD_REPLYMAX)
      return clamd_fail(ss, "reply too long", 0);
    if (!stralloc_catb(&ss->in, buf, k)) return -1;
    if (k == n) return 1;
    clamd_parse(ss->in.s, ss->in.len, &rep);
    r = clamd_match(ss, &rep);
    ss->in.len = 0;
    if (r != 1) return r;
    buf += k + 1;
    n -= k + 1;
  }
  return 1;
}

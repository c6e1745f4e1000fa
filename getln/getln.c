#include "byte.h"
#include "getln.h"

int getln(substdio *ss, stralloc *sa, int *match, int sep)
{
  sa->len = 0;
  for (;;) {
    size_t n;
    size_t i;
    ssize_t r = substdio_feed(ss);
    if (r < 0) return -1;
    if (r == 0) { *match = 0; return 0; }
    n = (size_t) r;
    i = byte_chr(substdio_peek(ss), n, sep);
    if (i < n) ++i;
    if (!stralloc_catb(sa, substdio_peek(ss), i)) return -1;
    substdio_seek(ss, i);
    if (i && sa->s[sa->len - 1] == (char) sep) { *match = 1; return 0; }
  }
}

#include "substdio.h"

int substdio_copy(substdio *out, substdio *in)
{
  for (;;) {
    ssize_t n = substdio_feed(in);
    if (n < 0) return -2;
    if (n == 0) return 0;
    if (substdio_put(out, substdio_peek(in), (size_t) n) == -1) return -3;
    substdio_seek(in, (size_t) n);
  }
}

#include <unistd.h>
#include "byte.h"
#include "pair.h"

/* Bounded, and never blocking; the summary cleans what it keeps before
   it reaches a log (verdict_summary). */
size_t pair_facts(int fd, char *buf, size_t size)
{
  size_t len = 0;
  size_t start = 0;
  size_t i;
  if (fd == -1) return 0;
  while (len < size) {
    ssize_t r = read(fd, buf + len, size - len);
    if (r <= 0) break;
    len += (size_t) r;
  }
  for (i = 0; i + 1 < len; ++i)
    if (buf[i] == '\n') start = i + 1;
  if (start) {
    byte_copy(buf, len - start, buf + start);
    len -= start;
  }
  return len;
}

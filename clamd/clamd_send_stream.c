#include "clamd_int.h"

static int chunk(struct clamd_session *ss, const char *buf, size_t len)
{
  char h[4];
  int r;

  h[0] = (char) (len >> 24);
  h[1] = (char) (len >> 16);
  h[2] = (char) (len >> 8);
  h[3] = (char) len;
  r = clamd_write(ss, h, 4);
  if (r != 1 || !len) return r;
  return clamd_write(ss, buf, len);
}

int clamd_send_stream(struct clamd_session *ss, const char *buf, size_t len)
{
  size_t n;
  int r;

  r = clamd_next(ss);
  if (r != 1) return r;
  r = clamd_write(ss, "zINSTREAM", 10);
  while (r == 1 && len) {
    n = len > CLAMD_CHUNK ? CLAMD_CHUNK : len;
    r = chunk(ss, buf, n);
    buf += n;
    len -= n;
  }
  if (r != 1) return r;
  return chunk(ss, buf, 0);
}

#include <string.h>
#include "mime_int.h"

static int hex(int c)
{
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* States: 0 plain; 1 after '='; 2 after '=' and one hex digit (in h);
   3 after '=' and whitespace (in ws), which is a soft break if the line
   ends there. Anything that is not a valid escape stays literally, as
   lenient clients show it. */
size_t mime_qp(struct mime_qp *d, const char *s, size_t n, int end, char *out, int *soft)
{
  size_t i = 0;
  size_t o = 0;
  *soft = 0;
  while (i < n) {
    char c = s[i];
    if (d->st == 0) {
      const char *e = memchr(s + i, '=', n - i);
      size_t k = e ? (size_t) (e - (s + i)) : n - i;
      memcpy(out + o, s + i, k);
      o += k;
      i += k;
      if (i < n) { d->st = 1; ++i; }
      continue;
    }
    if (d->st == 1) {
      if (hex((unsigned char) c) >= 0) { d->h = c; d->st = 2; ++i; continue; }
      if (c == ' ' || c == '\t') { d->ws[0] = c; d->nws = 1; d->st = 3; ++i; continue; }
      out[o++] = '=';
      d->st = 0;
      ++d->bad;
      continue; /* c again, in state 0: it may be another '=' */
    }
    if (d->st == 2) {
      int a = hex((unsigned char) d->h);
      int b = hex((unsigned char) c);
      if (b >= 0) { out[o++] = (char) (a * 16 + b); ++i; d->st = 0; continue; }
      out[o++] = '=';
      out[o++] = d->h;
      d->st = 0;
      ++d->bad;
      continue;
    }
    /* state 3 */
    if ((c == ' ' || c == '\t') && d->nws < sizeof d->ws) { d->ws[d->nws++] = c; ++i; continue; }
    out[o++] = '=';
    memcpy(out + o, d->ws, d->nws);
    o += d->nws;
    d->st = 0;
    ++d->bad;
  }
  if (end) {
    if (d->st == 1 || d->st == 3) *soft = 1;
    else if (d->st == 2) { out[o++] = '='; out[o++] = d->h; ++d->bad; }
    d->st = 0;
  }
  return o;
}

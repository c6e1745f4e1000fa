#include <string.h>
#include "mime_int.h"

/* The states are enum mime_qp_state's (mime_int.h). Anything that is not
   a valid escape stays literally, as lenient clients show it. */
size_t mime_qp(struct mime_qp *d, const char *s, size_t n, int end, char *out, int *soft)
{
  size_t i = 0;
  size_t o = 0;
  *soft = 0;
  while (i < n) {
    char c = s[i];
    if (d->st == MIME_QP_PLAIN) {
      const char *e = memchr(s + i, '=', n - i);
      size_t k = e ? (size_t) (e - (s + i)) : n - i;
      memcpy(out + o, s + i, k);
      o += k;
      i += k;
      if (i < n) { d->st = MIME_QP_EQ; ++i; }
      continue;
    }
    if (d->st == MIME_QP_EQ) {
      if (mime_hex((unsigned char) c) >= 0) { d->h = c; d->st = MIME_QP_HEX1; ++i; continue; }
      if (c == ' ' || c == '\t') { d->ws[0] = c; d->nws = 1; d->st = MIME_QP_WS; ++i; continue; }
      out[o++] = '=';
      d->st = MIME_QP_PLAIN;
      ++d->bad;
      continue; /* c again, in state 0: it may be another '=' */
    }
    if (d->st == MIME_QP_HEX1) {
      int a = mime_hex((unsigned char) d->h);
      int b = mime_hex((unsigned char) c);
      if (b >= 0) { out[o++] = (char) (a * 16 + b); ++i; d->st = MIME_QP_PLAIN; continue; }
      out[o++] = '=';
      out[o++] = d->h;
      d->st = MIME_QP_PLAIN;
      ++d->bad;
      continue;
    }
    /* MIME_QP_WS */
    if ((c == ' ' || c == '\t') && d->nws < sizeof d->ws) { d->ws[d->nws++] = c; ++i; continue; }
    out[o++] = '=';
    memcpy(out + o, d->ws, d->nws);
    o += d->nws;
    d->st = MIME_QP_PLAIN;
    ++d->bad;
  }
  if (end) {
    if (d->st == MIME_QP_EQ || d->st == MIME_QP_WS) *soft = 1;
    else if (d->st == MIME_QP_HEX1) { out[o++] = '='; out[o++] = d->h; ++d->bad; }
    d->st = MIME_QP_PLAIN;
  }
  return o;
}

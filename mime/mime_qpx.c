#include <string.h>
#include "mime_int.h"

/* The quoted-printable readings of clients that part from RFC 2045 on an
   = that starts no valid escape (mime_qp keeps it as it is): drop the =,
   drop the whole broken escape, take one hex digit as a byte, or take the
   = as a soft line break that ends the line. */

/* a broken escape: '=' and the n characters after it, the last of which
   (when last) does not belong to it */
static size_t broken(struct mime_qpx *d, enum mime_reading mode, char *out)
{
  size_t o = 0;
  if (mode == MIME_QP_EOL) { d->skip = 1; return 0; }
  if (mode == MIME_QP_DROP) {
    if (d->st == MIME_QP_HEX1) out[o++] = d->h;
    else if (d->st == MIME_QP_WS) { memcpy(out, d->ws, d->nws); o = d->nws; }
  } else if (mode == MIME_QP_HALF) {
    if (d->st == MIME_QP_HEX1) out[o++] = (char) mime_hex((unsigned char) d->h);
    else {
      out[o++] = '=';
      if (d->st == MIME_QP_WS) { memcpy(out + o, d->ws, d->nws); o += d->nws; }
    }
  }
  return o;
}

size_t mime_qpx(struct mime_qpx *d, enum mime_reading mode, const char *s, size_t n, int end, char *out, int *soft)
{
  size_t i = 0, o = 0;
  *soft = 0;
  while (i < n) {
    char c = s[i];
    if (d->skip) break;
    if (d->st == MIME_QP_PLAIN) {
      if (c == '=') d->st = MIME_QP_EQ; else out[o++] = c;
      ++i;
      continue;
    }
    if (d->st == MIME_QP_EQ) {
      if (mime_hex((unsigned char) c) >= 0) { d->h = c; d->st = MIME_QP_HEX1; ++i; continue; }
      if (c == ' ' || c == '\t') { d->ws[0] = c; d->nws = 1; d->st = MIME_QP_WS; ++i; continue; }
      if (mode == MIME_QP_SKIP) ++i; /* the character after = goes too */
      o += broken(d, mode, out + o);
      d->st = MIME_QP_PLAIN;
      continue;
    }
    if (d->st == MIME_QP_HEX1) {
      if (mime_hex((unsigned char) c) >= 0) { out[o++] = (char) (mime_hex((unsigned char) d->h) * 16 + mime_hex((unsigned char) c)); ++i; d->st = MIME_QP_PLAIN; continue; }
      o += broken(d, mode, out + o);
      d->st = MIME_QP_PLAIN;
      continue;
    }
    if ((c == ' ' || c == '\t') && d->nws < sizeof d->ws) { d->ws[d->nws++] = c; ++i; continue; }
    o += broken(d, mode, out + o);
    d->st = MIME_QP_PLAIN;
  }
  if (end) {
    if (d->st == MIME_QP_HEX1) o += broken(d, mode, out + o);
    else if (d->st == MIME_QP_EQ || d->st == MIME_QP_WS) *soft = 1;
    if (d->skip) *soft = 1;
    d->st = MIME_QP_PLAIN;
    d->skip = 0;
  }
  return o;
}

#include "mime_int.h"

/* The base64 readings of clients that part from RFC 2045 on bad input.
   Each is the standard decoder (mime_b64) changed in one respect. */

static int digit(unsigned char c)
{
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  if (c == '=') return 64;
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') return 66;
  return 65;
}

static size_t flush(struct mime_b64x *d, char *out)
{
  size_t o = mime_b64_tail(d->acc, d->q, out);
  d->q = 0;
  d->acc = 0;
  return o;
}

size_t mime_b64x(struct mime_b64x *d, enum mime_reading mode, const char *s, size_t n, char *out)
{
  const unsigned char *u = (const unsigned char *) s;
  size_t i, o = 0;
  if (mode == MIME_B64_CLEAN)
    /* a line with anything but digits, padding and white space is no
       data: a resynchronising decoder drops it */
    for (i = 0; i < n; ++i)
      if (digit(u[i]) == 65) { if (n) d->any = 1; return 0; }
  for (i = 0; i < n && !d->stop; ++i) {
    int v = digit(u[i]);
    if (v == 66) continue;
    d->any = 1;
    if (d->skipline) continue;
    if (mode == MIME_B64_PY) {
      /* binascii.c: pads count only from the third digit of a group on,
         junk between them does not reset them, a digit does */
      if (v == 65) continue;
      if (v == 64) {
        if (d->q >= 2 && d->q + ++d->pads >= 4) { o += flush(d, out + o); d->stop = 1; }
        continue;
      }
      d->pads = 0;
    }
    if (v < 64) {
      d->acc = (d->acc << 6) | (unsigned long) v;
      if (++d->q == 4) {
        out[o++] = (char) (d->acc >> 16);
        out[o++] = (char) (d->acc >> 8);
        out[o++] = (char) d->acc;
        d->q = 0;
        d->acc = 0;
      }
    } else if (v == 64 && mode != MIME_B64_SKIPEQ) {
      o += flush(d, out + o);
      if (mode == MIME_B64_STOP) d->stop = 1;
      else if (mode == MIME_B64_EOL) d->skipline = 1;
    }
  }
  return o;
}

size_t mime_b64x_eol(struct mime_b64x *d, enum mime_reading mode, char *out)
{
  size_t o = 0;
  int blank = !d->any;
  d->any = 0;
  d->skipline = 0;
  if (d->stop) return 0;
  if (mode == MIME_B64_LINE) o = flush(d, out);
  else if (mode == MIME_B64_DROP || (mode == MIME_B64_PARA && blank)) { d->q = 0; d->acc = 0; }
  return o;
}

size_t mime_b64x_end(struct mime_b64x *d, char *out)
{
  if (d->stop) return 0;
  return flush(d, out);
}

#include "mime_int.h"

/* 0..63: a digit; 64: '='; 65: anything else, skipped (RFC 2045 6.8) */
static const unsigned char val[256] = {
#define X 65
  X,X,X,X,X,X,X,X,X,X,X,X,X,X,X,X, X,X,X,X,X,X,X,X,X,X,X,X,X,X,X,X,
  X,X,X,X,X,X,X,X,X,X,X,62,X,X,X,63, 52,53,54,55,56,57,58,59,60,61,X,X,X,64,X,X,
  X,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14, 15,16,17,18,19,20,21,22,23,24,25,X,X,X,X,X,
  X,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40, 41,42,43,44,45,46,47,48,49,50,51,X,X,X,X,X,
  X,X,X,X,X,X,X,X,X,X,X,X,X,X,X,X, X,X,X,X,X,X,X,X,X,X,X,X,X,X,X,X,
  X,X,X,X,X,X,X,X,X,X,X,X,X,X,X,X, X,X,X,X,X,X,X,X,X,X,X,X,X,X,X,X,
  X,X,X,X,X,X,X,X,X,X,X,X,X,X,X,X, X,X,X,X,X,X,X,X,X,X,X,X,X,X,X,X,
  X,X,X,X,X,X,X,X,X,X,X,X,X,X,X,X, X,X,X,X,X,X,X,X,X,X,X,X,X,X,X,X
#undef X
};

/* the same, shifted into place, with the top byte set for a non-digit:
   the fast path ORs four lookups and tests one mask */
static unsigned long sh[4][256];
static int shready;

static void shinit(void)
{
  int i, k;
  for (k = 0; k < 4; ++k)
    for (i = 0; i < 256; ++i)
      sh[k][i] = val[i] < 64 ? (unsigned long) val[i] << (18 - 6 * k) : 0xff000000UL;
  shready = 1;
}

/* An '=' in mid-stream flushes the partial quantum and decoding goes on:
   some clients do that, so an attacker can hide data behind padding. */
size_t mime_b64(struct mime_b64 *d, const char *s, size_t n, char *out)
{
  const unsigned char *u = (const unsigned char *) s;
  unsigned long acc = d->acc;
  int q = d->q;
  size_t i = 0;
  size_t o = 0;

  if (!shready) shinit();
  while (i < n) {
    /* fast path: four digits at a quantum boundary */
    if (!q) {
      while (i + 4 <= n) {
        unsigned long x = sh[0][u[i]] | sh[1][u[i + 1]] | sh[2][u[i + 2]] | sh[3][u[i + 3]];
        if (x & 0xff000000UL) break;
        out[o] = (char) (x >> 16);
        out[o + 1] = (char) (x >> 8);
        out[o + 2] = (char) x;
        o += 3;
        i += 4;
      }
      if (i >= n) break;
    }
    {
      unsigned int v = val[u[i++]];
      if (v < 64) {
        acc = (acc << 6) | v;
        if (++q == 4) {
          out[o++] = (char) (acc >> 16);
          out[o++] = (char) (acc >> 8);
          out[o++] = (char) acc;
          q = 0;
          acc = 0;
        }
      } else if (v == 64) {
        o += mime_b64_tail(acc, q, out + o);
        q = 0;
        acc = 0;
        ++d->odd;
      } else if (u[i - 1] != ' ' && u[i - 1] != '\t') ++d->odd;
    }
  }
  d->acc = acc;
  d->q = q;
  return o;
}

/* Data that stops without padding: keep the whole bytes it carries. */
size_t mime_b64_end(struct mime_b64 *d, char *out)
{
  size_t o = mime_b64_tail(d->acc, d->q, out);
  d->q = 0;
  d->acc = 0;
  return o;
}

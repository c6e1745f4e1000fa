#include "mime_int.h"

/* BinHex 4.0, as a client extracts it: 6-bit characters from the text
   after the opening ':' up to the closing one (white space and unknown
   characters skipped), then run-length decoding (0x90 n repeats the last
   byte n - 1 more times, 0x90 0 is 0x90 itself), then a header (name
   length, name, version, type, creator, flags, data and resource fork
   lengths, CRC) and the data fork, which goes out. The CRCs are not
   checked: a client that ignores them still opens the file. */

static const char alpha[] = "!\"#$%&'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr";

static signed char tab[256];
static int tabready;

static int val(unsigned char c)
{
  if (!tabready) {
    int i;
    for (i = 0; i < 256; ++i) tab[i] = -1;
    for (i = 0; i < 64; ++i) tab[(unsigned char) alpha[i]] = (signed char) i;
    tabready = 1;
  }
  return tab[c];
}

/* decoded bytes on their way to the output, a few hundred at a time */
struct buf {
  struct mime_out *o; /* where they go */
  char b[512];
  size_t n; /* bytes in b */
};

static void put(struct buf *b, char c)
{
  b->b[b->n++] = c;
  if (b->n == sizeof b->b) { mime_out_put(b->o, b->b, b->n); b->n = 0; }
}

/* one byte after run-length decoding */
static void byte(struct mime_hqx *d, struct buf *b, unsigned char c)
{
  if (d->phase == MIME_HQX_NAMELEN) { d->nlen = c; d->phase = MIME_HQX_HEADER; d->pos = 1; return; }
  if (d->phase == MIME_HQX_HEADER) {
    /* data fork length: bytes nlen + 12 to nlen + 15 of the header */
    if (d->pos >= d->nlen + 12 && d->pos < d->nlen + 16) d->dlen = (d->dlen << 8) | c;
    if (++d->pos == d->nlen + 22) d->phase = d->dlen ? MIME_HQX_DATA : MIME_HQX_DONE;
    return;
  }
  if (d->phase == MIME_HQX_DATA) {
    put(b, (char) c);
    if (!--d->dlen) d->phase = MIME_HQX_DONE;
  }
}

static void decoded(struct mime_hqx *d, struct buf *b, unsigned char c)
{
  if (d->rle) {
    d->rle = 0;
    if (!c) { byte(d, b, 0x90); d->last = 0x90; return; }
    while (--c && d->phase < MIME_HQX_DONE && !b->o->m->err) byte(d, b, d->last);
    return;
  }
  if (c == 0x90) { d->rle = 1; return; }
  byte(d, b, c);
  d->last = c;
}

int mime_hqx(struct mime_hqx *d, const char *s, size_t n, struct mime_out *o)
{
  struct buf b = { .o = o, .n = 0 };
  size_t i;
  int done = 0;
  for (i = 0; i < n && d->phase < MIME_HQX_DONE && !o->m->err; ++i) {
    int v;
    if (s[i] == ':') { done = 1; break; }
    v = val((unsigned char) s[i]);
    if (v < 0) continue;
    d->acc = (d->acc << 6) | (unsigned long) v;
    d->bits += 6;
    if (d->bits >= 8) {
      d->bits -= 8;
      decoded(d, &b, (unsigned char) (d->acc >> d->bits));
      d->acc &= (1UL << d->bits) - 1;
    }
  }
  if (b.n) mime_out_put(o, b.b, b.n);
  return done || d->phase == MIME_HQX_DONE;
}

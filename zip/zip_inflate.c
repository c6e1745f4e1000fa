#include "alloc.h"
#include "zip.h"

/* RFC 1951, decoded one bit at a time with canonical Huffman codes: small
   and plain rather than fast; qscanq meets a few MB of it per message. */

#define WSIZE 32768 /* the window: the farthest a match reaches back */
#define MAXBITS 15  /* the longest code */
#define NLIT 288    /* literal/length symbols (286 used, 2 reserved) */
#define NDIST 30    /* distance symbols */

/* A canonical code: how many codes of each length, and the symbols in
   code order. */
struct huff {
  short count[MAXBITS + 1];
  short symbol[NLIT];
};

struct inflate {
  const unsigned char *in;
  size_t len;
  size_t pos;           /* next input byte */
  unsigned long bitbuf; /* bits read but not used, lowest first */
  int bitcnt;
  unsigned char win[WSIZE]; /* the last WSIZE bytes decoded, not yet all put */
  size_t wpos;          /* decoded bytes in win since the last put */
  unsigned long long total; /* bytes decoded */
  zip_putfn put;
  void *ctx;
  int err;              /* sticky: the first ZIP_* error */
  struct huff lit;
  struct huff dist;
};

static void flush(struct inflate *s)
{
  if (s->wpos && s->err != ZIP_STOP && !s->put(s->ctx, (const char *) s->win, s->wpos)) s->err = ZIP_STOP;
  s->wpos = 0;
}

static void emit(struct inflate *s, unsigned char c)
{
  s->win[s->wpos++] = c;
  s->total++;
  if (s->wpos == WSIZE) flush(s);
}

/* n bits (n <= 16), first bit lowest; -1 at the end of the input */
static long bits(struct inflate *s, int n)
{
  unsigned long v = s->bitbuf;
  while (s->bitcnt < n) {
    if (s->pos == s->len) { if (!s->err) s->err = ZIP_SHORT; return -1; }
    v |= (unsigned long) s->in[s->pos++] << s->bitcnt;
    s->bitcnt += 8;
  }
  s->bitbuf = v >> n;
  s->bitcnt -= n;
  return (long) (v & ((1UL << n) - 1));
}

/* Codes are packed first bit highest: read one bit at a time and compare
   with the first code of each length. */
static int decode(struct inflate *s, const struct huff *h)
{
  int code = 0, first = 0, index = 0, len;
  for (len = 1; len <= MAXBITS; len++) {
    long b = bits(s, 1);
    int count;
    if (b < 0) return -1;
    code |= (int) b;
    count = h->count[len];
    if (code - first < count) return h->symbol[index + code - first];
    index += count;
    first = (first + count) << 1;
    code <<= 1;
  }
  if (!s->err) s->err = ZIP_BAD; /* a code that the lengths leave unused */
  return -1;
}

/* Returns -1 when the lengths ask for more codes than there are
   (over-subscribed), otherwise how many are left over (0: complete). */
static int build(struct huff *h, const short *length, int n)
{
  short offs[MAXBITS + 1];
  int len, sym, left = 1;
  for (len = 0; len <= MAXBITS; len++) h->count[len] = 0;
  for (sym = 0; sym < n; sym++) h->count[length[sym]]++;
  for (len = 1; len <= MAXBITS; len++) {
    left = (left << 1) - h->count[len];
    if (left < 0) return -1;
  }
  offs[1] = 0;
  for (len = 1; len < MAXBITS; len++) offs[len + 1] = (short) (offs[len] + h->count[len]);
  for (sym = 0; sym < n; sym++)
    if (length[sym]) h->symbol[offs[length[sym]]++] = (short) sym;
  return left;
}

static void stored(struct inflate *s)
{
  size_t n;
  s->bitbuf = 0; /* to the byte boundary: fewer than 8 bits are held */
  s->bitcnt = 0;
  if (s->len - s->pos < 4) { s->err = ZIP_SHORT; return; }
  n = s->in[s->pos] | (size_t) s->in[s->pos + 1] << 8;
  /* NLEN, the one's complement of LEN */
  if ((s->in[s->pos + 2] | (size_t) s->in[s->pos + 3] << 8) != (n ^ 0xffff)) { s->err = ZIP_BAD; return; }
  s->pos += 4;
  while (n && s->pos < s->len && !s->err) { emit(s, s->in[s->pos++]); n--; }
  if (n && !s->err) s->err = ZIP_SHORT;
}

static const short lbase[29] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const short lextra[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                  3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const unsigned short dbase[30] = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
                                          257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
                                          8193, 12289, 16385, 24577 };
static const short dextra[30] = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
                                  7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

/* the symbols of one block, up to its end code */
static void codes(struct inflate *s)
{
  while (!s->err) {
    long e;
    unsigned long len, dist;
    int sym = decode(s, &s->lit);
    if (sym < 0) return;
    if (sym < 256) { emit(s, (unsigned char) sym); continue; }
    if (sym == 256) return;
    sym -= 257;
    if (sym >= 29) { s->err = ZIP_BAD; return; }
    e = bits(s, lextra[sym]);
    if (e < 0) return;
    len = (unsigned long) lbase[sym] + (unsigned long) e;
    sym = decode(s, &s->dist);
    if (sym < 0) return;
    if (sym >= NDIST) { s->err = ZIP_BAD; return; }
    e = bits(s, dextra[sym]);
    if (e < 0) return;
    dist = dbase[sym] + (unsigned long) e;
    if (dist > s->total) { s->err = ZIP_BAD; return; } /* before the start */
    while (len-- && !s->err) emit(s, s->win[(s->wpos + WSIZE - dist) % WSIZE]);
  }
}

static void fixed(struct inflate *s)
{
  short length[NLIT];
  int sym;
  for (sym = 0; sym < 144; sym++) length[sym] = 8;
  for (; sym < 256; sym++) length[sym] = 9;
  for (; sym < 280; sym++) length[sym] = 7;
  for (; sym < NLIT; sym++) length[sym] = 8;
  (void) build(&s->lit, length, NLIT);
  for (sym = 0; sym < NDIST; sym++) length[sym] = 5;
  (void) build(&s->dist, length, NDIST);
  codes(s);
}

static const short order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };

static void dynamic(struct inflate *s)
{
  short length[NLIT + NDIST];
  long nlen = bits(s, 5), ndist = bits(s, 5), ncode = bits(s, 4);
  int i = 0;
  if (ncode < 0) return;
  nlen += 257;
  ndist += 1;
  ncode += 4;
  if (nlen > 286 || ndist > NDIST) { s->err = ZIP_BAD; return; }
  for (i = 0; i < ncode; i++) {
    long b = bits(s, 3);
    if (b < 0) return;
    length[order[i]] = (short) b;
  }
  for (; i < 19; i++) length[order[i]] = 0;
  if (build(&s->lit, length, 19) != 0) { s->err = ZIP_BAD; return; } /* must be complete */
  i = 0;
  while (i < nlen + ndist) {
    long rep, b;
    short val = 0;
    int sym = decode(s, &s->lit);
    if (sym < 0) return;
    if (sym < 16) { length[i++] = (short) sym; continue; }
    if (sym == 16) {
      if (!i) { s->err = ZIP_BAD; return; }
      val = length[i - 1];
      b = bits(s, 2);
      rep = 3 + b;
    } else if (sym == 17) {
      b = bits(s, 3);
      rep = 3 + b;
    } else {
      b = bits(s, 7);
      rep = 11 + b;
    }
    if (b < 0) return;
    if (i + rep > nlen + ndist) { s->err = ZIP_BAD; return; }
    while (rep--) length[i++] = val;
  }
  if (!length[256]) { s->err = ZIP_BAD; return; } /* no end code */
  if (build(&s->lit, length, (int) nlen) < 0 || build(&s->dist, length + nlen, (int) ndist) < 0) { s->err = ZIP_BAD; return; }
  codes(s);
}

int zip_inflate(const unsigned char *in, size_t len, size_t *used, zip_putfn put, void *ctx)
{
  int r;
  long last = 0;
  struct inflate *s = alloc(sizeof *s);
  if (!s) return ZIP_NOMEM;
  s->in = in;
  s->len = len;
  s->pos = 0;
  s->bitbuf = 0;
  s->bitcnt = 0;
  s->wpos = 0;
  s->total = 0;
  s->put = put;
  s->ctx = ctx;
  s->err = ZIP_DONE;
  while (!last && !s->err) {
    long type;
    last = bits(s, 1);
    type = bits(s, 2);
    if (type < 0) break;
    if (type == 0) stored(s);
    else if (type == 1) fixed(s);
    else if (type == 2) dynamic(s);
    else s->err = ZIP_BAD;
  }
  flush(s);
  *used = s->pos;
  r = s->err;
  alloc_free(s);
  return r;
}

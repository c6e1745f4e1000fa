#include <string.h>
#include "alloc.h"
#include "mime_int.h"

int mime_lines_init(struct mime_lines *l, size_t a)
{
  char *buf = alloc(a);
  l->buf = buf;
  if (!buf) return 0;
  *l = (struct mime_lines) { .buf = buf, .a = a, .n = 0, .seen = 0, .start = 1 };
  return 1;
}

void mime_lines_free(struct mime_lines *l)
{
  if (l->buf) alloc_free(l->buf);
  l->buf = 0;
}

/* Hands every complete line in the buffer to fn; keeps a partial one,
   unless the buffer is full (then a fragment goes) or this is the end. */
void mime_lines_run(struct mime_lines *l, int eof, mime_linefn fn, void *ctx)
{
  char *b = l->buf;
  size_t n = l->n;
  size_t pos = 0;
  size_t from = l->seen; /* no line end before this */
  char *nextcr = 0;       /* the next CR at or after from, if known */
  int crknown = 0;

  while (pos < n) {
    char *nl = memchr(b + from, '\n', n - from);
    size_t end = nl ? (size_t) (nl - b) : n;
    char *cr;
    /* one search finds the next CR for many lines: most mail has none */
    if (!crknown || (nextcr && nextcr < b + from)) {
      nextcr = memchr(b + from, '\r', n - from);
      crknown = 1;
    }
    cr = (nextcr && nextcr < b + end) ? nextcr : 0;
    size_t len, eoln;
    if (cr) {
      size_t c = (size_t) (cr - b);
      if (nl && c + 1 == end) eoln = 2;
      else if (c + 1 < n || eof) eoln = 1;
      else break; /* a CR at the very end: LF may follow */
      len = c - pos;
    } else if (nl) {
      len = end - pos;
      eoln = 1;
    } else break;
    fn(ctx, b + pos, len, b + pos + len, eoln, (l->start ? MIME_START : 0) | MIME_END);
    l->start = 1;
    pos += len + eoln;
    from = pos;
  }
  l->seen = 0;
  if (pos < n) {
    size_t r = n - pos;
    if (eof) {
      fn(ctx, b + pos, r, b + n, 0, (l->start ? MIME_START : 0) | MIME_END);
      l->start = 1;
      r = 0;
    } else if (r == l->a) {
      /* one line fills the buffer: pass it on in pieces; a final CR
         stays, since an LF may follow it */
      size_t k = (b[n - 1] == '\r') ? r - 1 : r;
      fn(ctx, b, k, b + k, 0, l->start ? MIME_START : 0);
      l->start = 0;
      b[0] = b[n - 1];
      r -= k;
    } else {
      if (pos) memmove(b, b + pos, r);
      /* searched already, all but a final CR, which an LF may follow */
      l->seen = (b[r - 1] == '\r') ? r - 1 : r;
    }
    l->n = r;
  } else l->n = 0;
}

void mime_lines_feed(struct mime_lines *l, const char *s, size_t n, mime_linefn fn, void *ctx)
{
  while (n) {
    size_t k = l->a - l->n;
    if (k > n) k = n;
    memcpy(l->buf + l->n, s, k);
    l->n += k;
    s += k;
    n -= k;
    if (l->n == l->a || !n) mime_lines_run(l, 0, fn, ctx);
  }
}

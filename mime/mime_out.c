#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "alloc.h"
#include "byte.h"
#include "fmt.h"
#include "open.h"
#include "str.h"
#include "mime_int.h"

#define XSTR(x) #x
#define STR(x) XSTR(x)

/* uuencode, begin-base64 and yEnc inside a decoded part: a scanner that
   reads only MIME would miss them. Lines are looked at through a small
   window: the start of each line decides, long lines go in chunks. */
#define E_IDLE 0
#define E_UU 1
#define E_B64 2
#define E_YENC 3
#define E_LINE 256
#define E_HEAD 16

struct mime_embed {
  int st;
  int skip;  /* the rest of this line does not matter */
  int first; /* line[] starts a line */
  char line[E_LINE];
  size_t n;
  struct mime_out *cur;
  unsigned long count;
  struct mime_b64 b64;
  int esc;
};

#define OUT_START 16384
#define OUT_BIG 131072

/* all of s, through short writes and EINTR; a write that makes no
   progress is an error, never a loop */
static void out_write(struct mime_out *o, const char *s, size_t n)
{
  while (n && !o->m->err) {
    ssize_t w = write(o->fd, s, n);
    if (w == -1 && errno == EINTR) continue;
    if (w <= 0) {
      mime_fail(o->m, MIME_WRITE, "unable to write", w ? errno : EIO);
      (void) stralloc_copy(&o->m->errname, &o->name);
      return;
    }
    s += w;
    n -= (size_t) w;
  }
}

static void out_flush(struct mime_out *o)
{
  if (o->p && o->fd >= 0) out_write(o, o->buf, o->p);
  o->p = 0;
}

static int out_open(struct mime_out *o)
{
  struct mime *m = o->m;
  if (m->open >= MIME_MAXOPEN) {
    mime_fail(m, MIME_LIMIT, "more than " STR(MIME_MAXOPEN) " output files open at once (MIME_MAXOPEN)", 0);
    return 0;
  }
  if (m->st.files >= m->st.in / MIME_FILEK + MIME_FILEC) {
    mime_fail(m, MIME_LIMIT, "more than one file per " STR(MIME_FILEK) " bytes read plus " STR(MIME_FILEC) " files (MIME_FILEK, MIME_FILEC)", 0);
    return 0;
  }
  /* the buffer is charged in a listing too: it must fail where a run would */
  o->mem += OUT_START;
  if (!mime_mem(m, OUT_START)) return 0;
  if (!(m->flags & MIME_NOWRITE)) {
    if (!stralloc_0(&o->name)) { mime_nomem(m); return 0; }
    o->name.len--;
    o->buf = alloc(OUT_START);
    if (!o->buf) { mime_nomem(m); return 0; }
    o->a = OUT_START;
    o->fd = open_excl(o->name.s);
    if (o->fd == -1) {
      int e = errno;
      if (e == ENOSPC || e == EDQUOT || e == EFBIG) mime_fail(m, MIME_WRITE, "unable to create", e);
      else if (e == ENOMEM) mime_nomem(m);
      else mime_fail(m, MIME_TEMP, "unable to create", e);
      (void) stralloc_copy(&m->errname, &o->name);
      return 0;
    }
  }
  o->opened = 1;
  m->open++;
  m->st.files++;
  return 1;
}

struct mime_out *mime_out_new(struct mime *m, const stralloc *name, const char *info, size_t infolen, int embed)
{
  struct mime_out *o = alloc(sizeof *o);
  stralloc z = STRALLOC_ZERO;
  if (!o) { mime_nomem(m); return 0; }
  o->m = m;
  o->name = z;
  o->info = z;
  o->fd = -1;
  o->opened = 0;
  o->buf = 0;
  o->p = 0;
  o->a = 0;
  o->size = 0;
  o->emb = 0;
  o->mem = 0;
  o->grown = 0;
  /* a file name has at most 255 bytes: deep positions get a serial */
  if (name->len > 200) {
    char num[FMT_ULONG];
    if (!stralloc_copys(&o->name, "x") || !stralloc_catb(&o->name, num, fmt_ulong(num, ++m->serial))) goto nomem;
  } else if (!stralloc_copy(&o->name, name)) goto nomem;
  if ((m->flags & MIME_LIST) && !stralloc_copyb(&o->info, info, infolen)) goto nomem;
  if (embed) {
    o->emb = alloc(sizeof *o->emb);
    if (!o->emb) goto nomem;
    o->emb->st = E_IDLE;
    o->emb->skip = 0;
    o->emb->first = 1;
    o->emb->n = 0;
    o->emb->cur = 0;
    o->emb->count = 0;
    o->emb->esc = 0;
  }
  o->mem = sizeof *o + o->name.len + o->info.len + (o->emb ? sizeof *o->emb : 0);
  (void) mime_mem(m, o->mem); /* past the budget, the error stops the run */
  return o;
 nomem:
  stralloc_free(&o->name);
  stralloc_free(&o->info);
  alloc_free(o);
  mime_nomem(m);
  return 0;
}

static void embed_feed(struct mime_out *o, const char *s, size_t n);

void mime_out_put(struct mime_out *o, const char *s, size_t n)
{
  struct mime *m = o->m;
  if (m->err || !n) return;
  m->st.out += n;
  if (m->st.out > (unsigned long long) MIME_OUTK * m->st.in + MIME_OUTC) {
    mime_fail(m, MIME_LIMIT, "output larger than " STR(MIME_OUTK) " times the input plus " STR(MIME_OUTC) " bytes (MIME_OUTK, MIME_OUTC)", 0);
    return;
  }
  if (!o->opened && !out_open(o)) return;
  o->size += n;
  /* a big file gets a big buffer, fewer system calls, when the budget has
     room; charged alike in a listing */
  if (o->size > 1048576 && !o->grown && m->mem + OUT_BIG - OUT_START <= MIME_MEMMAX) {
    o->grown = 1;
    o->mem += OUT_BIG - OUT_START;
    (void) mime_mem(m, OUT_BIG - OUT_START);
  }
  if (o->fd >= 0) {
    if (n > o->a - o->p) {
      out_flush(o);
      if (o->grown && o->a < OUT_BIG) {
        char *b = alloc(OUT_BIG);
        if (b) { alloc_free(o->buf); o->buf = b; o->a = OUT_BIG; }
      }
      if (n >= o->a) out_write(o, s, n);
      else { memcpy(o->buf, s, n); o->p = n; }
    } else {
      memcpy(o->buf + o->p, s, n);
      o->p += n;
    }
  }
  if (o->emb) embed_feed(o, s, n);
}

static void embed_close(struct mime_out *o)
{
  struct mime_embed *e = o->emb;
  if (!e->cur) return;
  if (e->st == E_B64) {
    char b[2];
    mime_out_put(e->cur, b, mime_b64_end(&e->b64, b));
  }
  mime_out_close(e->cur);
  e->cur = 0;
  e->st = E_IDLE;
}

static void listline(struct mime *m, struct mime_out *o)
{
  char num[FMT_ULONG];
  if (!(m->flags & MIME_LIST) || !m->list) return;
  if (substdio_put(m->list, o->name.s, o->name.len) == -1 ||
      substdio_puts(m->list, " ") == -1 ||
      substdio_put(m->list, num, fmt_ulong(num, (unsigned long) o->size)) == -1 ||
      substdio_puts(m->list, " ") == -1 ||
      substdio_put(m->list, o->info.s ? o->info.s : "", o->info.len) == -1 ||
      substdio_puts(m->list, "\n") == -1)
    mime_fail(m, MIME_WRITE, "unable to write the listing", errno);
}

void mime_out_close(struct mime_out *o)
{
  struct mime *m = o->m;
  if (o->emb) {
    if (o->emb->cur && m->err) { mime_out_close(o->emb->cur); o->emb->cur = 0; }
    embed_close(o);
    alloc_free(o->emb);
  }
  if (o->fd >= 0) {
    if (!m->err) out_flush(o);
    if (close(o->fd) == -1 && !m->err) {
      mime_fail(m, MIME_WRITE, "unable to write", errno);
      (void) stralloc_copy(&m->errname, &o->name);
    }
  }
  if (o->opened) {
    m->open--;
    if (!m->err) listline(m, o);
  }
  if (o->buf) alloc_free(o->buf);
  mime_unmem(m, o->mem);
  stralloc_free(&o->name);
  stralloc_free(&o->info);
  alloc_free(o);
}

/* begin MODE NAME: MODE is 1 to 4 octal digits */
static int uubegin(const char *s, size_t n)
{
  size_t i = 6, d = 0;
  if (n < 7 || byte_diff(s, 6, "begin ")) return 0;
  while (i < n && s[i] >= '0' && s[i] <= '7') { ++i; ++d; }
  if (d < 1 || d > 4) return 0;
  return i == n || s[i] == ' ' || s[i] == '\r';
}

static void embed_start(struct mime_out *o, int st, const char *tag, const char *info)
{
  struct mime *m = o->m;
  struct mime_embed *e = o->emb;
  stralloc name = STRALLOC_ZERO;
  if (++m->st.parts > MIME_MAXPARTS) {
    mime_fail(m, MIME_LIMIT, "more than " STR(MIME_MAXPARTS) " parts (MIME_MAXPARTS)", 0);
    return;
  }
  if (!stralloc_copy(&name, &o->name) || !stralloc_cats(&name, tag) || !stralloc_catulong(&name, ++e->count)) {
    stralloc_free(&name);
    mime_nomem(m);
    return;
  }
  e->cur = mime_out_new(m, &name, info, str_len(info), 0);
  stralloc_free(&name);
  if (!e->cur) return;
  e->st = st;
  e->b64.acc = 0;
  e->b64.q = 0;
  e->esc = 0;
}

static void uuline(struct mime_embed *e, const char *s, size_t n)
{
  char out[64 + 3];
  size_t len, o = 0, i = 1;
  if (!n) return;
  len = (size_t) ((s[0] - 32) & 63);
  while (o < len) {
    unsigned int v[4];
    int k;
    for (k = 0; k < 4; ++k, ++i) v[k] = (i < n) ? (unsigned int) ((s[i] - 32) & 63) : 0;
    out[o++] = (char) ((v[0] << 2) | (v[1] >> 4));
    out[o++] = (char) ((v[1] << 4) | (v[2] >> 2));
    out[o++] = (char) ((v[2] << 6) | v[3]);
  }
  mime_out_put(e->cur, out, len);
}

static void ychunk(struct mime_embed *e, const char *s, size_t n)
{
  char out[E_LINE];
  size_t i, o = 0;
  for (i = 0; i < n; ++i) {
    unsigned char c = (unsigned char) s[i];
    if (e->esc) { out[o++] = (char) (c - 106); e->esc = 0; }
    else if (c == '=') e->esc = 1;
    else if (c == '\r' || c == '\n') ;
    else out[o++] = (char) (c - 42);
  }
  mime_out_put(e->cur, out, o);
}

/* one window of a line: its start when e->first, complete when the line
   ends inside it */
static void embed_chunk(struct mime_out *o, int complete)
{
  struct mime_embed *e = o->emb;
  const char *s = e->line;
  size_t n = e->n;
  int wasfirst = e->first;
  o->m->st.work += n;
  e->n = 0;
  e->first = 0;
  if (!complete && (e->st == E_IDLE || e->st == E_UU)) e->skip = 1;
  if (wasfirst) {
    size_t k = n;
    while (k && (s[k - 1] == '\r' || s[k - 1] == ' ' || s[k - 1] == '\t')) --k;
    if (uubegin(s, n)) {
      embed_close(o);
      embed_start(o, E_UU, ".uu", "uuencode");
      e->skip = !complete;
      return;
    }
    if (n >= 13 && byte_equal(s, 13, "begin-base64 ")) {
      embed_close(o);
      embed_start(o, E_B64, ".b", "begin-base64");
      e->skip = !complete;
      return;
    }
    if (n >= 8 && byte_equal(s, 8, "=ybegin ")) {
      embed_close(o);
      embed_start(o, E_YENC, ".y", "yenc");
      e->skip = !complete;
      return;
    }
    if (e->st == E_IDLE) return;
    if (e->st == E_UU && k == 3 && byte_equal(s, 3, "end")) { embed_close(o); return; }
    if (e->st == E_B64 && k >= 4 && byte_equal(s, 4, "====")) { embed_close(o); e->skip = !complete; return; }
    if (e->st == E_YENC && n >= 5 && byte_equal(s, 5, "=yend")) { embed_close(o); e->skip = !complete; return; }
    if (e->st == E_YENC && n >= 6 && byte_equal(s, 6, "=ypart")) { e->skip = !complete; return; }
    if (e->st == E_UU) { uuline(e, s, k); return; }
  }
  if (e->st == E_B64) {
    char out[E_LINE];
    mime_out_put(e->cur, out, mime_b64(&e->b64, s, n, out));
  } else if (e->st == E_YENC) ychunk(e, s, n);
  if (complete) e->first = 1;
}

static void embed_feed(struct mime_out *o, const char *s, size_t n)
{
  struct mime_embed *e = o->emb;
  while (n && !o->m->err) {
    size_t cap, k;
    const char *p;
    if (e->skip) {
      p = memchr(s, '\n', n);
      o->m->st.work += p ? (size_t) (p - s) : n;
      if (!p) return;
      n -= (size_t) (p + 1 - s);
      s = p + 1;
      e->skip = 0;
      e->n = 0;
      e->first = 1;
      continue;
    }
    cap = (e->st == E_IDLE) ? E_HEAD : E_LINE;
    k = cap - e->n;
    if (k > n) k = n;
    p = memchr(s, '\n', k);
    if (p) {
      size_t t = (size_t) (p - s);
      memcpy(e->line + e->n, s, t);
      e->n += t;
      s += t + 1;
      n -= t + 1;
      embed_chunk(o, 1);
      e->first = 1;
    } else {
      memcpy(e->line + e->n, s, k);
      e->n += k;
      s += k;
      n -= k;
      if (e->n == cap) embed_chunk(o, 0);
    }
  }
}

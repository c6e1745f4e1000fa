#include <string.h>
#include "alloc.h"
#include "byte.h"
#include "str.h"
#include "mime_int.h"

#define XSTR(x) #x
#define STR(x) XSTR(x)

/* uuencode, begin-base64, yEnc and BinHex inside a decoded part: a
   scanner that reads only MIME would miss them. Lines are looked at
   through a small window: the start of each line decides, long lines go
   in chunks. */
enum estate {
  E_IDLE, /* looking for an opening line */
  E_UU,   /* in uuencoded data */
  E_B64,  /* in begin-base64 data */
  E_YENC, /* in yEnc data */
  E_HQXW, /* BinHex: waiting for the line that starts with ':' */
  E_HQX,  /* in BinHex data */
  E_UUW   /* a uuencode part: waiting for data, begin line or not */
};
#define E_LINE 256 /* the window on a line in data */
#define E_HEAD 16  /* the window on a line while idle: enough for the
                      longest opening line's start */

struct mime_embed {
  enum estate st;
  int skip;  /* the rest of this line does not matter */
  int first; /* line[] starts a line */
  char line[E_LINE]; /* the window */
  size_t n;          /* bytes in it */
  struct mime_out *cur; /* the embedded file being written, or 0 */
  unsigned long count;  /* embedded files so far: their serial numbers */
  struct mime_b64 b64;  /* E_B64's decoder */
  int esc;              /* E_YENC: the last byte was the escape '=' */
  enum estate declared; /* the part says BinHex or uuencode: E_HQXW or
                           E_UUW; else E_IDLE */
  struct mime_hqx hqx;  /* E_HQX's decoder */
  int cr;               /* the last line ended in CR: an LF next is its end too */
};

struct mime_embed *mime_embed_new(enum mime_embkind embed, size_t *mem)
{
  struct mime_embed *e = alloc(sizeof *e);
  enum estate st = embed == MIME_EMBED_HQX ? E_HQXW : embed == MIME_EMBED_UU ? E_UUW : E_IDLE;
  if (!e) return 0;
  *mem += sizeof *e;
  *e = (struct mime_embed) { .st = st, .skip = 0, .first = 1, .n = 0, .cur = 0, .count = 0, .esc = 0, .declared = st, .cr = 0 };
  return e;
}

static void embed_chunk(struct mime_out *o, int complete);
static int uudata(const char *s, size_t n);

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
  e->st = e->declared == E_UUW ? E_IDLE : e->declared;
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

/* the name after "begin MODE ", for the policy's callback */
static void uuname(struct mime_out *o, const char *s, size_t n)
{
  size_t i = 6;
  struct mime *m = o->m;
  if (!m->name) return;
  while (i < n && s[i] != ' ') ++i;
  while (i < n && s[i] == ' ') ++i;
  while (n > i && (s[n - 1] == '\r' || s[n - 1] == '\n')) --n;
  m->name(m->namectx, MIME_NAME, s + i, n - i, o->name.s ? o->name.s : "", o->name.len);
}

static void embed_start(struct mime_out *o, enum estate st, const char *tag, const char *info)
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
  e->cur = mime_out_new(m, &name, info, str_len(info), MIME_EMBED_NONE);
  stralloc_free(&name);
  if (!e->cur) return;
  e->st = st;
  e->b64 = (struct mime_b64) MIME_B64_ZERO;
  e->esc = 0;
  e->hqx = (struct mime_hqx) MIME_HQX_ZERO;
}

/* a line of uuencoded data: its length character says how many bytes,
   and the line has the characters for them */
static int uudata(const char *s, size_t n)
{
  size_t len, need;
  if (!n || s[0] < 33 || s[0] > 96) return 0;
  len = (size_t) ((s[0] - 32) & 63);
  need = 1 + (len + 2) / 3 * 4;
  return n >= need && n <= need + 2;
}

/* "begin" in any case and any spacing: what a lenient decoder takes when
   the part says it is uuencoded */
static int uubegin_lax(const char *s, size_t n)
{
  size_t i;
  if (n < 6) return 0;
  for (i = 0; i < 5; ++i)
    if ((s[i] | 32) != "begin"[i]) return 0;
  return s[5] == ' ' || s[5] == '\t';
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
  if (!complete && (e->st == E_IDLE || e->st == E_UU || e->st == E_HQXW || e->st == E_UUW)) e->skip = 1;
  if (e->st == E_HQX) {
    if (mime_hqx(&e->hqx, s, n, e->cur)) { embed_close(o); e->skip = !complete; return; }
    if (complete) e->first = 1;
    return;
  }
  if (wasfirst) {
    size_t k = n;
    while (k && (s[k - 1] == '\r' || s[k - 1] == ' ' || s[k - 1] == '\t')) --k;
    if (uubegin(s, n)) {
      uuname(o, s, n);
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
    if (s[0] == '(' && n >= 16 && byte_equal(s, 16, "(This file must ")) {
      /* BinHex 4.0's opening line: the data starts at the next ':' */
      embed_close(o);
      e->st = E_HQXW;
      return;
    }
    if (e->st == E_IDLE) return;
    if (e->st == E_HQXW && n && s[0] == ':') {
      embed_start(o, E_HQX, ".hqx", "binhex");
      e->skip = 0;
      if (e->cur && mime_hqx(&e->hqx, s + 1, n - 1, e->cur)) { embed_close(o); e->skip = !complete; }
      else if (complete) e->first = 1;
      return;
    }
    if (e->st == E_UUW && (uubegin_lax(s, k) || uudata(s, k))) {
      embed_start(o, E_UU, ".uu", "uuencode");
      if (e->cur && !uubegin_lax(s, k)) uuline(e, s, k);
      return;
    }
    if (e->st == E_IDLE || e->st == E_HQXW || e->st == E_UUW) return;
    if (e->st == E_UU && k == 3 && mime_ieq(s, 3, "end")) { embed_close(o); return; }
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

/* the window on the line: while idle only its head, but a begin line
   whole when a policy wants the name (mime.h, name) */
static size_t window(const struct mime_out *o, const struct mime_embed *e)
{
  if (e->st != E_IDLE) return E_LINE;
  if (o->m->name && e->first && e->n >= 6 && byte_equal(e->line, 6, "begin ")) return E_LINE;
  return E_HEAD;
}

/* the first line end: LF, or a lone CR (qmail-smtpd keeps bare CRs, and
   Python's email splits lines on them too); CRLF is one line end. A lone
   CR counts in a part that says uuencode or BinHex and inside embedded
   data; while idle in an ordinary part only LF does (Python decodes
   uuencode only where the part says so), so that binary data is searched
   once, not twice. */
static const char *eol(const struct mime_embed *e, const char *s, size_t n)
{
  const char *lf = memchr(s, '\n', n);
  if (e->st == E_IDLE && e->declared == E_IDLE) return lf;
  {
    const char *cr = memchr(s, '\r', lf ? (size_t) (lf - s) : n);
    return cr ? cr : lf;
  }
}

void mime_embed_feed(struct mime_out *o, const char *s, size_t n)
{
  struct mime_embed *e = o->emb;
  while (n && !o->m->err) {
    size_t cap, k;
    const char *p;
    if (e->cr) {
      e->cr = 0;
      if (*s == '\n') { ++s; --n; continue; }
    }
    if (e->skip) {
      p = eol(e, s, n);
      o->m->st.work += p ? (size_t) (p - s) : n;
      if (!p) return;
      e->cr = *p == '\r';
      n -= (size_t) (p + 1 - s);
      s = p + 1;
      e->skip = 0;
      e->n = 0;
      e->first = 1;
      continue;
    }
    cap = window(o, e);
    k = cap - e->n;
    if (k > n) k = n;
    p = eol(e, s, k);
    if (p) {
      size_t t = (size_t) (p - s);
      e->cr = *p == '\r';
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
      if (e->n == window(o, e)) embed_chunk(o, 0);
    }
  }
}

/* the last line, when no line end follows it (a boundary owns it) */
void mime_embed_end(struct mime_out *o)
{
  struct mime *m = o->m;
  struct mime_embed *e = o->emb;
  if (e->cur && m->err) { mime_out_close(e->cur); e->cur = 0; }
  if (e->n && !e->skip && !m->err && (e->st != E_UU || uudata(e->line, e->n)))
    embed_chunk(o, 1);
  embed_close(o);
  alloc_free(e);
  o->emb = 0;
}

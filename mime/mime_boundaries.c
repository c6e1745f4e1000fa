#include <string.h>
#include "alloc.h"
#include "byte.h"
#include "mime_int.h"

/* One RFC 2231 section, boundary*N or boundary*N*: where its value sits in
   the collected bytes. */
#define XSTR(x) #x
#define STR(x) XSTR(x)

struct seg { unsigned long idx; unsigned int off; unsigned int len; int star; };

struct ctx {
  struct mime *m;
  struct mime_cands *c;
  stralloc segs;  /* struct seg records */
  stralloc data;  /* section values */
  stralloc tmp;
  stralloc dec;
};

static int add1(struct mime *m, struct mime_cands *c, const char *s, size_t n)
{
  int i;
  if (!n) return 1;
  if (n > MIME_BOUNDMAX) { mime_fail(m, MIME_LIMIT, "a boundary longer than " STR(MIME_BOUNDMAX) " bytes (MIME_BOUNDMAX)", 0); return 0; }
  for (i = 0; i < c->n; ++i) {
    m->st.work += n;
    if (c->v[i].len == n && byte_equal(c->v[i].s, n, s)) return 1;
  }
  if (c->n >= MIME_MAXBOUND) { mime_fail(m, MIME_LIMIT, "more than " STR(MIME_MAXBOUND) " candidate boundaries in one part (MIME_MAXBOUND)", 0); return 0; }
  if (!stralloc_copyb(&c->v[c->n], s, n)) { mime_nomem(m); return 0; }
  c->n++;
  return 1;
}

static int has2047(const char *s, size_t n)
{
  size_t i;
  for (i = 0; i + 1 < n; ++i)
    if (s[i] == '=' && s[i + 1] == '?') return 1;
  return 0;
}

/* A value as written, without its trailing white space, and decoded from
   RFC 2047 encoded words: clients differ on each. */
static int add(struct ctx *x, const char *s, size_t n)
{
  size_t k = n;
  if (!add1(x->m, x->c, s, n)) return 0;
  while (k && (s[k - 1] == ' ' || s[k - 1] == '\t')) --k;
  if (k != n && !add1(x->m, x->c, s, k)) return 0;
  if (n <= MIME_BOUNDMAX && has2047(s, n)) {
    if (!mime_2047(s, n, &x->dec)) { mime_nomem(x->m); return 0; }
    if (!add1(x->m, x->c, x->dec.s, x->dec.len)) return 0;
  }
  return 1;
}

/* name*=charset'language'value: the value after the second quote */
static int star(struct ctx *x, const char *v, size_t n, stralloc *out)
{
  size_t q1 = byte_chr(v, n, '\'');
  if (q1 < n) {
    size_t q2 = q1 + 1 + byte_chr(v + q1 + 1, n - q1 - 1, '\'');
    if (q2 < n) { v += q2 + 1; n -= q2 + 1; }
  }
  x->m->st.work += n;
  return mime_pct(v, n, out);
}

static int param(void *vx, const char *name, size_t nn, const char *val, size_t vn)
{
  struct ctx *x = vx;
  struct seg g;
  size_t i;
  unsigned long idx = 0;
  if (nn < 8 || !mime_ieq(name, 8, "boundary")) return 1;
  if (nn == 8) return add(x, val, vn);
  if (name[8] != '*') return 1;
  if (nn == 9) {
    if (!stralloc_copys(&x->tmp, "") || !star(x, val, vn, &x->tmp)) { mime_nomem(x->m); return 0; }
    return add(x, x->tmp.s, x->tmp.len);
  }
  for (i = 9; i < nn && name[i] >= '0' && name[i] <= '9' && i < 19; ++i)
    idx = idx * 10 + (unsigned long) (name[i] - '0');
  if (i == 9) return 1;
  g.star = 0;
  if (i < nn && name[i] == '*') { g.star = 1; ++i; }
  if (i != nn) return 1;
  g.idx = idx;
  g.off = (unsigned int) x->data.len;
  g.len = (unsigned int) vn;
  if (!stralloc_catb(&x->data, val, vn)) { mime_nomem(x->m); return 0; }
  if (!stralloc_catb(&x->segs, (const char *) &g, sizeof g)) { mime_nomem(x->m); return 0; }
  return 1;
}

/* Joins the sections in the given order; only the first may carry the
   charset'language' prefix, as RFC 2231 says. */
static int join(struct ctx *x, const struct seg *g, size_t ns)
{
  size_t i;
  if (!stralloc_copys(&x->tmp, "")) { mime_nomem(x->m); return 0; }
  for (i = 0; i < ns; ++i) {
    const char *v = x->data.s + g[i].off;
    int ok;
    x->m->st.work += g[i].len;
    if (g[i].star && !i) ok = star(x, v, g[i].len, &x->tmp);
    else if (g[i].star) ok = mime_pct(v, g[i].len, &x->tmp);
    else ok = stralloc_catb(&x->tmp, v, g[i].len);
    if (!ok) { mime_nomem(x->m); return 0; }
    if (x->tmp.len > MIME_BOUNDMAX) break; /* add() says why */
  }
  return add(x, x->tmp.s, x->tmp.len);
}

/* stable bottom-up merge sort on the section number: n log n, whatever
   order an attacker writes them in */
static void msort(struct seg *a, struct seg *t, size_t n, unsigned long long *work)
{
  size_t w, i;
  for (w = 1; w < n; w *= 2) {
    for (i = 0; i < n; i += 2 * w) {
      size_t l = i, r = i + w < n ? i + w : n, le = r, re = i + 2 * w < n ? i + 2 * w : n, o = i;
      while (l < le && r < re) t[o++] = (a[r].idx < a[l].idx) ? a[r++] : a[l++];
      while (l < le) t[o++] = a[l++];
      while (r < re) t[o++] = a[r++];
    }
    *work += n;
    memcpy(a, t, n * sizeof *a);
  }
}

/* "boundary" anywhere, even inside a comment or a quoted string, the way
   a careless parser finds it */
static int naive(struct ctx *x, const char *s, size_t n)
{
  size_t i;
  for (i = 0; i + 8 < n; ++i) {
    size_t j, vs, ve, k;
    ++x->m->st.work;
    if ((s[i] | 32) != 'b' || !mime_ieq(s + i, 8, "boundary")) continue;
    j = i + 8;
    while (j < n && (s[j] == ' ' || s[j] == '\t')) ++j;
    if (j >= n || s[j] != '=') continue;
    ++j;
    while (j < n && (s[j] == ' ' || s[j] == '\t')) ++j;
    if (j < n && s[j] == '"') {
      vs = ++j;
      while (j < n && s[j] != '"') ++j;
      ve = j;
    } else {
      vs = j;
      while (j < n && s[j] != ';' && s[j] != ' ' && s[j] != '\t' && s[j] != '"') ++j;
      ve = j;
    }
    x->m->st.work += j - i;
    if (!add(x, s + vs, ve - vs)) return 0;
    for (k = vs; k < ve; ++k)
      if (s[k] == ')' || s[k] == ',') break;
    if (k < ve && !add(x, s + vs, k - vs)) return 0;
    i = j - 1 > i ? j - 1 : i;
  }
  return 1;
}

int mime_boundaries(struct mime *m, const char *s, size_t n, struct mime_cands *c)
{
  struct ctx x;
  int ok = 0;
  stralloc st = STRALLOC_ZERO;
  x.m = m;
  x.c = c;
  x.segs = st; x.data = st; x.tmp = st; x.dec = st;
  if (!mime_params(s, n, &x.tmp, param, &x, &m->st.work)) {
    if (!m->err) mime_nomem(m);
    goto done;
  }
  if (x.segs.len) {
    size_t ns = x.segs.len / sizeof(struct seg);
    struct seg *g = alloc(x.segs.len);
    struct seg *t;
    if (!g) { mime_nomem(m); goto done; }
    memcpy(g, x.segs.s, x.segs.len);
    /* the order written, and the order of the section numbers */
    if (!join(&x, g, ns)) { alloc_free(g); goto done; }
    t = alloc(x.segs.len);
    if (!t) { alloc_free(g); mime_nomem(m); goto done; }
    msort(g, t, ns, &m->st.work);
    alloc_free(t);
    if (!join(&x, g, ns)) { alloc_free(g); goto done; }
    alloc_free(g);
  }
  if (!naive(&x, s, n)) goto done;
  ok = 1;
 done:
  stralloc_free(&x.segs);
  stralloc_free(&x.data);
  stralloc_free(&x.tmp);
  stralloc_free(&x.dec);
  return ok;
}

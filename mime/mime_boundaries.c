#include <string.h>
#include "alloc.h"
#include "byte.h"
#include "mime_int.h"

/* One RFC 2231 section, boundary*N or boundary*N*: where its value sits in
   the collected bytes. */
#define XSTR(x) #x
#define STR(x) XSTR(x)

struct seg {
  unsigned long idx; /* the section's number N */
  unsigned int off;  /* its value's offset in ctx's data */
  unsigned int len;  /* and length */
  int star;          /* boundary*N*: %XX-encoded */
};

struct ctx {
  struct mime *m;          /* the run it belongs to: budgets, errors */
  struct mime_cands *c; /* the candidates found so far */
  stralloc segs;  /* struct seg records */
  stralloc data;  /* section values */
  stralloc tmp;   /* a value unquoted, or sections joined */
  stralloc dec;   /* a value decoded from RFC 2047 */
  stralloc var;   /* a value without NULs or backslashes */
  stralloc one;   /* boundary*= decoded (not tmp: the value sits there) */
  int cs;         /* the value's RFC 2231 charset, when its ASCII is not
                     ASCII (mime_cs): MIME_CS_NONE for a plain value */
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

enum variant {
  V_UTF16,    /* UTF-16 of ASCII: the NULs and a byte order mark go */
  V_BACKSLASH /* backslash escapes undone */
};

/* s as one variant reads it: into x->var, then a candidate */
static int addvar(struct ctx *x, const char *s, size_t n, enum variant what)
{
  size_t i;
  if (!stralloc_copys(&x->var, "")) { mime_nomem(x->m); return 0; }
  if (what == V_UTF16 && n >= 2 && (((unsigned char) s[0] == 0xfe && (unsigned char) s[1] == 0xff) || ((unsigned char) s[0] == 0xff && (unsigned char) s[1] == 0xfe))) { s += 2; n -= 2; }
  for (i = 0; i < n; ++i) {
    char c = s[i];
    if (what == V_UTF16 && !c) continue;
    if (what == V_BACKSLASH && c == '\\' && ++i == n) break;
    if (!stralloc_append(&x->var, s + i)) { mime_nomem(x->m); return 0; }
  }
  x->m->st.work += n;
  return add1(x->m, x->c, x->var.s, x->var.len);
}

/* A value as written, without its trailing white space, without white
   space at either end, without single quotes around it, with its
   backslash escapes undone, with the NULs of UTF-16 taken out, and
   decoded from RFC 2047 encoded words: clients differ on each. Only a
   value that has such a feature gives more than one candidate. */
static int add(struct ctx *x, const char *s, size_t n)
{
  size_t k = n, b = 0;
  if (!add1(x->m, x->c, s, n)) return 0;
  if (n > MIME_BOUNDMAX) return 1;
  while (k && (s[k - 1] == ' ' || s[k - 1] == '\t')) --k;
  if (k != n && !add1(x->m, x->c, s, k)) return 0;
  while (b < k && (s[b] == ' ' || s[b] == '\t')) ++b;
  if (b && !add1(x->m, x->c, s + b, k - b)) return 0;
  if (k - b >= 2 && s[b] == '\'' && s[k - 1] == '\'' && !add1(x->m, x->c, s + b + 1, k - b - 2)) return 0;
  if (byte_chr(s, n, 0) < n && !addvar(x, s, n, V_UTF16)) return 0;
  if (byte_chr(s, n, '\\') < n && !addvar(x, s, n, V_BACKSLASH)) return 0;
  if (has2047(s, n)) {
    if (!mime_2047(s, n, &x->dec)) { mime_nomem(x->m); return 0; }
    if (!add1(x->m, x->c, x->dec.s, x->dec.len)) return 0;
  }
  if (x->cs != MIME_CS_NONE) {
    /* boundary*=cp500''... or utf-7: Python decodes it with the charset */
    int ok;
    if (!stralloc_copys(&x->var, "")) { mime_nomem(x->m); return 0; }
    if (x->cs == MIME_CS_UTF7) ok = mime_utf7(s, n, &x->var);
    else ok = mime_ebcdic(x->cs, s, n, &x->var);
    if (!ok) { mime_nomem(x->m); return 0; }
    x->m->st.work += n;
    if (!add1(x->m, x->c, x->var.s, x->var.len)) return 0;
  }
  return 1;
}

/* name*=charset'language'value: the value after the second quote */
static int star(struct ctx *x, const char *v, size_t n, stralloc *out)
{
  size_t k = mime_skipcs(v, n);
  if (k) x->cs = mime_cs(v, byte_chr(v, n, '\''));
  v += k;
  n -= k;
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
  x->cs = MIME_CS_NONE;
  if (nn == 8) return add(x, val, vn);
  if (name[8] != '*') return 1;
  if (nn == 9) {
    if (!stralloc_copys(&x->one, "") || !star(x, val, vn, &x->one)) { mime_nomem(x->m); return 0; }
    return add(x, x->one.s, x->one.len);
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
  x->cs = MIME_CS_NONE;
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

/* the sections joined, and when their numbers have a gap, those before
   it: a client may stop there */
static int withgap(struct ctx *x, const struct seg *g, size_t ns)
{
  size_t i, want = 0;
  if (!join(x, g, ns)) return 0;
  for (i = 0; i < ns; ++i) {
    if (g[i].idx == want) ++want;
    else if (g[i].idx > want) break;
  }
  x->m->st.work += ns;
  if (i && i < ns && !join(x, g, i)) return 0;
  return 1;
}

/* Sections written twice: the first of each number, then the last, as
   clients keep one or the other. g is sorted; t has room. */
static int dups(struct ctx *x, const struct seg *g, size_t ns, struct seg *t)
{
  size_t i, k = 0;
  int dup = 0;
  for (i = 1; i < ns; ++i)
    if (g[i].idx == g[i - 1].idx) dup = 1;
  x->m->st.work += ns;
  if (!dup) return 1;
  for (i = 0; i < ns; ++i)
    if (!i || g[i].idx != g[i - 1].idx) t[k++] = g[i];
  if (!withgap(x, t, k)) return 0;
  k = 0;
  for (i = 0; i < ns; ++i)
    if (i + 1 == ns || g[i].idx != g[i + 1].idx) t[k++] = g[i];
  return withgap(x, t, k);
}

/* "boundary" anywhere, even inside a comment or a quoted string, the way
   a careless parser finds it */
static int naive(struct ctx *x, const char *s, size_t n)
{
  size_t i;
  x->cs = MIME_CS_NONE;
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
      size_t e;
      vs = ++j;
      while (j < n && s[j] != '"') ++j;
      ve = j;
      /* and the end a parser that honours backslash escapes finds */
      for (e = vs; e < n && e - vs <= MIME_BOUNDMAX && s[e] != '"'; ++e)
        if (s[e] == '\\') ++e;
      if (e > n) e = n;
      x->m->st.work += e - vs;
      if (e != ve && e - vs <= MIME_BOUNDMAX && !add(x, s + vs, e - vs)) return 0;
    } else {
      size_t e;
      vs = j;
      while (j < n && s[j] != ';' && s[j] != ' ' && s[j] != '\t' && s[j] != '"') ++j;
      ve = j;
      for (e = vs; e < n && e - vs <= MIME_BOUNDMAX && s[e] != ';' && s[e] != ' ' && s[e] != '\t' && s[e] != '"'; ++e)
        if (s[e] == '\\') ++e;
      if (e > n) e = n;
      x->m->st.work += e - vs;
      if (e != ve && e - vs <= MIME_BOUNDMAX && !add(x, s + vs, e - vs)) return 0;
    }
    if (vs < n && s[vs] == '\'') {
      /* single quotes, taken as quotes */
      size_t e;
      for (e = vs + 1; e < n && e - vs <= MIME_BOUNDMAX && s[e] != '\''; ++e) ;
      x->m->st.work += e - vs;
      if (e < n && s[e] == '\'' && !add(x, s + vs + 1, e - vs - 1)) return 0;
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
  struct ctx x = { .m = m, .c = c, .segs = STRALLOC_ZERO, .data = STRALLOC_ZERO, .tmp = STRALLOC_ZERO, .dec = STRALLOC_ZERO, .var = STRALLOC_ZERO, .one = STRALLOC_ZERO, .cs = MIME_CS_NONE };
  int ok = 0;
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
    if (!withgap(&x, g, ns) || !dups(&x, g, ns, t)) { alloc_free(t); alloc_free(g); goto done; }
    alloc_free(t);
    alloc_free(g);
  }
  if (!naive(&x, s, n)) goto done;
  ok = 1;
 done:
  stralloc_free(&x.segs);
  stralloc_free(&x.data);
  stralloc_free(&x.tmp);
  stralloc_free(&x.dec);
  stralloc_free(&x.var);
  stralloc_free(&x.one);
  return ok;
}

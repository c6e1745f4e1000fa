#include "byte.h"
#include "mime_int.h"

/* Every declared name of one field, for m->name (mime.h): both "name"
   and "filename" in either field, since clients read either; each plain
   value as it is and RFC 2047 decoded; each starred value RFC 2231
   decoded (charset and language skipped); sections joined in the order
   they come, per parameter. */
struct ctx {
  struct mime *m;
  const stralloc *out;
  stralloc dec;         /* one decoded value */
  stralloc join[2];     /* name*N, filename*N joined */
};

static void tell(struct ctx *x, const char *s, size_t n)
{
  x->m->name(x->m->namectx, MIME_NAME, s, n, x->out->s ? x->out->s : "", x->out->len);
}

/* 0 "name", 1 "filename", -1 another parameter; *rest: what follows */
static int which(const char *name, size_t nn, size_t *rest)
{
  if (nn >= 8 && mime_ieq(name, 8, "filename")) { *rest = 8; return 1; }
  if (nn >= 4 && mime_ieq(name, 4, "name")) { *rest = 4; return 0; }
  return -1;
}

static int param(void *vx, const char *name, size_t nn, const char *val, size_t vn)
{
  struct ctx *x = vx;
  size_t r;
  int w = which(name, nn, &r);
  int starred;
  size_t k;
  if (w < 0) return 1;
  if (r == nn) {  /* plain */
    tell(x, val, vn);
    x->dec.len = 0;
    if (!mime_2047(val, vn, &x->dec)) return 0;
    if (x->dec.len != vn || !byte_equal(x->dec.s, vn, val)) tell(x, x->dec.s, x->dec.len);
    return 1;
  }
  if (name[r] != '*') return 1;
  starred = name[nn - 1] == '*';
  /* name*= and name*0*= carry the charset'language' */
  if (nn == r + 1 || (starred && nn == r + 3 && name[r + 1] == '0')) {
    k = mime_skipcs(val, vn);
    val += k;
    vn -= k;
  }
  x->dec.len = 0;
  if (starred ? !mime_pct(val, vn, &x->dec) : !stralloc_copyb(&x->dec, val, vn)) return 0;
  /* name*= alone is a whole name; a section is only part of one */
  if (nn == r + 1) { tell(x, x->dec.s ? x->dec.s : "", x->dec.len); return 1; }
  if (x->join[w].len > 4096) return 1;
  return stralloc_cat(&x->join[w], &x->dec);
}

int mime_param_names(struct mime *m, const char *s, size_t n, const stralloc *out)
{
  struct ctx x = { .m = m, .out = out, .dec = STRALLOC_ZERO, .join = { STRALLOC_ZERO, STRALLOC_ZERO } };
  stralloc tmp = STRALLOC_ZERO;
  unsigned long long work = 0;
  int r = mime_params(s, n, &tmp, param, &x, &work);
  int w;
  for (w = 0; r && w < 2; ++w)
    if (x.join[w].len) tell(&x, x.join[w].s, x.join[w].len);
  m->st.work += work;
  stralloc_free(&tmp);
  stralloc_free(&x.dec);
  stralloc_free(&x.join[0]);
  stralloc_free(&x.join[1]);
  return r;
}

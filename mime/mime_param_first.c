#include "str.h"
#include "mime_int.h"

struct ctx {
  const char *want; /* "filename" or "name" */
  size_t wn;        /* its length */
  stralloc *out;    /* the value */
  int found;        /* a plain or starred value is in out: it stays */
  int segs;         /* out holds sections joined so far */
};

/* Only for the listing: the first plain, starred or sectioned value. */
static int param(void *vx, const char *name, size_t nn, const char *val, size_t vn)
{
  struct ctx *x = vx;
  if (nn < x->wn || !mime_ieq(name, x->wn, x->want)) return 1;
  if (x->found) return 1;
  if (nn == x->wn) { x->found = 1; return stralloc_copyb(x->out, val, vn); }
  if (name[x->wn] != '*') return 1;
  if (nn == x->wn + 1 || (name[nn - 1] == '*' && !x->segs)) {
    size_t k = mime_skipcs(val, vn);
    val += k;
    vn -= k;
  }
  if (nn == x->wn + 1) { x->found = 1; if (!stralloc_copys(x->out, "")) return 0; return mime_pct(val, vn, x->out); }
  if (!x->segs && !stralloc_copys(x->out, "")) return 0;
  x->segs = 1;
  if (x->out->len > 1024) return 1;
  if (name[nn - 1] == '*') return mime_pct(val, vn, x->out);
  return stralloc_catb(x->out, val, vn);
}

int mime_param_first(const char *s, size_t n, const char *want, stralloc *out)
{
  struct ctx x = { .want = want, .wn = str_len(want), .out = out, .found = 0, .segs = 0 };
  stralloc tmp = STRALLOC_ZERO;
  unsigned long long work = 0;
  int r;
  r = mime_params(s, n, &tmp, param, &x, &work);
  stralloc_free(&tmp);
  return r;
}

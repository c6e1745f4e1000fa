#include "byte.h"
#include "mime_int.h"

struct ctx { const char *want; size_t wn; stralloc *out; int found; int segs; };

/* Only for the listing: the first plain, starred or sectioned value. */
static int param(void *vx, const char *name, size_t nn, const char *val, size_t vn)
{
  struct ctx *x = vx;
  if (nn < x->wn || !mime_ieq(name, x->wn, x->want)) return 1;
  if (x->found) return 1;
  if (nn == x->wn) { x->found = 1; return stralloc_copyb(x->out, val, vn); }
  if (name[x->wn] != '*') return 1;
  if (nn == x->wn + 1 || (name[nn - 1] == '*' && !x->segs)) {
    size_t q1 = byte_chr(val, vn, '\'');
    if (q1 < vn) {
      size_t q2 = q1 + 1 + byte_chr(val + q1 + 1, vn - q1 - 1, '\'');
      if (q2 < vn) { val += q2 + 1; vn -= q2 + 1; }
    }
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
  struct ctx x;
  stralloc tmp = STRALLOC_ZERO;
  unsigned long long work = 0;
  int r;
  x.want = want;
  x.wn = 0;
  while (want[x.wn]) ++x.wn;
  x.out = out;
  x.found = 0;
  x.segs = 0;
  r = mime_params(s, n, &tmp, param, &x, &work);
  stralloc_free(&tmp);
  return r;
}

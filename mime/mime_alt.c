#include "alloc.h"
#include "byte.h"
#include "str.h"
#include "mime_int.h"

/* The other readings of one leaf, for clients that decode bad base64 or
   quoted-printable their own way. They start only when the standard
   decoder meets an anomaly (until then every reading agrees with it), run
   beside it, and each gets a file only once its output differs from the
   standard one: the file starts with the standard file's bytes up to the
   point where they part. Clean mail never pays for them. */

#define XSTR(x) #x
#define STR(x) XSTR(x)

#define RING 4096 /* the standard output's last bytes, to compare with */
#define PEND 64   /* a reading's bytes ahead of the standard output */
#define NB64 8 /* MIME_B64_SKIPEQ to MIME_B64_PY */
#define NQP 5  /* MIME_QP_DROP to MIME_QP_PY */

/* one reading */
struct rd {
  enum mime_reading mode;
  struct mime_b64x b;   /* its decoder, base64 */
  struct mime_qpx q;    /* or quoted-printable */
  char held[2];         /* quoted-printable: the line end a boundary may own */
  size_t heldn;         /* its length */
  unsigned long long a; /* bytes equal to the standard output so far */
  char pend[PEND];      /* bytes ahead of the standard output, not yet compared */
  size_t np;            /* how many */
  struct mime_out *out; /* once it differs */
};

struct mime_alt {
  struct mime *m;          /* the run it belongs to: budgets, errors */
  struct mime_out *std; /* the standard decoder's file */
  int qp;               /* quoted-printable readings, not base64 */
  unsigned long long s; /* standard bytes so far */
  char ring[RING];      /* the last of them */
  int n;                /* readings: NB64 or NQP */
  struct rd r[NB64];
};

static const char *const tags[] = {
  [MIME_B64_SKIPEQ] = "skip", [MIME_B64_STOP] = "stop", [MIME_B64_EOL] = "eol",
  [MIME_B64_LINE] = "line", [MIME_B64_DROP] = "drop", [MIME_B64_PARA] = "para",
  [MIME_B64_CLEAN] = "clean", [MIME_QP_DROP] = "qdrop", [MIME_QP_SKIP] = "qskip",
  [MIME_QP_HALF] = "qhalf", [MIME_QP_EOL] = "qeol", [MIME_B64_PY] = "py", [MIME_QP_PY] = "qpy"
};

struct mime_alt *mime_alt_new(struct mime *m, struct mime_out *std, int qp, const struct mime_b64 *b, const struct mime_qp *q, const char *last, size_t lastn)
{
  struct mime_alt *a;
  int i;
  if (m->err) return 0;
  /* charged to MIME_MEMMAX like every other entity state */
  if (!mime_mem(m, sizeof *a)) { mime_unmem(m, sizeof *a); return 0; }
  a = alloc(sizeof *a);
  if (!a) { mime_unmem(m, sizeof *a); mime_nomem(m); return 0; }
  a->m = m;
  a->std = std;
  a->qp = qp;
  a->s = std->size - lastn;
  a->n = qp ? NQP : NB64;
  for (i = 0; i < a->n; ++i) {
    struct rd *r = &a->r[i];
    /* each reading starts in the standard decoder's state */
    *r = (struct rd) {
      .mode = (enum mime_reading) ((qp ? MIME_QP_DROP : MIME_B64_SKIPEQ) + i),
      .b = { .acc = b ? b->acc : 0, .q = b ? b->q : 0, .stop = 0, .skipline = 0, .any = 0, .pads = 0 },
      .q = { .st = q ? q->st : MIME_QP_PLAIN, .h = 0, .nws = q ? q->nws : 0, .skip = 0, .lf = 0 },
      .heldn = 0, .a = a->s, .np = 0, .out = 0
    };
    if (q) {
      r->q.h = q->h;
      byte_copy(r->q.ws, sizeof r->q.ws, q->ws);
    }
  }
  mime_alt_std(a, last, lastn);
  return a;
}

static void rd_put(struct mime_alt *a, struct rd *r, const char *s, size_t n);

/* the reading differs from the standard one from byte r->a on */
static void differ(struct mime_alt *a, struct rd *r)
{
  struct mime *m = a->m;
  stralloc name = STRALLOC_ZERO;
  stralloc info = STRALLOC_ZERO;
  size_t np = r->np;
  if (m->err) return;
  if (++m->st.parts > MIME_MAXPARTS) { mime_fail(m, MIME_LIMIT, "more than " STR(MIME_MAXPARTS) " parts (MIME_MAXPARTS)", 0); return; }
  if (!stralloc_copy(&name, &a->std->name) || !stralloc_cats(&name, "-") || !stralloc_cats(&name, tags[r->mode]) ||
      !stralloc_copy(&info, &a->std->info) || !stralloc_cats(&info, " [") || !stralloc_cats(&info, tags[r->mode]) || !stralloc_cats(&info, "]")) {
    mime_nomem(m);
    goto done;
  }
  r->out = mime_out_new(m, &name, info.s, info.len, 1);
  if (!r->out) goto done;
  mime_out_copy(r->out, a->std, r->a);
  r->np = 0;
  mime_out_put(r->out, r->pend, np);
 done:
  stralloc_free(&name);
  stralloc_free(&info);
}

/* the standard output's byte at position p, or -1 when gone from the ring */
static int stdbyte(const struct mime_alt *a, unsigned long long p)
{
  if (a->s - p > RING) return -1;
  return (unsigned char) a->ring[p % RING];
}

static void rd_put(struct mime_alt *a, struct rd *r, const char *s, size_t n)
{
  size_t i;
  if (!n || a->m->err) return;
  if (r->out) { mime_out_put(r->out, s, n); return; }
  for (i = 0; i < n; ++i) {
    if (!r->np && r->a < a->s) {
      if (stdbyte(a, r->a) == (unsigned char) s[i]) { r->a++; continue; }
    } else if (r->np < PEND) { r->pend[r->np++] = s[i]; continue; }
    differ(a, r);
    if (r->out) mime_out_put(r->out, s + i, n - i);
    return;
  }
}

void mime_alt_std(struct mime_alt *a, const char *s, size_t n)
{
  int i;
  a->m->st.work += n;
  while (n) {
    size_t p = (size_t) (a->s % RING);
    size_t k = RING - p < n ? RING - p : n;
    byte_copy(a->ring + p, k, s);
    a->s += k;
    s += k;
    n -= k;
  }
  for (i = 0; i < a->n; ++i) {
    struct rd *r = &a->r[i];
    size_t j = 0;
    if (r->out) continue;
    while (j < r->np && r->a < a->s && stdbyte(a, r->a) == (unsigned char) r->pend[j]) { r->a++; ++j; }
    if (j < r->np && r->a < a->s) { byte_copy(r->pend, r->np - j, r->pend + j); r->np -= j; differ(a, r); continue; }
    if (j) { byte_copy(r->pend, r->np - j, r->pend + j); r->np -= j; }
    if (a->s - r->a > RING) differ(a, r); /* too far behind to compare */
  }
}

void mime_alt_in(struct mime_alt *a, const char *s, size_t n, const char *eol, size_t eoln, int flags)
{
  char out[MIME_ALTCHUNK + 16];
  int i;
  a->m->st.work += n * (size_t) a->n;
  for (i = 0; i < a->n && !a->m->err; ++i) {
    struct rd *r = &a->r[i];
    if (!a->qp) {
      rd_put(a, r, out, mime_b64x(&r->b, r->mode, s, n, out));
      if (flags & MIME_END) rd_put(a, r, out, mime_b64x_eol(&r->b, r->mode, out));
    } else {
      int soft = 0;
      if ((flags & MIME_START) && r->heldn) { rd_put(a, r, r->held, r->heldn); r->heldn = 0; }
      if (r->mode == MIME_QP_PY) rd_put(a, r, out, mime_qpy(&r->q, s, n, (flags & MIME_END) != 0, eol, eoln, out, &soft));
      else rd_put(a, r, out, mime_qpx(&r->q, r->mode, s, n, (flags & MIME_END) != 0, out, &soft));
      if ((flags & MIME_END) && !soft) { byte_copy(r->held, eoln, eol); r->heldn = eoln; }
    }
  }
}

/* The standard base64 decoder read s[0..n) from state b0 to state b
   without an anomaly and wrote its last o bytes. A reading that was equal
   to it in state and in output before stays equal: it is moved along
   instead of decoding, so that once readings run, only those that have
   parted cost decoding. */
void mime_alt_clean(struct mime_alt *a, const struct mime_b64 *b0, const struct mime_b64 *b, size_t o, const char *s, size_t n)
{
  char out[MIME_ALTCHUNK + 16];
  int i;
  for (i = 0; i < a->n && !a->m->err; ++i) {
    struct rd *r = &a->r[i];
    if (!r->out && !r->np && r->a + o == a->s && r->b.acc == b0->acc && r->b.q == b0->q && !r->b.stop && !r->b.skipline && !r->b.pads) {
      r->a = a->s;
      r->b.acc = b->acc;
      r->b.q = b->q;
      if (o || b->q != b0->q) r->b.any = 1;
      continue;
    }
    a->m->st.work += n;
    rd_put(a, r, out, mime_b64x(&r->b, r->mode, s, n, out));
  }
}

void mime_alt_end(struct mime_alt *a, int keep)
{
  int i;
  for (i = 0; i < a->n; ++i) {
    struct rd *r = &a->r[i];
    if (!a->m->err) {
      char b[2];
      if (!a->qp) rd_put(a, r, b, mime_b64x_end(&r->b, b));
      else if (keep && r->heldn) rd_put(a, r, r->held, r->heldn);
      if (!r->out && (r->np || r->a != a->s)) differ(a, r);
    }
    if (r->out) mime_out_close(r->out);
  }
  mime_unmem(a->m, sizeof *a);
  alloc_free(a);
}

#include <string.h>
#include "alloc.h"
#include "byte.h"
#include "qsq_safe.h"
#include "str.h"
#include "mime_int.h"

/* The entity tree. Every entity (the message, each part, preambles and
   epilogues) is a node: first its header, then its body, which goes to
   one handler per interpretation: for each transfer encoding found, a leaf
   written to a file, a message/rfc822 child, and a splitter per candidate
   boundary. All of them see the same lines at the same time, so nothing
   is buffered and every interpretation gets its own files. */

#define XSTR(x) #x
#define STR(x) XSTR(x)

/* what a handler makes of the body it reads */
enum hkind {
  H_LEAF, /* decodes it into a file */
  H_MSG,  /* decodes it, and reads the result as a message */
  H_SPLIT /* splits it into parts on one candidate boundary */
};

/* where a split is in its body */
enum sstate {
  S_PREAMBLE, /* before the first delimiter */
  S_PART,     /* in a part */
  S_EPILOGUE  /* after the closing delimiter */
};

#define CDMAX 4096 /* Content-Disposition only names files for the listing */

#define CHUNK 2048 /* decoders take this much at a time */
/* mime_alt.c's buffers hold one piece: no piece may be longer */
typedef char mime_chunk_fits[CHUNK <= MIME_ALTCHUNK ? 1 : -1];
#define PENDMAX 256

/* A multipart body split on one boundary: each part a child node. */
struct split {
  struct mime *m;          /* the run it belongs to: budgets, errors */
  stralloc bound;          /* the boundary, without the leading -- */
  stralloc prefix;         /* the parts are named prefix.1, prefix.2 ... */
  struct mime_node *child; /* the part being read, or the preamble or
                              epilogue; 0 between them */
  unsigned long next;      /* the next part's number */
  int depth;               /* the parts' depth */
  int digest;              /* multipart/digest: a part is message/rfc822
                              by default */
  int lax;                 /* a line that starts with the delimiter is one,
                              whatever follows */
  enum sstate state;
};

/* One reading of a body: one transfer decoding, then one use. */
struct handler {
  enum hkind kind;
  unsigned int enc;        /* MIME_ENC_ID, _B64 or _QP: one decoding */
  struct mime_b64 b64;     /* its decoder's state */
  struct mime_qp qp;
  char held[2]; /* identity and QP: the line end that a boundary may own */
  size_t heldn;            /* its length */
  struct mime_out *out;    /* H_LEAF, and encoded H_MSG: the file */
  int haslines;            /* lines is in use: H_MSG, H_SPLIT, encoded */
  struct mime_lines lines; /* decoded bytes back into lines */
  struct mime_node *child; /* H_MSG: the message inside */
  struct split *split;     /* H_SPLIT */
  struct mime_alt *alt; /* other readings of a leaf, once it looks bad */
  /* a base64 line that may be the last one (padding, a short line): the
     other readings start only if data follows it */
  int pend;                /* such a line is held back */
  struct mime_b64 pb;      /* the decoder's state before it */
  char pin[PENDMAX];       /* the line */
  size_t pinn;
  char pout[PENDMAX];      /* what the standard decoder made of it */
  size_t poutn;
  char peol[2];            /* its line end */
  size_t peoln;
  int pblank; /* a blank line came after it */
};

/* An entity: the message, a part, a preamble or an epilogue. */
struct mime_node {
  struct mime *m;          /* the run it belongs to: budgets, errors */
  stralloc name;           /* its position: 1, 1.2, 1.2-b64.1 ... */
  int depth;               /* 1 for the message */
  int root;                /* the message itself: an mbox From line is
                              no header line */
  int isalt;               /* the alternative reading of a header that a
                              non-field line interrupted */
  int dfltmsg;             /* in a multipart/digest: message/rfc822 when
                              it has no Content-Type */
  const char *role;        /* "preamble", "epilogue" or 0, for the listing */
  int body;                /* the header has ended */
  int seen;                /* a header field came */
  enum mime_fkind fkind;   /* the field being read */
  stralloc field;          /* its value so far, when the core reads it */
  unsigned int types;      /* MIME_T_* bits, from every Content-Type */
  int nct;                 /* how many Content-Type fields */
  unsigned int encs;       /* MIME_ENC_* bits, from every C-T-E field */
  enum mime_embkind embkind; /* MIME_EMBED, or the part says BinHex or uuencode */
  struct mime_cands cands; /* candidate boundaries */
  stralloc ltype;          /* listing: the first type */
  stralloc lname;          /* listing: the declared file name */
  struct handler *h;       /* the readings of the body */
  int nh;                  /* how many */
  struct mime_node *alt;   /* the alternative header reading, or 0 */
  size_t mem;    /* state charged to MIME_MEMMAX, given back at the end */
  size_t hdrmem; /* the part of it that the header's strallocs hold */
  /* multipart: delimiters found in the body (see bodybound) */
  int multi;                /* a multipart */
  unsigned int digest;      /* a multipart/digest */
  stralloc dash;            /* the last line if it was --X for an unknown X */
  struct split **xs;        /* the splits on delimiters found, open */
  int nxs;                  /* how many */
  int axs;                  /* room for how many */
  unsigned long xsn;        /* how many ever: names them */
};

static void node_line(struct mime_node *n, const char *s, size_t len, const char *eol, size_t eoln, int flags);
static void node_finish(struct mime_node *n, int keep);

static struct mime_node *node_new(struct mime *m, const stralloc *name, int depth)
{
  struct mime_node *n;
  size_t k = sizeof *n + name->len;
  if (m->err) return 0;
  if (depth > MIME_MAXDEPTH) { mime_fail(m, MIME_LIMIT, "MIME nesting deeper than " STR(MIME_MAXDEPTH) " (MIME_MAXDEPTH)", 0); return 0; }
  if (++m->st.parts > MIME_MAXPARTS) { mime_fail(m, MIME_LIMIT, "more than " STR(MIME_MAXPARTS) " parts (MIME_MAXPARTS)", 0); return 0; }
  if (m->active >= MIME_MAXACTIVE) { mime_fail(m, MIME_LIMIT, "more than " STR(MIME_MAXACTIVE) " parts open at once (MIME_MAXACTIVE)", 0); return 0; }
  if (!mime_mem(m, k)) { mime_unmem(m, k); return 0; }
  n = alloc(sizeof *n);
  if (!n) { mime_unmem(m, k); mime_nomem(m); return 0; }
  /* every member not named is 0: empty strallocs and candidates */
  *n = (struct mime_node) { .m = m, .mem = k, .depth = depth, .fkind = MIME_F_NONE, .embkind = MIME_EMBED };
  if (!stralloc_copy(&n->name, name)) { alloc_free(n); mime_unmem(m, k); mime_nomem(m); return 0; }
  if (++m->active > m->st.active) m->st.active = m->active;
  if ((unsigned long long) depth > m->st.depth) m->st.depth = (unsigned long long) depth;
  return n;
}

/* charges k more bytes of state to the node */
static int charge(struct mime_node *n, size_t k)
{
  n->mem += k;
  return mime_mem(n->m, k);
}

/* The header's strallocs grow with the header (a field, up to
   MIME_FIELDMAX, in every reading that parses it): charged as they do. */
static void hdr_sync(struct mime_node *n)
{
  size_t k = n->field.a + n->ltype.a + n->lname.a;
  int i;
  for (i = 0; i < n->cands.n; ++i) k += n->cands.v[i].a;
  if (k > n->hdrmem) (void) charge(n, k - n->hdrmem);
  else {
    mime_unmem(n->m, n->hdrmem - k);
    n->mem -= n->hdrmem - k;
  }
  n->hdrmem = k;
}

static void hdr_free(struct mime_node *n)
{
  int i;
  stralloc_free(&n->field);
  for (i = 0; i < MIME_MAXBOUND; ++i) stralloc_free(&n->cands.v[i]);
  n->cands.n = 0;
  hdr_sync(n);
}

/* name = base, then sep and tag, then num when num is not 0 */
static int mkname(stralloc *out, const stralloc *base, const char *sep, const char *tag, unsigned long num)
{
  if (!stralloc_copy(out, base)) return 0;
  if (sep && !stralloc_cats(out, sep)) return 0;
  if (tag && !stralloc_cats(out, tag)) return 0;
  if (num && !stralloc_catulong(out, num)) return 0;
  return 1;
}

/* ---------- header ---------- */

static void field_end(struct mime_node *n)
{
  struct mime *m = n->m;
  const char *s = n->field.s;
  size_t len = n->field.len;
  enum mime_fkind kind = n->fkind;
  struct mime_field f;
  n->fkind = MIME_F_NONE;
  if (kind == MIME_F_NONE || m->err) return;
  if (!s) s = "";
  if (kind == MIME_F_CT) n->nct++;
  mime_field_value(kind, s, len, &f);
  m->st.work += f.work;
  n->types |= f.types;
  n->encs |= f.encs;
  if (f.emb != MIME_EMBED_NONE) n->embkind = f.emb;
  if (m->name && (kind == MIME_F_CT || kind == MIME_F_CD)) {
    if (kind == MIME_F_CT) m->name(m->namectx, MIME_TYPE, s + f.type, f.typelen, n->name.s, n->name.len);
    if (!mime_param_names(m, s, len, &n->name)) { mime_nomem(m); return; }
  }
  if (kind == MIME_F_CT) {
    if ((m->flags & MIME_LIST) && !n->ltype.len && !stralloc_copyb(&n->ltype, s + f.type, f.typelen > 100 ? 100 : f.typelen)) { mime_nomem(m); return; }
    if (!mime_boundaries(m, s, len, &n->cands)) return;
    if ((m->flags & MIME_LIST) && !n->lname.len && !mime_param_first(s, len, "name", &n->lname)) { mime_nomem(m); return; }
  } else if (kind == MIME_F_CD) {
    if ((m->flags & MIME_LIST) && !n->lname.len && !mime_param_first(s, len, "filename", &n->lname)) { mime_nomem(m); return; }
  }
  n->field.len = 0;
  hdr_sync(n);
}

static void field_add(struct mime_node *n, const char *s, size_t len)
{
  size_t a;
  if (n->fkind == MIME_F_NONE) return;
  if (n->fkind == MIME_F_CD) {
    if (n->field.len + len > CDMAX) len = n->field.len < CDMAX ? CDMAX - n->field.len : 0;
  } else if (n->field.len + len > MIME_FIELDMAX) {
    mime_fail(n->m, MIME_LIMIT, "a Content-Type or Content-Transfer-Encoding field longer than " STR(MIME_FIELDMAX) " bytes (MIME_FIELDMAX)", 0);
    return;
  }
  a = n->field.a;
  if (!stralloc_catb(&n->field, s, len)) { mime_nomem(n->m); return; }
  if (n->field.a != a) hdr_sync(n);
}

static int hdr_copy(struct mime_node *to, const struct mime_node *from)
{
  int i;
  to->types = from->types;
  to->nct = from->nct;
  to->encs = from->encs;
  to->embkind = from->embkind;
  to->dfltmsg = from->dfltmsg;
  to->role = from->role;
  to->seen = 1;
  for (i = 0; i < from->cands.n; ++i)
    if (!stralloc_copy(&to->cands.v[i], &from->cands.v[i])) return 0;
  to->cands.n = from->cands.n;
  if (from->ltype.len && !stralloc_copy(&to->ltype, &from->ltype)) return 0;
  if (from->lname.len && !stralloc_copy(&to->lname, &from->lname)) return 0;
  hdr_sync(to);
  return 1;
}

static void header_end(struct mime_node *n);
static void node_body(struct mime_node *n, const char *s, size_t len, const char *eol, size_t eoln, int flags);

/* Clients disagree: some start the body at a line, or end a field, or
   end the header, where others read on for more header fields. Both,
   then: n goes on its way, an alternative node (P h) goes on with the
   header, in the state n has (and, when field, with n's field so far).
   One per node. */
static void altnode(struct mime_node *n, int field)
{
  struct mime *m = n->m;
  stralloc name = STRALLOC_ZERO;
  if (n->isalt || n->alt) return;
  if (!mkname(&name, &n->name, 0, "h", 0)) { mime_nomem(m); return; }
  n->alt = node_new(m, &name, n->depth);
  stralloc_free(&name);
  if (!n->alt) return;
  n->alt->isalt = 1;
  if (!hdr_copy(n->alt, n)) { mime_nomem(m); return; }
  if (field && n->fkind != MIME_F_NONE) {
    n->alt->fkind = n->fkind;
    field_add(n->alt, n->field.s, n->field.len);
  }
}

/* a Content-Type or -Transfer-Encoding field behind white space or
   control characters: a continuation or junk to some readers, a field
   to others (ripMIME) */
static size_t hidden(const char *s, size_t len, enum mime_fkind *kind, size_t *v)
{
  size_t i;
  for (i = 0; i < len && ((unsigned char) s[i] < 33 || s[i] == 127); ++i) ;
  *kind = mime_field_name(s + i, len - i, v);
  return i;
}

static void node_hdr(struct mime_node *n, const char *s, size_t len, const char *eol, size_t eoln, int flags)
{
  struct mime *m = n->m;
  enum mime_fkind kind;
  size_t v;
  m->st.header += len + eoln;
  m->st.work += len;
  if (!(flags & MIME_START)) { field_add(n, s, len); return; }
  if (!len) {
    /* an empty line ends the header; an empty fragment says nothing. A
       lone CR is no line end to some readers: the field behind it is
       one to them */
    if (!(flags & MIME_END)) return;
    if (n->isalt && eoln == 1 && eol[0] == '\r') return;
    field_end(n);
    if (eoln == 1 && eol[0] == '\r') altnode(n, 0);
    header_end(n);
    return;
  }
  if (s[0] == ' ' || s[0] == '\t') {
    size_t k = hidden(s, len, &kind, &v);
    if (kind == MIME_F_CT || kind == MIME_F_CTE) {
      /* folded under the field before it: a field to the alternative
         reading, a continuation to this one */
      if (n->isalt) { s += k; len -= k; goto field; }
      altnode(n, 1);
    }
    field_add(n, s, len);
    return;
  }
  /* a field behind a control character (vertical tab, form feed, NUL,
     ESC, DEL): the alternative reading (below) takes it as a field, this
     one as the start of the body */
  if (n->isalt) while (len && ((unsigned char) s[0] < 32 || s[0] == 127)) { ++s; --len; }
 field:
  field_end(n);
  kind = mime_field_name(s, len, &v);
  if (kind != MIME_F_BODY) {
    n->seen = 1;
    n->fkind = kind;
    field_add(n, s + v, len - v);
    return;
  }
  /* not a header line */
  if (n->root && !n->seen && len >= 5 && byte_equal(s, 5, "From ")) return; /* mbox */
  if (n->isalt) return;
  /* Clients disagree: some start the body here, some skip the line and
     read on for more header fields. */
  altnode(n, 0);
  header_end(n);
  node_body(n, s, len, eol, eoln, flags);
}

static int add_info(struct mime *m, stralloc *info, const struct mime_node *n, const char *dflt, const char *enc)
{
  size_t i;
  if (!(m->flags & MIME_LIST)) return 1;
  if (!stralloc_copys(info, "")) return 0;
  for (i = 0; i < n->ltype.len; ++i) {
    char c = qsq_keep(QSQ_GRAPH, n->ltype.s[i]);
    if (c >= 'A' && c <= 'Z') c = (char) (c + 32);
    if (!stralloc_append(info, &c)) return 0;
  }
  if (!n->ltype.len && !stralloc_cats(info, dflt)) return 0;
  if (!stralloc_cats(info, " ") || !stralloc_cats(info, enc)) return 0;
  if (n->role && (!stralloc_cats(info, " (") || !stralloc_cats(info, n->role) || !stralloc_cats(info, ")"))) return 0;
  if (n->lname.len) {
    /* the declared name, printable ASCII only: never trusted, only shown */
    if (!stralloc_cats(info, " name=\"")) return 0;
    for (i = 0; i < n->lname.len && i < 200; ++i) {
      char c = qsq_keep(QSQ_PRINT, n->lname.s[i]);
      if (!stralloc_append(info, &c)) return 0;
    }
    if (!stralloc_cats(info, "\"")) return 0;
  }
  return 1;
}

static const char *encname(unsigned int enc)
{
  return enc == MIME_ENC_B64 ? "base64" : enc == MIME_ENC_QP ? "quoted-printable" : "raw";
}

static const char *enctag(unsigned int enc)
{
  return enc == MIME_ENC_B64 ? "b64" : enc == MIME_ENC_QP ? "qp" : "";
}

static struct split *split_new(struct mime *m, const stralloc *bound, const stralloc *prefix, int depth, int digest)
{
  struct split *sp = alloc(sizeof *sp);
  if (!sp) { mime_nomem(m); return 0; }
  *sp = (struct split) { .m = m, .bound = STRALLOC_ZERO, .prefix = STRALLOC_ZERO, .child = 0, .next = 1,
                         .depth = depth, .digest = digest, .lax = 0, .state = S_PREAMBLE };
  if (!stralloc_copy(&sp->bound, bound) || !stralloc_copy(&sp->prefix, prefix)) {
    stralloc_free(&sp->bound);
    stralloc_free(&sp->prefix);
    alloc_free(sp);
    mime_nomem(m);
    return 0;
  }
  return sp;
}

/* One more reading of n's body, n->h[n->nh]: kind on decoding e; for
   H_SPLIT, on candidate boundary cand. single: it is the only reading,
   and keeps the plain name. prefix and info are scratch space. Returns
   0 on error (set in m). */
static int handler_new(struct mime_node *n, enum hkind kind, unsigned int e, int cand, int single, unsigned int types, stralloc *prefix, stralloc *info)
{
  struct mime *m = n->m;
  struct handler *h = &n->h[n->nh++];
  int b;
  *h = (struct handler) { .kind = kind, .enc = e, .b64 = MIME_B64_ZERO, .qp = MIME_QP_ZERO };
  /* one interpretation keeps the plain name; several get a tag each */
  if (single) b = mkname(prefix, &n->name, 0, 0, 0);
  else if (kind == H_LEAF) b = mkname(prefix, &n->name, "-", e == MIME_ENC_ID ? "raw" : enctag(e), 0);
  else if (kind == H_MSG) b = mkname(prefix, &n->name, "-r", enctag(e), 0);
  else b = mkname(prefix, &n->name, "-m", 0, (unsigned long) cand + 1) && stralloc_cats(prefix, enctag(e));
  if (!b) { mime_nomem(m); return 0; }
  if (!add_info(m, info, n, kind == H_MSG ? "message/rfc822" : "text/plain", encname(e))) { mime_nomem(m); return 0; }
  if (kind == H_LEAF || (kind == H_MSG && e != MIME_ENC_ID)) {
    h->out = mime_out_new(m, prefix, info->s, info->len, kind == H_LEAF ? n->embkind : MIME_EMBED_NONE);
    if (!h->out) return 0;
  }
  if (kind != H_LEAF && e != MIME_ENC_ID) {
    if (!charge(n, MIME_SUBLINEMAX)) return 0;
    if (!mime_lines_init(&h->lines, MIME_SUBLINEMAX)) { mime_nomem(m); return 0; }
    h->haslines = 1;
  }
  if (kind == H_MSG) {
    if (!stralloc_cats(prefix, ".1")) { mime_nomem(m); return 0; }
    h->child = node_new(m, prefix, n->depth + 1);
    return h->child != 0;
  }
  if (kind == H_SPLIT) {
    if (!charge(n, sizeof *h->split + n->cands.v[cand].len + prefix->len)) return 0;
    h->split = split_new(m, &n->cands.v[cand], prefix, n->depth + 1, (types & MIME_T_DIGEST) != 0);
    return h->split != 0;
  }
  return 1;
}

/* The header is over: the body gets a reading for each decoding and each
   use (a leaf, a message, a split per candidate boundary) the header
   allows, in that order. */
static void header_end(struct mime_node *n)
{
  struct mime *m = n->m;
  unsigned int types, encs, e;
  int nenc = 0, per = 0, k;
  stralloc prefix = STRALLOC_ZERO;
  stralloc info = STRALLOC_ZERO;
  n->body = 1;
  if (m->err) return;
  encs = n->encs ? n->encs : MIME_ENC_ID;
  types = n->nct ? n->types : (n->dfltmsg ? MIME_T_MSG : MIME_T_LEAF);
  if ((types & MIME_T_MULTI) && !n->cands.n) types |= MIME_T_LEAF;
  for (e = MIME_ENC_ID; e <= MIME_ENC_QP; e <<= 1) if (encs & e) ++nenc;
  if (types & MIME_T_LEAF) ++per;
  if (types & MIME_T_MSG) ++per;
  if (types & MIME_T_MULTI) per += n->cands.n;
  if (!charge(n, (size_t) (nenc * per) * sizeof *n->h)) goto done;
  n->multi = (types & MIME_T_MULTI) != 0;
  n->digest = types & MIME_T_DIGEST;
  n->h = alloc((size_t) (nenc * per) * sizeof *n->h);
  if (!n->h) { mime_nomem(m); goto done; }
  for (e = MIME_ENC_ID; e <= MIME_ENC_QP; e <<= 1) {
    int single = nenc * per == 1;
    if (!(encs & e)) continue;
    if ((types & MIME_T_LEAF) && !handler_new(n, H_LEAF, e, 0, single, types, &prefix, &info)) goto done;
    if ((types & MIME_T_MSG) && !handler_new(n, H_MSG, e, 0, single, types, &prefix, &info)) goto done;
    if (types & MIME_T_MULTI)
      for (k = 0; k < n->cands.n; ++k)
        if (!handler_new(n, H_SPLIT, e, k, single, types, &prefix, &info)) goto done;
  }
 done:
  stralloc_free(&prefix);
  stralloc_free(&info);
  hdr_free(n);
}

/* ---------- body ---------- */

static void split_line(struct split *sp, const char *s, size_t len, const char *eol, size_t eoln, int flags)
{
  struct mime *m = sp->m;
  size_t bl = sp->bound.len;
  m->st.work++;
  if ((flags & (MIME_START | MIME_END)) == (MIME_START | MIME_END) && len >= 2 + bl &&
      s[0] == '-' && s[1] == '-' && (!bl || s[2] == sp->bound.s[0]) && byte_equal(s + 2, bl, sp->bound.s)) {
    const char *r = s + 2 + bl;
    size_t rn = len - 2 - bl, i;
    int close = 0;
    m->st.work += 2 + bl;
    if (rn >= 2 && r[0] == '-' && r[1] == '-') { close = 1; r += 2; rn -= 2; }
    for (i = 0; i < rn && (r[i] == ' ' || r[i] == '\t'); ++i) ;
    m->st.work += i;
    if (i == rn || sp->lax) {
      if (sp->child) { node_finish(sp->child, 0); sp->child = 0; }
      if (close) { sp->state = S_EPILOGUE; return; }
      {
        stralloc name = STRALLOC_ZERO;
        if (!mkname(&name, &sp->prefix, ".", 0, sp->next++)) { mime_nomem(m); return; }
        sp->child = node_new(m, &name, sp->depth);
        stralloc_free(&name);
        if (sp->child) sp->child->dfltmsg = sp->digest;
        sp->state = S_PART;
      }
      return;
    }
  }
  if (!sp->child) {
    stralloc name = STRALLOC_ZERO;
    /* preamble and epilogue: parsed like parts, since some clients show
       what hides there */
    if (sp->state == S_PREAMBLE ? !mkname(&name, &sp->prefix, ".0", 0, 0) : !mkname(&name, &sp->prefix, ".", 0, sp->next++)) { mime_nomem(m); return; }
    sp->child = node_new(m, &name, sp->depth);
    stralloc_free(&name);
    if (!sp->child) return;
    sp->child->role = sp->state == S_PREAMBLE ? "preamble" : "epilogue";
  }
  node_line(sp->child, s, len, eol, eoln, flags);
}

static void consume(void *vh, const char *s, size_t len, const char *eol, size_t eoln, int flags)
{
  struct handler *h = vh;
  if (h->kind == H_MSG) node_line(h->child, s, len, eol, eoln, flags);
  else split_line(h->split, s, len, eol, eoln, flags);
}

static inline void emit(struct handler *h, const char *s, size_t n)
{
  if (!n) return;
  if (h->out) mime_out_put(h->out, s, n);
  if (h->alt) mime_alt_std(h->alt, s, n);
  if (h->haslines) mime_lines_feed(&h->lines, s, n, consume, h);
}

/* A base64 line with nothing but digits, then padding and white space:
   if it is the last line, every reading agrees. */
static int tail(const char *s, size_t n)
{
  size_t i = 0;
  while (i < n && s[i] != '=' && s[i] != ' ' && s[i] != '\t') {
    unsigned char c = (unsigned char) s[i++];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/')) return 0;
  }
  while (i < n && s[i] == '=') ++i;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i == n;
}

/* The other base64 readings (mime_alt.c) start from state b, the standard
   decoder having written out[0..o) from there; then they read s[0..n). */
static void b64_start(struct mime *m, struct handler *h, const struct mime_b64 *b, const char *out, size_t o, const char *s, size_t n)
{
  h->alt = mime_alt_new(m, h->out, 0, b, 0, out, o);
  if (h->alt) mime_alt_in(h->alt, s, n, 0, 0, 0);
}

/* a held-back line, now that more data comes */
static void b64_resume(struct mime *m, struct handler *h, const char *s, size_t len)
{
  size_t i;
  for (i = 0; i < len && (s[i] == ' ' || s[i] == '\t'); ++i) ;
  if (i == len) return;
  h->pend = 0;
  b64_start(m, h, &h->pb, h->pout, h->poutn, h->pin, h->pinn);
  if (h->alt) mime_alt_in(h->alt, h->pin, 0, h->peol, h->peoln, MIME_END);
  if (h->alt && h->pblank) mime_alt_in(h->alt, h->pin, 0, h->peol, h->peoln, MIME_END);
}

/* After a base64 line of one chunk that holds an '=' or junk or ends
   inside a group of four: other decoders may part from this one here.
   bl is the state before the line, out[0..o) what it gave. */
static void b64_odd(struct mime *m, struct handler *h, const struct mime_b64 *bl, const char *s, size_t len, const char *out, size_t o, const char *eol, size_t eoln, int flags)
{
  if (h->kind != H_LEAF || m->err) return;
  if ((flags & (MIME_START | MIME_END)) == (MIME_START | MIME_END) && len <= PENDMAX && o <= PENDMAX && eoln <= 2 && tail(s, len)) {
    h->pend = 1;
    h->pb = *bl;
    memcpy(h->pin, s, len);
    h->pinn = len;
    memcpy(h->pout, out, o);
    h->poutn = o;
    memcpy(h->peol, eol, eoln);
    h->peoln = eoln;
    h->pblank = 0;
    return;
  }
  b64_start(m, h, bl, out, o, s, len);
  if ((flags & MIME_END) && h->alt) mime_alt_in(h->alt, s, 0, eol, eoln, MIME_END);
}

/* base64 with the other readings running or held back, or a long line */
static void b64_slow(struct mime *m, struct handler *h, const char *s, size_t len, const char *eol, size_t eoln, int flags)
{
  char out[CHUNK + 16];
  if (h->pend && !m->err) b64_resume(m, h, s, len);
  while (len) {
    size_t k = len > CHUNK ? CHUNK : len;
    struct mime_b64 b0 = h->b64;
    size_t o = mime_b64(&h->b64, s, k, out);
    emit(h, out, o);
    if (h->alt && h->b64.odd == b0.odd) mime_alt_clean(h->alt, &b0, &h->b64, o, s, k);
    else if (h->alt) mime_alt_in(h->alt, s, k, 0, 0, 0);
    else if (h->b64.odd != b0.odd && h->kind == H_LEAF && !m->err) b64_start(m, h, &b0, out, o, s, k);
    s += k;
    len -= k;
  }
  /* still held back: only white space came */
  if (h->pend) { if (flags & MIME_END) h->pblank = 1; return; }
  if (!h->alt && h->kind == H_LEAF && (flags & MIME_END) && h->b64.q && !m->err) b64_start(m, h, &h->b64, out, 0, s, 0);
  if ((flags & MIME_END) && h->alt) mime_alt_in(h->alt, s, 0, eol, eoln, MIME_END);
}

static void handler_line(struct mime *m, struct handler *h, const char *s, size_t len, const char *eol, size_t eoln, int flags)
{
  char out[CHUNK + 16];
  int first = 1;
  if (h->kind != H_LEAF && h->enc == MIME_ENC_ID) { consume(h, s, len, eol, eoln, flags); return; }
  m->st.work += len;
  if (h->enc == MIME_ENC_B64) {
    struct mime_b64 bl;
    size_t o;
    if (len > CHUNK || h->alt || h->pend) { b64_slow(m, h, s, len, eol, eoln, flags); return; }
    bl = h->b64;
    o = mime_b64(&h->b64, s, len, out);
    emit(h, out, o);
    if (h->b64.odd != bl.odd || ((flags & MIME_END) && h->b64.q)) b64_odd(m, h, &bl, s, len, out, o, eol, eoln, flags);
    return;
  }
  /* identity and QP: the line end is written only once the next line
     shows it is not the one before a boundary */
  if ((flags & MIME_START) && h->heldn) { emit(h, h->held, h->heldn); h->heldn = 0; }
  if (h->enc == MIME_ENC_ID) emit(h, s, len);
  else {
    int soft = 0;
    do {
      size_t k = len > CHUNK ? CHUNK : len;
      int piece = 0; /* the flags of this piece of the line */
      struct mime_qp q0 = h->qp;
      size_t o;
      // cppcheck-suppress knownConditionTrueFalse ; false positive: k == len whenever len <= CHUNK
      if (k == len) piece |= flags & MIME_END;
      if (first) piece |= flags & MIME_START;
      o = mime_qp(&h->qp, s, k, (piece & MIME_END) != 0, out, &soft);
      /* a soft line break at a lone CR: Python and Courier skip to the
         next LF, so the readings must run */
      if (soft && (piece & MIME_END) && eoln == 1 && eol[0] == '\r') ++h->qp.bad;
      emit(h, out, o);
      if (h->kind == H_LEAF && !h->alt && h->qp.bad != q0.bad && !m->err)
        h->alt = mime_alt_new(m, h->out, 1, 0, &q0, out, o);
      if (h->alt) mime_alt_in(h->alt, s, k, eol, eoln, piece);
      first = 0;
      s += k;
      len -= k;
    } while (len);
    if (soft) return;
  }
  if (flags & MIME_END) { memcpy(h->held, eol, eoln); h->heldn = eoln; }
}

static int seq(const stralloc *a, const char *s, size_t n)
{
  return a->len == n && byte_equal(a->s, n, s);
}

/* Is y a boundary of n's own splits (self) or of any entity being parsed
   below n? Then its lines are that entity's business. */
static int knows(const struct mime_node *n, const char *y, size_t yn, int self)
{
  int i;
  if (!n) return 0;
  n->m->st.work++;
  for (i = 0; i < n->nh; ++i) {
    const struct handler *h = &n->h[i];
    if (h->split && ((self && seq(&h->split->bound, y, yn)) || knows(h->split->child, y, yn, 1))) return 1;
    if (h->child && knows(h->child, y, yn, 1)) return 1;
  }
  for (i = 0; i < n->nxs; ++i)
    if ((self && seq(&n->xs[i]->bound, y, yn)) || knows(n->xs[i]->child, y, yn, 1)) return 1;
  return knows(n->alt, y, yn, 1);
}

/* Is y a boundary of one of n's own splits? */
static int owns(const struct mime_node *n, const char *y, size_t yn)
{
  int i;
  for (i = 0; i < n->nh; ++i)
    if (n->h[i].split && seq(&n->h[i].split->bound, y, yn)) return 1;
  for (i = 0; i < n->nxs; ++i)
    if (seq(&n->xs[i]->bound, y, yn)) return 1;
  return 0;
}

/* No count limit: each split found is one more reading of the rest of
   the body, and its work, parts, files and state are counted in the
   budgets (MIME_STEPK, MIME_WORKK, MIME_FILEK, MIME_MAXOPEN, MIME_MEMMAX)
   like every other reading's. */
static void addxs(struct mime_node *n, const char *b, size_t bn, int lax)
{
  struct mime *m = n->m;
  stralloc prefix = STRALLOC_ZERO;
  stralloc bound = STRALLOC_ZERO;
  struct split *sp;
  if (n->nxs == n->axs) {
    int a = n->axs ? 2 * n->axs : 4;
    void *p = n->xs;
    if (!charge(n, (size_t) (a - n->axs) * sizeof (struct split *))) return;
    if (!alloc_re(&p, (size_t) n->axs * sizeof (struct split *), (size_t) a * sizeof (struct split *))) { mime_nomem(m); return; }
    n->xs = p;
    n->axs = a;
  }
  if (!mkname(&prefix, &n->name, "-x", 0, ++n->xsn) || !stralloc_copyb(&bound, b, bn)) { mime_nomem(m); goto done; }
  if (!charge(n, sizeof *sp + bn + prefix.len)) goto done;
  sp = split_new(m, &bound, &prefix, n->depth + 1, n->digest != 0);
  if (!sp) goto done;
  sp->lax = lax;
  n->xs[n->nxs++] = sp;
 done:
  stralloc_free(&prefix);
  stralloc_free(&bound);
}

/* A line that starts with a known boundary's delimiter and has more
   after it (--B1-, --B1 x) is a delimiter to ripMIME, munpack and
   Courier whatever follows it: the body gets one more split on that
   boundary, taking every line that starts with its delimiter, at once.
   Returns 1 when the line is such a delimiter. */
static int laxline(struct mime_node *n, const char *s, size_t len, const char *eol, size_t eoln)
{
  struct mime *m = n->m;
  int i, k, lax = -1;
  size_t yn = len - 2;
  while (yn && (s[2 + yn - 1] == ' ' || s[2 + yn - 1] == '\t')) --yn;
  if (yn > 2 && s[yn] == '-' && s[yn + 1] == '-') yn -= 2;
  /* a delimiter of a part inside (a boundary that starts with ours) */
  if (knows(n, s + 2, yn, 0)) return 0;
  for (i = 0; i < n->nh && lax < 0; ++i) {
    const struct split *sp = n->h[i].split;
    m->st.work++;
    if (sp && sp->bound.len && sp->bound.len + 2 < len && byte_equal(s + 2, sp->bound.len, sp->bound.s)) lax = i;
  }
  if (lax < 0) return 0;
  {
    const stralloc *b = &n->h[lax].split->bound;
    for (k = 0; k < n->nxs && !(n->xs[k]->lax && seq(&n->xs[k]->bound, b->s, b->len)); ++k) ;
    if (k < n->nxs) return 1; /* that split runs already, and has taken the line */
    addxs(n, b->s, b->len, 1);
    if (k < n->nxs && !m->err) split_line(n->xs[k], s, len, eol, eoln, MIME_START | MIME_END);
  }
  return 1;
}

/* Delimiters that the header hides from a strict parser (a boundary in a
   form this parser did not take from the Content-Type field), or that
   carry more after them: a line --X for an X that no split here or below
   knows, followed by a Content- field, is a delimiter to some client.
   Then the body gets one more split: on a known boundary that X starts
   with, taking any line that starts with its delimiter; otherwise on X.
   Clean mail never has such a pair. seen: the line made a new entity
   below n (a delimiter there), so it is none of ours. */
static void bodybound(struct mime_node *n, const char *s, size_t len, const char *eol, size_t eoln, int seen)
{
  struct mime *m = n->m;
  int i;
  if (n->dash.len) {
    if (len > 8 && mime_ieq(s, 8, "content-") && byte_chr(s, len, ':') < len) {
      const char *y = n->dash.s + 2;
      size_t yn = n->dash.len - 2;
      int k, nx = n->nxs, lax = -1;
      m->st.work += n->dash.len;
      if (yn > 2 && y[yn - 2] == '-' && y[yn - 1] == '-') yn -= 2;
      if (!knows(n, y, yn, 0)) {
        /* a known boundary that the line starts with */
        for (i = 0; i < n->nh && lax < 0; ++i)
          if (n->h[i].split && n->h[i].split->bound.len < yn && byte_equal(y, n->h[i].split->bound.len, n->h[i].split->bound.s)) lax = i;
        if (lax >= 0) {
          const stralloc *b = &n->h[lax].split->bound;
          for (k = 0; k < n->nxs && !(n->xs[k]->lax && seq(&n->xs[k]->bound, b->s, b->len)); ++k) ;
          if (k == n->nxs) addxs(n, b->s, b->len, 1);
        } else addxs(n, y, yn, 0);
        if (n->nxs > nx && !m->err) {
          split_line(n->xs[nx], n->dash.s, n->dash.len, eol, eoln, MIME_START | MIME_END);
          split_line(n->xs[nx], s, len, eol, eoln, MIME_START | MIME_END);
        }
      }
    }
    n->dash.len = 0;
  }
  if (!seen && len >= 3 && len <= MIME_BOUNDMAX && s[0] == '-' && s[1] == '-') {
    size_t yn = len - 2;
    while (yn && (s[2 + yn - 1] == ' ' || s[2 + yn - 1] == '\t')) --yn;
    m->st.work += len;
    if (!yn) return;
    if (owns(n, s + 2, yn)) return;
    if (yn > 2 && s[yn] == '-' && s[yn + 1] == '-' && owns(n, s + 2, yn - 2)) return;
    if (laxline(n, s, len, eol, eoln)) return;
    if (!stralloc_copyb(&n->dash, s, 2 + yn)) mime_nomem(m);
  }
}

/* a multipart's body beyond its splits: the splits on delimiters found
   in the body, and the search for them */
static void node_multi(struct mime_node *n, const char *s, size_t len, const char *eol, size_t eoln, int flags, unsigned long long parts)
{
  int i, nx = n->nxs;
  for (i = 0; i < nx && !n->m->err; ++i) split_line(n->xs[i], s, len, eol, eoln, flags);
  /* most lines neither start with -- nor follow such a line */
  if (n->m->err || (!n->dash.len && (len < 3 || s[0] != '-' || s[1] != '-'))) return;
  if ((flags & (MIME_START | MIME_END)) == (MIME_START | MIME_END)) bodybound(n, s, len, eol, eoln, parts != n->m->st.parts);
  else n->dash.len = 0;
}

static void node_body(struct mime_node *n, const char *s, size_t len, const char *eol, size_t eoln, int flags)
{
  int i;
  for (i = 0; i < n->nh && !n->m->err; ++i) handler_line(n->m, &n->h[i], s, len, eol, eoln, flags);
}

static void node_line(struct mime_node *n, const char *s, size_t len, const char *eol, size_t eoln, int flags)
{
  if (!n || n->m->err) return;
  n->m->st.lines++;
  /* a step for the entity and one for each of its readings */
  if (!mime_step(n->m, 1 + (unsigned long) n->nh)) return;
  if (!n->body) node_hdr(n, s, len, eol, eoln, flags);
  else if (!n->multi) node_body(n, s, len, eol, eoln, flags);
  else {
    unsigned long long parts = n->m->st.parts;
    node_body(n, s, len, eol, eoln, flags);
    node_multi(n, s, len, eol, eoln, flags, parts);
  }
  if (n->alt) node_line(n->alt, s, len, eol, eoln, flags);
}

static void split_free(struct split *sp, int keep)
{
  if (sp->child) node_finish(sp->child, keep);
  stralloc_free(&sp->bound);
  stralloc_free(&sp->prefix);
  alloc_free(sp);
}

/* keep: the body ends at the end of its stream, not at a boundary, so
   its last line end is its own */
static void handler_finish(struct mime *m, struct handler *h, int keep)
{
  if (h->enc == MIME_ENC_B64 && !m->err) {
    char b[2];
    emit(h, b, mime_b64_end(&h->b64, b));
  }
  if (keep && h->heldn && !m->err) emit(h, h->held, h->heldn);
  if (h->alt) mime_alt_end(h->alt, keep);
  if (h->haslines) {
    if (!m->err) mime_lines_run(&h->lines, 1, consume, h);
    mime_lines_free(&h->lines);
    keep = 1; /* a decoded stream ends by itself */
  }
  if (h->child) node_finish(h->child, keep);
  if (h->split) split_free(h->split, keep);
  if (h->out) mime_out_close(h->out);
}

/* Ends the entity: flushes every interpretation (or, after an error,
   only frees), then frees the node. */
static void node_finish(struct mime_node *n, int keep)
{
  struct mime *m = n->m;
  int i;
  for (i = 0; i < n->nh; ++i) handler_finish(m, &n->h[i], keep);
  if (n->h) alloc_free(n->h);
  for (i = 0; i < n->nxs; ++i) split_free(n->xs[i], keep);
  if (n->xs) alloc_free(n->xs);
  stralloc_free(&n->dash);
  if (n->alt) node_finish(n->alt, keep);
  hdr_free(n);
  stralloc_free(&n->ltype);
  stralloc_free(&n->lname);
  stralloc_free(&n->name);
  mime_unmem(m, n->mem);
  m->active--;
  alloc_free(n);
}

/* ---------- the interface ---------- */

static void rootline(void *vm, const char *s, size_t len, const char *eol, size_t eoln, int flags)
{
  struct mime *m = vm;
  node_line(m->root, s, len, eol, eoln, flags);
}

int mime_init(struct mime *m, int flags, substdio *list)
{
  stralloc name = STRALLOC_ZERO;
  /* every member not named is 0: no error, no statistics yet */
  *m = (struct mime) { .flags = flags, .errname = STRALLOC_ZERO, .list = list, .lines = 0, .root = 0 };
  m->lines = alloc(sizeof *m->lines);
  if (!m->lines) { mime_nomem(m); return m->err; }
  if (!mime_lines_init(m->lines, MIME_LINEMAX)) {
    alloc_free(m->lines);
    m->lines = 0;
    mime_nomem(m);
    return m->err;
  }
  if (!stralloc_copys(&name, "1")) { mime_nomem(m); return m->err; }
  m->root = node_new(m, &name, 1);
  stralloc_free(&name);
  if (m->root) m->root->root = 1;
  return m->err;
}

int mime_buffer(struct mime *m, char **p, size_t *room)
{
  if (m->err) return m->err;
  *p = m->lines->buf + m->lines->n;
  *room = m->lines->a - m->lines->n;
  return 0;
}

int mime_commit(struct mime *m, size_t n)
{
  if (m->err) return m->err;
  m->st.in += n;
  m->lines->n += n;
  mime_lines_run(m->lines, 0, rootline, m);
  return m->err;
}

int mime_feed(struct mime *m, const char *buf, size_t n)
{
  while (n && !m->err) {
    char *p;
    size_t room;
    if (mime_buffer(m, &p, &room)) break;
    if (room > n) room = n;
    memcpy(p, buf, room);
    buf += room;
    n -= room;
    mime_commit(m, room);
  }
  return m->err;
}

int mime_finish(struct mime *m)
{
  if (!m->err) mime_lines_run(m->lines, 1, rootline, m);
  if (m->root) { node_finish(m->root, 1); m->root = 0; }
  /* the work of the last steps, checked at none after them */
  if (!m->err) (void) mime_step(m, 0);
  return m->err;
}

void mime_free(struct mime *m)
{
  /* nothing more is written once the caller gives up */
  if (m->root) {
    if (!m->err) mime_fail(m, MIME_TEMP, "abandoned", 0);
    node_finish(m->root, 0);
    m->root = 0;
  }
  if (m->lines) { mime_lines_free(m->lines); alloc_free(m->lines); m->lines = 0; }
  stralloc_free(&m->errname);
}

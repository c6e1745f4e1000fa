#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "alloc.h"
#include "byte.h"
#include "fmt.h"
#include "open.h"
#include "str.h"
#include "zip.h"
#include "mime_int.h"

#define XSTR(x) #x
#define STR(x) XSTR(x)

/* A write error names the file: one reformime made up, never one from
   the message. substdio gets all of it through short writes and EINTR,
   and takes a write that makes no progress for an error, never a loop. */
static void out_fail(struct mime_out *o)
{
  mime_fail(o->m, MIME_WRITE, "unable to write", errno);
  (void) stralloc_copy(&o->m->errname, &o->name);
}

static void out_flush(struct mime_out *o)
{
  if (o->ss.fd >= 0 && substdio_flush(&o->ss) == -1) out_fail(o);
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
  o->mem += MIME_OUT_START;
  if (!mime_mem(m, MIME_OUT_START)) return 0;
  if (!(m->flags & MIME_NOWRITE)) {
    char *buf;
    int fd;
    if (!stralloc_0(&o->name)) { mime_nomem(m); return 0; }
    o->name.len--;
    buf = alloc(MIME_OUT_START);
    if (!buf) { mime_nomem(m); return 0; }
    substdio_fdbuf(&o->ss, substdio_write, -1, buf, MIME_OUT_START);
    fd = open_excl(o->name.s);
    if (fd == -1) {
      int e = errno;
      if (e == ENOSPC || e == EDQUOT || e == EFBIG) mime_fail(m, MIME_WRITE, "unable to create", e);
      else if (e == ENOMEM) mime_nomem(m);
      else mime_fail(m, MIME_TEMP, "unable to create", e);
      (void) stralloc_copy(&m->errname, &o->name);
      return 0;
    }
    o->ss.fd = fd;
  }
  o->opened = 1;
  m->open++;
  m->st.files++;
  return 1;
}

struct mime_out *mime_out_new(struct mime *m, const stralloc *name, const char *info, size_t infolen, enum mime_embkind embed)
{
  struct mime_out *o = alloc(sizeof *o);
  if (!o) { mime_nomem(m); return 0; }
  /* no buffer and no descriptor until the first byte */
  *o = (struct mime_out) { .m = m, .name = STRALLOC_ZERO, .info = STRALLOC_ZERO, .opened = 0,
                           .ss = SUBSTDIO_FDBUF(substdio_write, -1, 0, 0), .size = 0, .emb = 0, .mem = 0, .grown = 0,
                           .zipdepth = 0, .zipsig = 0, .zipmatch = 0 };
  /* a file name has at most 255 bytes: deep positions get a serial */
  if (name->len > 200) {
    char num[FMT_ULONG];
    if (!stralloc_copys(&o->name, "x") || !stralloc_catb(&o->name, num, fmt_ulong(num, ++m->serial))) goto nomem;
  } else if (!stralloc_copy(&o->name, name)) goto nomem;
  if ((m->flags & MIME_LIST) && !stralloc_copyb(&o->info, info, infolen)) goto nomem;
  if (embed != MIME_EMBED_NONE) {
    o->emb = mime_embed_new(embed, &o->mem);
    if (!o->emb) goto nomem;
  }
  o->mem += MIME_OUTCOST + o->name.len + o->info.len;
  (void) mime_mem(m, o->mem); /* past the budget, the error stops the run */
  return o;
 nomem:
  stralloc_free(&o->name);
  stralloc_free(&o->info);
  alloc_free(o);
  mime_nomem(m);
  return 0;
}

/* Notes whether a zip local header's signature is among the bytes, also
   one split between writes: only such a file is read back for its
   members. zipmatch: how much of a signature the last write ended with. */
static void zipsig(struct mime_out *o, const char *s, size_t n)
{
  static const char sig[4] = { 'P', 'K', 3, 4 };
  size_t i;
  if (o->zipsig) return;
  for (i = 0; o->zipmatch && i < n; i++) {
    if (s[i] != sig[o->zipmatch]) { o->zipmatch = 0; break; }
    if (++o->zipmatch == 4) { o->zipsig = 1; return; }
  }
  if (o->zipmatch) return; /* all of s went on with the signature */
  if (zip_find((const unsigned char *) s, n, ZIP_LOCALSIG) < n) { o->zipsig = 1; return; }
  /* how much of a signature the bytes end with */
  if (n >= 3 && s[n - 3] == 'P' && s[n - 2] == 'K' && s[n - 1] == 3) o->zipmatch = 3;
  else if (n >= 2 && s[n - 2] == 'P' && s[n - 1] == 'K') o->zipmatch = 2;
  else if (s[n - 1] == 'P') o->zipmatch = 1;
}

void mime_out_put(struct mime_out *o, const char *s, size_t n)
{
  struct mime *m = o->m;
  if (m->err || !n) return;
  if (o->zipdepth) {
    /* members have their own budget: a zip packs its bytes tighter than
       any MIME encoding */
    m->st.zipped += n;
    if (m->st.zipped > (unsigned long long) MIME_ZIPK * m->st.in + MIME_ZIPC) {
      mime_fail(m, MIME_LIMIT, "zip members larger than " STR(MIME_ZIPK) " times the input plus " STR(MIME_ZIPC) " bytes (MIME_ZIPK, MIME_ZIPC)", 0);
      return;
    }
  } else {
    m->st.out += n;
    if (m->st.out > (unsigned long long) MIME_OUTK * m->st.in + MIME_OUTC) {
      mime_fail(m, MIME_LIMIT, "output larger than " STR(MIME_OUTK) " times the input plus " STR(MIME_OUTC) " bytes (MIME_OUTK, MIME_OUTC)", 0);
      return;
    }
  }
  /* a small file is searched as it is written; a big one once, whole,
     when it is closed (mime_zip), which costs less than a search of
     every piece the decoders hand over */
  if (!(m->flags & MIME_NOWRITE) && !o->zipsig) {
    if (o->size > MIME_ZIPSCAN) o->zipsig = 1;
    else zipsig(o, s, n);
  }
  if (!o->opened && !out_open(o)) return;
  o->size += n;
  /* a big file gets a big buffer, fewer system calls, when the budget has
     room; charged alike in a listing */
  if (o->size > 1048576 && !o->grown && m->mem + MIME_OUT_BIG - MIME_OUT_START <= MIME_MEMMAX) {
    o->grown = 1;
    o->mem += MIME_OUT_BIG - MIME_OUT_START;
    (void) mime_mem(m, MIME_OUT_BIG - MIME_OUT_START);
  }
  if (o->ss.fd >= 0) {
    if (o->grown && o->ss.n < MIME_OUT_BIG && n > o->ss.n - o->ss.p) {
      /* the buffer is full: a good time to move to the big one */
      char *b = alloc(MIME_OUT_BIG);
      out_flush(o);
      if (b && !m->err) {
        alloc_free(o->ss.x);
        substdio_fdbuf(&o->ss, substdio_write, o->ss.fd, b, MIME_OUT_BIG);
      } else if (b) alloc_free(b);
    }
    if (!m->err && substdio_put(&o->ss, s, n) == -1) out_fail(o);
  }
  if (o->emb) mime_embed_feed(o, s, n);
}

void mime_out_copy(struct mime_out *o, struct mime_out *from, unsigned long long n)
{
  struct mime *m = o->m;
  char buf[4096];
  int fd = -1;
  if (n > from->size) n = from->size;
  if (!n || m->err) return;
  if (from->ss.fd >= 0) {
    out_flush(from);
    fd = open_read(from->name.s); /* made by us, in our own folder */
    if (fd == -1) { mime_fail(m, MIME_TEMP, "unable to read back", errno); (void) stralloc_copy(&m->errname, &from->name); return; }
  }
  byte_zero(buf, sizeof buf); /* counting only; and no byte unknown to the analyzers */
  while (n && !m->err) {
    size_t k = n > sizeof buf ? sizeof buf : (size_t) n;
    if (fd >= 0) {
      ssize_t r = read(fd, buf, k);
      if (r == -1 && errno == EINTR) continue;
      if (r <= 0) { mime_fail(m, MIME_TEMP, "unable to read back", r ? errno : EIO); (void) stralloc_copy(&m->errname, &from->name); break; }
      k = (size_t) r;
    }
    mime_out_put(o, buf, k);
    n -= k;
  }
  if (fd >= 0) (void) close(fd);
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
  int unzip = o->zipsig && o->ss.fd >= 0;
  if (o->emb) mime_embed_end(o);
  if (o->ss.fd >= 0) {
    if (!m->err) out_flush(o);
    if (close(o->ss.fd) == -1 && !m->err) {
      mime_fail(m, MIME_WRITE, "unable to write", errno);
      (void) stralloc_copy(&m->errname, &o->name);
    }
  }
  if (o->opened) {
    m->open--;
    if (!m->err) listline(m, o);
  }
  if (o->ss.x) alloc_free(o->ss.x);
  mime_unmem(m, o->mem);
  if (unzip && !m->err) mime_zip(m, &o->name, o->zipdepth);
  stralloc_free(&o->name);
  stralloc_free(&o->info);
  alloc_free(o);
}


#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "byte.h"
#include "open.h"
#include "zip.h"
#include "mime_int.h"

#define XSTR(x) #x
#define STR(x) XSTR(x)

/* readings of one member that the central directory asks for besides
   its local header's: more than this many different ones are left out
   (a name listed again and again) */
#define CDREADINGS 4

static int put(void *ctx, const char *s, size_t n)
{
  struct mime_out *o = ctx;
  mime_out_put(o, s, n);
  return !o->m->err;
}

/* A stored member whose size is left to a data descriptor, or runs past
   the end, ends where the next zip record starts. Taking more than the
   member is harmless, less is not. */
static size_t storedlen(const unsigned char *p, size_t n, unsigned long long csize, int descriptor)
{
  size_t i;
  if (!descriptor && csize && csize <= n) return (size_t) csize;
  for (i = 0; i + 4 <= n; i++)
    if (p[i] == 'P' && p[i + 1] == 'K' &&
        ((p[i + 2] == 3 && p[i + 3] == 4) || (p[i + 2] == 1 && p[i + 3] == 2) || (p[i + 2] == 7 && p[i + 3] == 8)))
      return i;
  return n;
}

/* The member's name for the listing: printable ASCII, the rest '?'. */
static int info(stralloc *sa, const unsigned char *s, size_t n)
{
  size_t i;
  if (!stralloc_copys(sa, "zip member name=\"")) return 0;
  for (i = 0; i < n && i < 200; i++) {
    char c = '?';
    if (s[i] >= 32 && s[i] < 127 && s[i] != '"') c = (char) s[i];
    if (!stralloc_append(sa, &c)) return 0;
  }
  return stralloc_cats(sa, "\"");
}

/* One reading of the member whose local header is h, at p[0..n): by
   method and, stored, by size; into name.zN, or name.zN-cdK for the
   central directory's K-th reading. */
static void reading(struct mime *m, const stralloc *name, unsigned long count, unsigned int cd, unsigned int depth,
                    const unsigned char *p, size_t n, const struct zip_local *h, unsigned int method, unsigned long long csize)
{
  stralloc mname = STRALLOC_ZERO;
  stralloc minfo = STRALLOC_ZERO;
  struct mime_out *o;
  size_t used;
  if (++m->st.parts > MIME_MAXPARTS) { mime_fail(m, MIME_LIMIT, "more than " STR(MIME_MAXPARTS) " parts (MIME_MAXPARTS)", 0); return; }
  if (!stralloc_copy(&mname, name) || !stralloc_cats(&mname, ".z") || !stralloc_catulong(&mname, count) ||
      (cd && (!stralloc_cats(&mname, "-cd") || !stralloc_catulong(&mname, cd))) ||
      !info(&minfo, p + h->name, h->namelen)) {
    mime_nomem(m);
    goto done;
  }
  /* no search for uuencode and the like in a member: text inside an
     archive is the scanner's, and a member may be far bigger than the
     message that the work budget is measured against */
  o = mime_out_new(m, &mname, minfo.s, minfo.len, MIME_EMBED_NONE);
  if (!o) goto done;
  o->zipdepth = depth + 1;
  if (method == ZIP_STORED) {
    size_t len = storedlen(p + h->data, n - h->data, csize, (h->flags & ZIP_DESCRIPTOR) != 0);
    if (len) mime_out_put(o, (const char *) p + h->data, len);
  } else if (zip_inflate(p + h->data, n - h->data, &used, put, o) == ZIP_NOMEM) mime_nomem(m);
  /* invalid or cut data: what came out before it is what a reader gets */
  mime_out_close(o);
 done:
  stralloc_free(&mname);
  stralloc_free(&minfo);
}

/* The central directory's entries, found anywhere in the file, sorted by
   name, so that each local header finds what a reader trusting the
   directory makes of it. */
struct entry {
  const unsigned char *name;
  size_t namelen;
  unsigned int method;
  unsigned long long csize;
};

static int byname(const void *a, const void *b)
{
  const struct entry *x = a, *y = b;
  size_t n = x->namelen < y->namelen ? x->namelen : y->namelen;
  int d = byte_diff((const char *) x->name, n, (const char *) y->name);
  if (d) return d;
  return (x->namelen > y->namelen) - (x->namelen < y->namelen);
}

static int directory(struct mime *m, const stralloc *name, const unsigned char *p, size_t n, stralloc *sa, size_t *count)
{
  size_t at;
  *count = 0;
  if (!stralloc_copys(sa, "")) return 0;
  for (at = zip_find(p, n, ZIP_CENTRALSIG); at < n; at += 1 + zip_find(p + at + 1, n - at - 1, ZIP_CENTRALSIG)) {
    struct zip_central c;
    struct entry e;
    if (!zip_central(p + at, n - at, &c)) continue;
    e = (struct entry) { .name = p + at + c.name, .namelen = c.namelen, .method = c.method, .csize = c.csize };
    /* charged as entity state: a file of nothing but entries is large */
    if (!mime_mem(m, sizeof e)) { mime_unmem(m, sizeof e); return 1; }
    if (!stralloc_catb(sa, (const char *) &e, sizeof e)) { mime_nomem(m); return 1; }
    ++*count;
    /* the name a directory-trusting reader shows, for the policy */
    if (m->name) m->name(m->namectx, MIME_NAME, (const char *) e.name, e.namelen, name->s, name->len);
  }
  if (*count > 1) qsort(sa->s, *count, sizeof (struct entry), byname);
  return 1;
}

/* The local header's own reading, then each different one the
   directory's entries of the same name ask for. */
static void member(struct mime *m, const stralloc *name, unsigned long count, unsigned int depth,
                   const unsigned char *p, size_t n, const struct zip_local *h, const struct entry *dir, size_t ndir)
{
  unsigned int methods[CDREADINGS + 1];
  unsigned long long sizes[CDREADINGS + 1];
  unsigned int done = 0, k;
  size_t lo = 0, hi = ndir;
  const struct entry key = { .name = p + h->name, .namelen = h->namelen, .method = 0, .csize = 0 };
  if (h->method == ZIP_STORED || h->method == ZIP_DEFLATED) {
    reading(m, name, count, 0, depth, p, n, h, h->method, h->csize);
    methods[done] = h->method;
    sizes[done++] = h->csize;
  }
  while (lo < hi) { /* the first entry of that name */
    size_t mid = lo + (hi - lo) / 2;
    if (byname(dir + mid, &key) < 0) lo = mid + 1;
    else hi = mid;
  }
  for (; lo < ndir && !byname(dir + lo, &key) && done <= CDREADINGS && !m->err; lo++) {
    const struct entry *e = dir + lo;
    if (e->method != ZIP_STORED && e->method != ZIP_DEFLATED) continue;
    for (k = 0; k < done; k++)
      if (methods[k] == e->method && (e->method == ZIP_DEFLATED || sizes[k] == e->csize)) break;
    if (k < done) continue; /* a reading made already */
    reading(m, name, count, done + (h->method != ZIP_STORED && h->method != ZIP_DEFLATED), depth, p, n, h, e->method, e->csize);
    methods[done] = e->method;
    sizes[done++] = e->csize;
  }
}

/* Does the file hold a local header's signature at all? Read in pieces,
   so that a big file that holds none (one past MIME_ZIPSCAN, not
   searched as it was written) is never mapped: mapped pages count as
   the process's memory. 1 yes, 0 no, -1 on a read error. */
static int hassig(int fd)
{
  unsigned char buf[65536 + 3];
  size_t keep = 0;
  for (;;) {
    ssize_t r = read(fd, buf + keep, sizeof buf - keep);
    size_t n;
    if (r == -1 && errno == EINTR) continue;
    if (r == -1) return -1;
    if (r == 0) return 0;
    n = keep + (size_t) r;
    if (zip_find(buf, n, ZIP_LOCALSIG) < n) return 1;
    keep = n < 3 ? n : 3; /* a signature split between two reads */
    memmove(buf, buf + n - keep, keep);
  }
}

void mime_zip(struct mime *m, const stralloc *name, unsigned int depth)
{
  stralloc path = STRALLOC_ZERO;
  stralloc dir = STRALLOC_ZERO;
  struct stat st;
  unsigned char *p;
  size_t n, at, ndir;
  unsigned long count = 0;
  int fd;
  if (depth >= MIME_ZIPDEPTH) { mime_fail(m, MIME_LIMIT, "zip archives nested more than " STR(MIME_ZIPDEPTH) " deep (MIME_ZIPDEPTH)", 0); return; }
  if (!stralloc_copy(&path, name) || !stralloc_0(&path)) { mime_nomem(m); stralloc_free(&path); return; }
  fd = open_read(path.s); /* made by us, in our own folder */
  stralloc_free(&path);
  if (fd == -1 || fstat(fd, &st) == -1) {
    mime_fail(m, MIME_TEMP, "unable to read back", errno);
    (void) stralloc_copy(&m->errname, name);
    if (fd != -1) (void) close(fd);
    return;
  }
  n = (size_t) st.st_size;
  if (n > MIME_ZIPSCAN) {
    int has = hassig(fd);
    if (has != 1) {
      if (has == -1) { mime_fail(m, MIME_TEMP, "unable to read back", errno); (void) stralloc_copy(&m->errname, name); }
      (void) close(fd);
      return;
    }
  }
  p = n ? mmap(0, n, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
  (void) close(fd);
  if (p == MAP_FAILED) {
    if (n) { mime_fail(m, MIME_TEMP, "unable to map", errno); (void) stralloc_copy(&m->errname, name); }
    return;
  }
  /* no local header at all (a big file, searched only now): no archive */
  at = zip_find(p, n, ZIP_LOCALSIG);
  if (at == n) { (void) munmap(p, n); return; }
  if (!directory(m, name, p, n, &dir, &ndir)) mime_nomem(m);
  /* every local header, also inside another member's data: a reader may
     start at any of them, and two archives in a row are two archives */
  for (; at < n && !m->err; at += 1 + zip_find(p + at + 1, n - at - 1, ZIP_LOCALSIG)) {
    struct zip_local h;
    if (!zip_local(p + at, n - at, &h)) continue;
    /* encrypted members too: what comes out is what a reader without
       the password gets, and a flag that lies costs nothing then */
    if (m->name) m->name(m->namectx, MIME_NAME, (const char *) p + at + h.name, h.namelen, name->s, name->len);
    member(m, name, ++count, depth, p + at, n - at, &h, (const struct entry *) dir.s, ndir);
  }
  mime_unmem(m, ndir * sizeof (struct entry));
  stralloc_free(&dir);
  (void) munmap(p, n);
}

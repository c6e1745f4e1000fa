#include <errno.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "open.h"
#include "zip.h"
#include "mime_int.h"

#define XSTR(x) #x
#define STR(x) XSTR(x)

static int put(void *ctx, const char *s, size_t n)
{
  struct mime_out *o = ctx;
  mime_out_put(o, s, n);
  return !o->m->err;
}

/* A stored member whose header leaves its size to a data descriptor ends
   where the next zip record starts; so does one whose size runs past the
   end. Taking more than the member is harmless, less is not. */
static size_t storedlen(const unsigned char *p, size_t n, const struct zip_local *h)
{
  size_t i;
  if (!(h->flags & ZIP_DESCRIPTOR) && h->csize && h->csize <= n) return (size_t) h->csize;
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

static void member(struct mime *m, const stralloc *name, unsigned long count, unsigned int depth,
                   const unsigned char *p, size_t n, const struct zip_local *h)
{
  stralloc mname = STRALLOC_ZERO;
  stralloc minfo = STRALLOC_ZERO;
  struct mime_out *o;
  size_t used;
  if (++m->st.parts > MIME_MAXPARTS) { mime_fail(m, MIME_LIMIT, "more than " STR(MIME_MAXPARTS) " parts (MIME_MAXPARTS)", 0); return; }
  if (!stralloc_copy(&mname, name) || !stralloc_cats(&mname, ".z") || !stralloc_catulong(&mname, count) ||
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
  if (h->method == ZIP_STORED) {
    size_t len = storedlen(p + h->data, n - h->data, h);
    if (len) mime_out_put(o, (const char *) p + h->data, len);
  } else if (zip_inflate(p + h->data, n - h->data, &used, put, o) == ZIP_NOMEM) mime_nomem(m);
  /* invalid or cut data: what came out before it is what a reader gets */
  mime_out_close(o);
 done:
  stralloc_free(&mname);
  stralloc_free(&minfo);
}

void mime_zip(struct mime *m, const stralloc *name, unsigned int depth)
{
  stralloc path = STRALLOC_ZERO;
  struct stat st;
  unsigned char *p;
  size_t n, at;
  unsigned long count = 0;
  int fd;
  if (depth >= MIME_ZIPDEPTH) { mime_fail(m, MIME_LIMIT, "zip archives nested more than " STR(MIME_ZIPDEPTH) " deep (MIME_ZIPDEPTH)", 0); return; }
  if (!stralloc_copy(&path, name) || !stralloc_0(&path)) { mime_nomem(m); stralloc_free(&path); return; }
  fd = open_read(path.s); /* made by us, in our own folder */
  if (fd == -1 || fstat(fd, &st) == -1) {
    mime_fail(m, MIME_TEMP, "unable to read back", errno);
    (void) stralloc_copy(&m->errname, name);
    if (fd != -1) (void) close(fd);
    stralloc_free(&path);
    return;
  }
  stralloc_free(&path);
  n = (size_t) st.st_size;
  p = n ? mmap(0, n, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
  (void) close(fd);
  if (p == MAP_FAILED) {
    if (n) { mime_fail(m, MIME_TEMP, "unable to map", errno); (void) stralloc_copy(&m->errname, name); }
    return;
  }
  /* every signature, also inside another member's data: a reader may
     start at any of them, and two archives in a row are two archives */
  for (at = zip_find(p, n); at < n && !m->err; at += 1 + zip_find(p + at + 1, n - at - 1)) {
    struct zip_local h;
    if (!zip_local(p + at, n - at, &h)) continue;
    /* other methods and encrypted members are left to the scanner */
    if ((h.method != ZIP_STORED && h.method != ZIP_DEFLATED) || (h.flags & 1)) continue;
    member(m, name, ++count, depth, p + at, n - at, &h);
  }
  (void) munmap(p, n);
}

#ifndef MIME_INT_H
#define MIME_INT_H

/* Inside the MIME core: decoders, line splitting, outputs, parameters. */

#include "mime.h"

/* errors: the first one sticks */
extern void mime_fail(struct mime *m, int code, const char *what, int sys);
extern void mime_nomem(struct mime *m);

/* budgets (mime.h): mime_mem charges n bytes of entity state, and returns
   0, the error set, past MIME_MEMMAX (the charge stands: give it back with
   mime_unmem all the same); mime_step counts n entity-line steps and
   returns 0, the error set, past the steps or work budget */
extern int mime_mem(struct mime *m, size_t n);
extern void mime_unmem(struct mime *m, size_t n);
extern int mime_step(struct mime *m, unsigned long n);

/* base64: skips bytes outside the alphabet; an = ends a quantum, and
   decoding goes on after it. Writes at most n * 3 / 4 + 2 bytes. */
struct mime_b64 { unsigned long acc; int q; };
extern size_t mime_b64(struct mime_b64 *d, const char *s, size_t n, char *out);
/* flushes a partial quantum at the end: at most 2 bytes */
extern size_t mime_b64_end(struct mime_b64 *d, char *out);

/* quoted-printable, one line fragment at a time; end marks the last
   fragment of a line. Writes at most n + 12 bytes. *soft is set when the
   line ended in a soft line break. */
struct mime_qp { int st; char h; char ws[8]; size_t nws; };
extern size_t mime_qp(struct mime_qp *d, const char *s, size_t n, int end, char *out, int *soft);

/* Line splitting: LF, CRLF and a lone CR all end a line. A line longer
   than the buffer comes in fragments: flags say which fragment starts the
   line and which ends it (then eol holds the line end, empty at EOF). */
#define MIME_START 1
#define MIME_END 2
typedef void (*mime_linefn)(void *ctx, const char *s, size_t n, const char *eol, size_t eoln, int flags);
/* seen: bytes at the front of buf already searched for a line end, so
   that a long line fed in small pieces is searched only once */
struct mime_lines { char *buf; size_t a; size_t n; size_t seen; int start; };
extern int mime_lines_init(struct mime_lines *l, size_t a);
extern void mime_lines_run(struct mime_lines *l, int eof, mime_linefn fn, void *ctx);
extern void mime_lines_feed(struct mime_lines *l, const char *s, size_t n, mime_linefn fn, void *ctx);
extern void mime_lines_free(struct mime_lines *l);

/* Outputs: a file opened at its first byte, or only counted. */
struct mime_embed;
struct mime_out {
  struct mime *m;
  stralloc name;
  stralloc info;    /* listing: type, encoding, declared name */
  int fd;           /* -1 until opened */
  int opened;       /* counted in m->open */
  char *buf;
  size_t p;
  size_t a;
  unsigned long long size;
  struct mime_embed *emb; /* uuencode and yEnc finder; 0 for embedded files */
  size_t mem;       /* charged to MIME_MEMMAX */
  int grown;        /* has the big buffer, or its charge in a listing */
};
/* Returns 0 on out of memory (error set). name is copied; embed says
   whether to look for uuencode and yEnc in the bytes. */
extern struct mime_out *mime_out_new(struct mime *m, const stralloc *name, const char *info, size_t infolen, int embed);
extern void mime_out_put(struct mime_out *o, const char *s, size_t n);
/* closes (flushing unless an error is pending) and frees */
extern void mime_out_close(struct mime_out *o);

/* Parameters of structured header fields (RFC 2045, 2231, 2047). */
struct mime_cands { stralloc v[MIME_MAXBOUND]; int n; };
/* Adds every candidate boundary found in one Content-Type value.
   Returns 0 on error (set in m). */
extern int mime_boundaries(struct mime *m, const char *s, size_t n, struct mime_cands *c);
/* The declared file name (want: "filename" or "name"), first found, into
   out (left alone when none). Returns 0 on out of memory. */
extern int mime_param_first(const char *s, size_t n, const char *want, stralloc *out);
/* Calls fn for each parameter after the first ';', honouring quotes and
   comments; val is unquoted. Returns 0 when fn does, or on out of memory. */
typedef int (*mime_paramfn)(void *ctx, const char *name, size_t nn, const char *val, size_t vn);
extern int mime_params(const char *s, size_t n, stralloc *tmp, mime_paramfn fn, void *ctx, unsigned long long *work);
/* RFC 2047 encoded words decoded into out. Returns 0 on out of memory. */
extern int mime_2047(const char *s, size_t n, stralloc *out);
/* RFC 2231 %XX decoding of s into out (appended). Returns 0 on out of memory. */
extern int mime_pct(const char *s, size_t n, stralloc *out);
/* case-insensitive: does s[0..n) equal the lower-case t? */
extern int mime_ieq(const char *s, size_t n, const char *t);

#endif

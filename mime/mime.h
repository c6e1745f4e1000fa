#ifndef MIME_H
#define MIME_H

#include <stddef.h>
#include "qsq.h"
#include "stralloc.h"
#include "substdio.h"

/* The MIME unpacker's core: a push parser. Bytes go in through
   mime_buffer/mime_commit (or mime_feed); every decoded leaf and every
   embedded file goes out as a new file in the current folder, under a name
   made up from its position, never one from the message.

   Limits. Each is generous for real mail; a message beyond one can never be
   scanned, so it stops the run with MIME_LIMIT instead of being skipped. */

/* nesting: the message itself is depth 1, each multipart part or
   message/rfc822 layer adds 1 */
#define MIME_MAXDEPTH 64
/* entities (parts, preambles, epilogues, embedded files), counted over
   every interpretation together */
#define MIME_MAXPARTS 100000
/* entities being parsed at the same moment, over every interpretation */
#define MIME_MAXACTIVE 512
/* output files open at the same moment */
#define MIME_MAXOPEN 128
/* candidate boundaries of one multipart entity, after removing duplicates */
#define MIME_MAXBOUND 16
/* bytes of one boundary candidate (RFC 2046 allows 70) */
#define MIME_BOUNDMAX 2000
/* bytes kept of one Content-Type or Content-Transfer-Encoding field; a
   longer one would hide boundaries beyond the cut */
#define MIME_FIELDMAX 262144
/* bytes written: at most MIME_OUTK times the bytes read plus MIME_OUTC,
   checked as the output grows */
#define MIME_OUTK 16
#define MIME_OUTC 4194304
/* files written: at most one per MIME_FILEK bytes read plus MIME_FILEC,
   checked as each is created. A file costs the spool more than its bytes:
   an inode, a directory entry, a 4 KiB block however small it is, so the
   bytes budget alone would let a few hundred KB of tiny parts fill a file
   system's inodes and blocks */
#define MIME_FILEK 256
#define MIME_FILEC 4096

/* The budgets of work: readings are a union, and each reading of each
   entity costs work on every line it sees. Past these, a message costs
   far more to take apart than mail does, and is refused for good.
   entity-line steps: one for each line fragment handed to an entity, and
   one more for each of its readings, at most MIME_STEPK per byte read
   plus MIME_STEPC, checked at each step */
#define MIME_STEPK 8
#define MIME_STEPC 2000000
/* bytes examined by all parsers together (the work of reformime -s), at
   most MIME_WORKK per byte read plus MIME_WORKC, checked at each step */
#define MIME_WORKK 64
#define MIME_WORKC 16000000
/* bytes of the state of the entities open at once (nodes, header fields
   and candidates, readings, line and output buffers): a constant, since
   streaming must not need more for a bigger message */
#define MIME_MEMMAX 16777216

/* zip archives (mime_zip.c): members are unpacked at most this deep,
   and their bytes, apart from MIME_OUTK's, are at most MIME_ZIPK times
   the bytes read plus MIME_ZIPC. A member past these would be read only
   in part, so the message is refused, as for every other limit. */
#define MIME_ZIPDEPTH 16
#define MIME_ZIPK 32
#define MIME_ZIPC 33554432

/* line fragments: a longer line reaches the parsers in pieces */
#define MIME_LINEMAX 65536
#define MIME_SUBLINEMAX 8192

/* Exit codes, the ones qscanq-stdin maps: qmail-queue's (qsq/qsq.h). */
#define MIME_OK 0
#define MIME_LIMIT QSQ_EXIT_VIRUS /* refused for good, as a virus is */
#define MIME_NOMEM QSQ_EXIT_NOMEM
#define MIME_WRITE QSQ_EXIT_WRITE
#define MIME_READ QSQ_EXIT_READ
#define MIME_USAGE QSQ_EXIT_USAGE
#define MIME_TEMP QSQ_EXIT_FAIL

/* flags for mime_init */
#define MIME_NOWRITE 1 /* count only: create no file (listing, fuzzing) */
#define MIME_LIST 2    /* print one line per output to the list substdio */

struct mime_stats {
  unsigned long long in;     /* bytes read */
  unsigned long long header; /* header bytes parsed, every interpretation */
  unsigned long long lines;  /* line fragments handed to parsers */
  unsigned long long parts;  /* entities created, every interpretation */
  unsigned long long files;  /* outputs that got at least one byte */
  unsigned long long out;    /* bytes written */
  unsigned long long work;   /* bytes examined by all parsers together */
  unsigned long long depth;  /* deepest entity */
  unsigned long long active; /* most entities open at once */
  unsigned long long steps;  /* entity-line steps (MIME_STEPK) */
  unsigned long long mem;    /* most bytes of entity state (MIME_MEMMAX) */
  unsigned long long zipped; /* bytes of zip members written (MIME_ZIPK) */
};

struct mime_lines;
struct mime_node;

/* What a message says about its parts, for a policy (qscanq-policy(8)):
   name(ctx, kind, s, len, out, outlen) is called with every file name
   the message declares (MIME_NAME: Content-Type name= and
   Content-Disposition filename=, in either field, every occurrence, each
   plain, RFC 2047 decoded, RFC 2231 decoded and joined; the names of
   uuencoded files; the names of zip members, in their local headers and
   in the central directory), and every declared type (MIME_TYPE), with the made-up
   name of the output (or entity prefix) they belong to. The bytes are
   the message's, undecoded beyond that: the callee normalises them. It
   returns nothing and cannot fail the run; 0 for no callback. */
#define MIME_NAME 1
#define MIME_TYPE 2
typedef void (*mime_namefn)(void *ctx, int kind, const char *s, size_t len,
                            const char *out, size_t outlen);

struct mime {
  int flags;               /* MIME_NOWRITE, MIME_LIST */
  int err;                 /* sticky: first error's exit code, 0 if none */
  const char *errwhat;     /* what failed, for reformime: fatal: ... */
  int errsys;              /* errno of that failure, 0 if none */
  stralloc errname;        /* the output name involved, if any */
  struct mime_stats st;    /* what the run did, for -s and the budgets */
  unsigned long active;    /* entities open now */
  unsigned long open;      /* output files open now */
  size_t mem;              /* bytes of entity state now */
  unsigned long serial;    /* for names too long to be positional */
  substdio *list;          /* MIME_LIST goes here */
  struct mime_lines *lines; /* the input, cut into lines */
  struct mime_node *root;   /* the message: depth 1 */
  mime_namefn name;         /* set after mime_init, or 0 (see above) */
  void *namectx;
};

/* Each returns 0, or the sticky error code. */
extern int mime_init(struct mime *m, int flags, substdio *list);
extern int mime_buffer(struct mime *m, char **p, size_t *room);
extern int mime_commit(struct mime *m, size_t n);
extern int mime_feed(struct mime *m, const char *buf, size_t n);
extern int mime_finish(struct mime *m);
/* Frees everything, closing any file left open; safe after any error. */
extern void mime_free(struct mime *m);

#endif

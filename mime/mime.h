#ifndef MIME_H
#define MIME_H

#include <stddef.h>
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

/* line fragments: a longer line reaches the parsers in pieces */
#define MIME_LINEMAX 65536
#define MIME_SUBLINEMAX 8192

/* Exit codes, the ones qscanq-stdin maps. */
#define MIME_OK 0
#define MIME_LIMIT 31
#define MIME_NOMEM 51
#define MIME_WRITE 53
#define MIME_READ 54
#define MIME_USAGE 100
#define MIME_TEMP 111

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
};

struct mime_lines;
struct mime_node;

struct mime {
  int flags;
  int err;                 /* sticky: first error's exit code, 0 if none */
  const char *errwhat;     /* what failed, for reformime: fatal: ... */
  int errsys;              /* errno of that failure, 0 if none */
  stralloc errname;        /* the output name involved, if any */
  struct mime_stats st;
  unsigned long active;    /* entities open now */
  unsigned long open;      /* output files open now */
  unsigned long serial;    /* for names too long to be positional */
  substdio *list;          /* MIME_LIST goes here */
  struct mime_lines *lines;
  struct mime_node *root;
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

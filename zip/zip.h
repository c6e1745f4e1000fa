#ifndef ZIP_H
#define ZIP_H

#include <stddef.h>

/* The zip format's parts that qscanq reads itself, so that what it
   queues never rests on how much of an archive the scanner reads: every
   member it can open becomes a file of its own for the scanner. */

/* zip_inflate's results */
#define ZIP_DONE 0  /* the final block ended */
#define ZIP_SHORT 1 /* the input ended first: what came out is a prefix */
#define ZIP_BAD 2   /* invalid data: what came out before it is kept */
#define ZIP_STOP 3  /* put() said stop */
#define ZIP_NOMEM 4

/* where the decoded bytes go: returns 0 to stop */
typedef int (*zip_putfn)(void *ctx, const char *s, size_t n);

/* Raw deflate (RFC 1951) from in[0..len), with a 32 KiB window. Every
   byte decoded before an error has gone to put; *used is how much input
   was read. */
extern int zip_inflate(const unsigned char *in, size_t len, size_t *used, zip_putfn put, void *ctx);

/* A local file header (APPNOTE 4.3.7), as read from the bytes. */
#define ZIP_STORED 0
#define ZIP_DEFLATED 8
#define ZIP_DESCRIPTOR 8 /* flag bit 3: the sizes follow the data */
struct zip_local {
  unsigned int flags;
  unsigned int method;
  unsigned long long csize;  /* compressed size (zip64's when it says so) */
  size_t name;               /* offset of the member's name */
  size_t namelen;
  size_t data;               /* offset of the member's data */
};
/* The header at p[0..len): returns 1 when p holds the signature and a
   whole header, 0 when not. */
extern int zip_local(const unsigned char *p, size_t len, struct zip_local *h);

/* A central directory entry (APPNOTE 4.3.12): what a reader that
   trusts the directory takes the member at its local header to be. */
struct zip_central {
  unsigned int method;
  unsigned long long csize;
  size_t name;    /* offset of the name, from the entry's start */
  size_t namelen;
};
/* The entry at p[0..len): 1 when p holds the signature and a whole
   entry, 0 when not. */
extern int zip_central(const unsigned char *p, size_t len, struct zip_central *c);

/* the n-byte little-endian number at p */
extern unsigned long zip_le(const unsigned char *p, int n);

/* The offset of the first signature "PK" c3 c4 in p[0..len), or len. */
#define ZIP_LOCALSIG 3, 4   /* a local file header */
#define ZIP_CENTRALSIG 1, 2 /* a central directory entry */
extern size_t zip_find(const unsigned char *p, size_t len, unsigned char c3, unsigned char c4);

#endif

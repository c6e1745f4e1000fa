#ifndef SUBSTDIO_H
#define SUBSTDIO_H

#include <stddef.h>
#include <sys/types.h>

/* A buffer bound to one fd, in one direction.
   Input: the p unread bytes sit at x[n - p .. n).
   Output: the p pending bytes sit at x[0 .. p). */
typedef ssize_t (*substdio_op)(int fd, char *buf, size_t len);

typedef struct substdio {
  char *x;
  size_t p;
  size_t n;
  int fd;
  substdio_op op;
} substdio;

#define SUBSTDIO_FDBUF(op, fd, buf, len) { (buf), 0, (len), (fd), (op) }

#define SUBSTDIO_INSIZE 8192
#define SUBSTDIO_OUTSIZE 8192

extern void substdio_fdbuf(substdio *s, substdio_op op, int fd, char *buf, size_t len);

extern ssize_t substdio_read(int fd, char *buf, size_t len);
extern ssize_t substdio_write(int fd, char *buf, size_t len);

/* Input. get and bget return bytes read, 0 at end of input, -1 on error. */
extern ssize_t substdio_feed(substdio *s);
extern ssize_t substdio_get(substdio *s, char *buf, size_t len);
extern ssize_t substdio_bget(substdio *s, char *buf, size_t len);
#define substdio_peek(s) ((s)->x + (s)->n - (s)->p)
#define substdio_seek(s, len) ((void) ((s)->p -= (len)))

/* Output. Each returns 0, or -1 with errno set. */
extern int substdio_allwrite(substdio_op op, int fd, char *buf, size_t len);
extern int substdio_flush(substdio *s);
extern int substdio_put(substdio *s, const char *buf, size_t len);
extern int substdio_puts(substdio *s, const char *str);
extern int substdio_putflush(substdio *s, const char *buf, size_t len);

/* Copies in to its end into out (not flushed).
   Returns 0, -2 on a read error, -3 on a write error. */
extern int substdio_copy(substdio *out, substdio *in);

#endif

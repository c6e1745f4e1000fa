/* Scripted substdio ops: short transfers, EINTR, errors, stalls. */
#include <errno.h>
#include <string.h>
#include "unit.h"

struct fake fake[FAKE_MAX];

void fake_reset(void)
{
  int i;
  memset(fake, 0, sizeof fake);
  for (i = 0; i < FAKE_MAX; ++i) {
    fake[i].fail_after = -1;
    fake[i].zero_after = -1;
  }
}

void fake_input(int fd, const char *in, size_t len)
{
  fake[fd].in = in;
  fake[fd].inlen = len;
  fake[fd].inpos = 0;
}

/* Common prologue: bookkeeping, EINTR and injected failures.
   Returns 1 if the call must fail (errno set), else 0. */
static int fake_enter(struct fake *f, const char *buf, size_t len)
{
  ++f->calls;
  f->lastbuf = buf;
  f->lastreq = len;
  if (len > f->maxreq) f->maxreq = len;
  if (f->eintr > 0) { --f->eintr; ++f->intrs; errno = EINTR; return 1; }
  if (f->fail_after == 0) { errno = f->fail_errno; return 1; }
  if (f->fail_after > 0) --f->fail_after;
  return 0;
}

static void fake_leave(struct fake *f, size_t moved)
{
  if (moved > f->maxmoved) f->maxmoved = moved;
  if (f->eintr_each) f->eintr = 1;
}

ssize_t fake_read(int fd, char *buf, size_t len)
{
  struct fake *f;
  size_t n;
  if (fd < 0 || fd >= FAKE_MAX) { errno = EBADF; return -1; }
  f = &fake[fd];
  if (fake_enter(f, buf, len)) return -1;
  n = f->inlen - f->inpos;
  if (n > len) n = len;
  if (f->chunk && n > f->chunk) n = f->chunk;
  if (n) memcpy(buf, f->in + f->inpos, n);
  f->inpos += n;
  fake_leave(f, n);
  return (ssize_t) n;
}

ssize_t fake_write(int fd, char *buf, size_t len)
{
  struct fake *f;
  size_t n;
  if (fd < 0 || fd >= FAKE_MAX) { errno = EBADF; return -1; }
  f = &fake[fd];
  if (fake_enter(f, buf, len)) return -1;
  if (f->zero_after == 0) return 0;
  if (f->zero_after > 0) --f->zero_after;
  n = len;
  if (f->chunk && n > f->chunk) n = f->chunk;
  if (n > FAKE_OUT - f->outlen) { errno = EFBIG; return -1; }
  memcpy(f->out + f->outlen, buf, n);
  f->outlen += n;
  fake_leave(f, n);
  return (ssize_t) n;
}

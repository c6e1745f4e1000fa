#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include "getln.h"
#include "sig.h"
#include "stralloc.h"
#include "substdio.h"
#include "unit.h"

/* Every block a test allocated, it freed (checked after each test). */
static void no_leaks(void) { ck_assert_int_eq(alloc_live, 0); }

static void setup(void)
{
  alloc_fail_reset();
  fake_reset();
}

static char pattern[100000];

static void fill_pattern(void)
{
  size_t i;
  for (i = 0; i < sizeof pattern; ++i) pattern[i] = (char) ('A' + (i * 7 + i / 13) % 53);
}

/* Everything get returns until the end, into out; -1 on error. */
static ssize_t get_all(substdio *ss, char *out, size_t outlen, size_t step)
{
  size_t got = 0;
  for (;;) {
    ssize_t r = substdio_get(ss, out + got, step < outlen - got ? step : outlen - got);
    if (r < 0) return -1;
    if (r == 0) return (ssize_t) got;
    got += (size_t) r;
    if (got == outlen) return (ssize_t) got;
  }
}

/* ---- set-up and the fd ops ---- */

START_TEST(test_fdbuf)
{
  char buf[10];
  substdio ss;
  substdio init = SUBSTDIO_FDBUF(fake_write, 3, buf, sizeof buf);
  memset(&ss, 0x55, sizeof ss);
  substdio_fdbuf(&ss, fake_read, 2, buf, sizeof buf);
  ck_assert_ptr_eq(ss.x, buf);
  ck_assert_uint_eq(ss.p, 0);
  ck_assert_uint_eq(ss.n, 10);
  ck_assert_int_eq(ss.fd, 2);
  ck_assert(ss.op == fake_read);
  ck_assert_ptr_eq(init.x, buf);
  ck_assert_uint_eq(init.p, 0);
  ck_assert_uint_eq(init.n, 10);
  ck_assert_int_eq(init.fd, 3);
  ck_assert(init.op == fake_write);
}
END_TEST

START_TEST(test_read_write_ops)
{
  int pi[2];
  char buf[8];
  char msg[] = "abc";
  ck_assert_int_eq(pipe(pi), 0);
  ck_assert_int_eq(substdio_write(pi[1], msg, 3), 3);
  ck_assert_int_eq(substdio_read(pi[0], buf, sizeof buf), 3);
  ck_assert_mem_eq(buf, "abc", 3);
  close(pi[1]);
  ck_assert_int_eq(substdio_read(pi[0], buf, sizeof buf), 0);
  errno = 0;
  ck_assert_int_eq(substdio_read(pi[1], buf, sizeof buf), -1); /* closed */
  ck_assert_int_eq(errno, EBADF);
  errno = 0;
  ck_assert_int_eq(substdio_write(pi[0], msg, 3), -1);        /* read end */
  ck_assert_int_eq(errno, EBADF);
  close(pi[0]);
}
END_TEST

/* ---- input ---- */

START_TEST(test_get_empty_input)
{
  char buf[8];
  char out[8];
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  fake_input(0, "", 0);
  ck_assert_int_eq(substdio_get(&ss, out, 4), 0);
  ck_assert_int_eq(substdio_get(&ss, out, 100), 0);   /* unbuffered path */
  ck_assert_int_eq(substdio_feed(&ss), 0);
  ck_assert_int_eq(substdio_bget(&ss, out, 4), 0);
  ck_assert_int_eq(substdio_get(&ss, out, 0), 0);
  ck_assert_uint_eq(fake[0].calls, 4);               /* len 0 calls nothing */
}
END_TEST

START_TEST(test_get_small)
{
  char buf[8];
  char out[16];
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  fake_input(0, "hello, world", 12);
  ck_assert_int_eq(substdio_get(&ss, out, 5), 5);    /* through the buffer */
  ck_assert_ptr_eq(fake[0].lastbuf, buf);
  ck_assert_mem_eq(out, "hello", 5);
  ck_assert_uint_eq(fake[0].lastreq, 8);             /* a full buffer read */
  ck_assert_uint_eq(ss.p, 3);
  /* Asking for more than is buffered returns what is buffered only. */
  ck_assert_int_eq(substdio_get(&ss, out, 16), 3);
  ck_assert_mem_eq(out, ", w", 3);
  ck_assert_uint_eq(fake[0].calls, 1);
  ck_assert_int_eq(substdio_get(&ss, out, 16), 4);   /* direct read */
  ck_assert_mem_eq(out, "orld", 4);
  ck_assert_uint_eq(fake[0].lastreq, 16);
  ck_assert_int_eq(substdio_get(&ss, out, 16), 0);
}
END_TEST

/* A request as large as the buffer skips it: one read straight into
   the caller's memory, with the caller's length. */
START_TEST(test_get_large_skips_buffer)
{
  char buf[16];
  char out[4096];
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  fill_pattern();
  fake_input(0, pattern, 3000);
  ck_assert_int_eq(substdio_get(&ss, out, sizeof out), 3000);
  ck_assert_uint_eq(fake[0].calls, 1);
  ck_assert_ptr_eq(fake[0].lastbuf, out);
  ck_assert_uint_eq(fake[0].lastreq, sizeof out);
  ck_assert_mem_eq(out, pattern, 3000);
  ck_assert_uint_eq(ss.p, 0);
  ck_assert_int_eq(substdio_get(&ss, out, 16), 0);   /* len == n */
  ck_assert_ptr_eq(fake[0].lastbuf, out);
  ck_assert_uint_eq(fake[0].lastreq, 16);
  ck_assert_int_eq(substdio_get(&ss, out, 15), 0);   /* len < n: buffered */
  ck_assert_ptr_eq(fake[0].lastbuf, buf);
  ck_assert_uint_eq(fake[0].lastreq, 16);
}
END_TEST

/* One byte per read: every path still delivers every byte in order. */
START_TEST(test_get_short_reads)
{
  size_t steps[] = { 1, 3, 7, 8, 9, 1000 };
  size_t k;
  fill_pattern();
  for (k = 0; k < sizeof steps / sizeof steps[0]; ++k) {
    char buf[8];
    static char out[5000];
    substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
    fake_reset();
    fake_input(0, pattern, 5000);
    fake[0].chunk = 1;
    ck_assert_int_eq(get_all(&ss, out, sizeof out, steps[k]), 5000);
    ck_assert_mem_eq(out, pattern, 5000);
    ck_assert_uint_eq(fake[0].maxmoved, 1);
    ck_assert_int_eq(substdio_get(&ss, out, 1), 0);
  }
}
END_TEST

START_TEST(test_get_eintr)
{
  char buf[8];
  char out[64];
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  fake_input(0, "0123456789abcdefghij", 20);
  fake[0].eintr = 3;
  ck_assert_int_eq(substdio_get(&ss, out, 4), 4);    /* bget path */
  ck_assert_mem_eq(out, "0123", 4);
  ck_assert_uint_eq(fake[0].intrs, 3);
  ck_assert_uint_eq(fake[0].calls, 4);
  ck_assert_int_eq(substdio_get(&ss, out, 64), 4);   /* rest of the buffer */
  fake[0].eintr = 2;
  ck_assert_int_eq(substdio_get(&ss, out, 64), 12);  /* direct path */
  ck_assert_mem_eq(out, "89abcdefghij", 12);
  ck_assert_uint_eq(fake[0].intrs, 5);
  fake[0].eintr = 2;
  ck_assert_int_eq(substdio_feed(&ss), 0);
  ck_assert_uint_eq(fake[0].intrs, 7);
}
END_TEST

START_TEST(test_get_eintr_every_call)
{
  char buf[4];
  static char out[1000];
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  fill_pattern();
  fake_input(0, pattern, 1000);
  fake[0].eintr = 1;
  fake[0].eintr_each = 1;
  fake[0].chunk = 3;
  ck_assert_int_eq(get_all(&ss, out, sizeof out, 5), 1000);
  ck_assert_mem_eq(out, pattern, 1000);
  ck_assert_uint_ge(fake[0].intrs, 300);
}
END_TEST

START_TEST(test_read_errors)
{
  char buf[8];
  char out[64];
  stralloc line = STRALLOC_ZERO;
  int match = 7;
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  fake_input(0, "abcdefgh", 8);
  fake[0].fail_errno = EIO;
  fake[0].fail_after = 0;
  errno = 0;
  ck_assert_int_eq(substdio_get(&ss, out, 4), -1);
  ck_assert_int_eq(errno, EIO);
  errno = 0;
  ck_assert_int_eq(substdio_get(&ss, out, 64), -1);
  ck_assert_int_eq(errno, EIO);
  errno = 0;
  ck_assert_int_eq(substdio_bget(&ss, out, 4), -1);
  ck_assert_int_eq(errno, EIO);
  errno = 0;
  ck_assert_int_eq(substdio_feed(&ss), -1);
  ck_assert_int_eq(errno, EIO);
  errno = 0;
  ck_assert_int_eq(getln(&ss, &line, &match, '\n'), -1);
  ck_assert_int_eq(errno, EIO);
  ck_assert_uint_eq(ss.p, 0);
  /* An error is not sticky: once the op works again, so does get. */
  fake[0].fail_after = -1;
  ck_assert_int_eq(substdio_get(&ss, out, 4), 4);
  ck_assert_mem_eq(out, "abcd", 4);
  stralloc_free(&line);
}
END_TEST

/* Buffered bytes are served before an error is seen. */
START_TEST(test_read_error_after_data)
{
  char buf[8];
  char out[64];
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  fake_input(0, "abcdefghijkl", 12);
  fake[0].fail_errno = ECONNRESET;
  fake[0].fail_after = 1;
  ck_assert_int_eq(substdio_get(&ss, out, 2), 2);
  ck_assert_int_eq(substdio_get(&ss, out, 64), 6);
  ck_assert_mem_eq(out, "cdefgh", 6);
  errno = 0;
  ck_assert_int_eq(substdio_get(&ss, out, 64), -1);
  ck_assert_int_eq(errno, ECONNRESET);
}
END_TEST

START_TEST(test_feed_peek_seek)
{
  char buf[8];
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  fake_input(0, "abcdefghij", 10);
  fake[0].chunk = 5;
  ck_assert_int_eq(substdio_feed(&ss), 5);
  /* A short fill sits at the end of the buffer. */
  ck_assert_ptr_eq(substdio_peek(&ss), buf + 3);
  ck_assert_mem_eq(substdio_peek(&ss), "abcde", 5);
  ck_assert_int_eq(substdio_feed(&ss), 5);           /* buffered: no read */
  ck_assert_uint_eq(fake[0].calls, 1);
  substdio_seek(&ss, 2);
  ck_assert_int_eq(substdio_feed(&ss), 3);
  ck_assert_mem_eq(substdio_peek(&ss), "cde", 3);
  substdio_seek(&ss, 3);
  ck_assert_uint_eq(fake[0].calls, 1);
  ck_assert_int_eq(substdio_feed(&ss), 5);
  ck_assert_mem_eq(substdio_peek(&ss), "fghij", 5);
  ck_assert_uint_eq(fake[0].calls, 2);
  substdio_seek(&ss, 5);
  ck_assert_int_eq(substdio_feed(&ss), 0);
}
END_TEST

START_TEST(test_feed_full_buffer)
{
  char buf[4];
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  fake_input(0, "wxyz!", 5);
  ck_assert_int_eq(substdio_feed(&ss), 4);
  ck_assert_ptr_eq(substdio_peek(&ss), buf);
  ck_assert_mem_eq(buf, "wxyz", 4);
}
END_TEST

START_TEST(test_bget)
{
  char buf[8];
  char out[64];
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  fake_input(0, "0123456789ABCDEFGHIJ", 20);
  /* Even a large request goes through the buffer: at most n bytes. */
  ck_assert_int_eq(substdio_bget(&ss, out, 64), 8);
  ck_assert_mem_eq(out, "01234567", 8);
  ck_assert_uint_eq(fake[0].lastreq, 8);
  ck_assert_int_eq(substdio_bget(&ss, out, 3), 3);
  ck_assert_mem_eq(out, "89A", 3);
  ck_assert_int_eq(substdio_bget(&ss, out, 64), 5);
  ck_assert_mem_eq(out, "BCDEF", 5);
  ck_assert_int_eq(substdio_bget(&ss, out, 64), 4);
  ck_assert_mem_eq(out, "GHIJ", 4);
  ck_assert_int_eq(substdio_bget(&ss, out, 64), 0);
  ck_assert_uint_eq(fake[0].maxreq, 8);
}
END_TEST

/* ---- output ---- */

START_TEST(test_put_buffers)
{
  char buf[8];
  substdio ss = SUBSTDIO_FDBUF(fake_write, 1, buf, sizeof buf);
  ck_assert_int_eq(substdio_put(&ss, "abc", 3), 0);
  ck_assert_int_eq(substdio_put(&ss, "", 0), 0);
  ck_assert_int_eq(substdio_puts(&ss, "de"), 0);
  ck_assert_int_eq(substdio_puts(&ss, ""), 0);
  ck_assert_uint_eq(fake[1].calls, 0);              /* nothing written yet */
  ck_assert_uint_eq(ss.p, 5);
  ck_assert_int_eq(substdio_put(&ss, "fgh", 3), 0); /* exactly full */
  ck_assert_uint_eq(fake[1].calls, 0);
  ck_assert_int_eq(substdio_put(&ss, "i", 1), 0);   /* one more flushes */
  ck_assert_uint_eq(fake[1].calls, 1);
  ck_assert_uint_eq(fake[1].outlen, 8);
  ck_assert_mem_eq(fake[1].out, "abcdefgh", 8);
  ck_assert_int_eq(substdio_flush(&ss), 0);
  ck_assert_uint_eq(fake[1].outlen, 9);
  ck_assert_mem_eq(fake[1].out, "abcdefghi", 9);
  ck_assert_int_eq(substdio_flush(&ss), 0);          /* empty: no write */
  ck_assert_uint_eq(fake[1].calls, 2);
}
END_TEST

START_TEST(test_put_large)
{
  char buf[16];
  substdio ss = SUBSTDIO_FDBUF(fake_write, 1, buf, sizeof buf);
  fill_pattern();
  ck_assert_int_eq(substdio_put(&ss, "<", 1), 0);
  ck_assert_int_eq(substdio_put(&ss, pattern, 50000), 0);
  ck_assert_int_eq(substdio_put(&ss, ">", 1), 0);
  ck_assert_int_eq(substdio_flush(&ss), 0);
  ck_assert_uint_eq(fake[1].outlen, 50002);
  ck_assert_int_eq(fake[1].out[0], '<');
  ck_assert_mem_eq(fake[1].out + 1, pattern, 50000);
  ck_assert_int_eq(fake[1].out[50001], '>');
  ck_assert_uint_le(fake[1].maxreq, 16);
}
END_TEST

START_TEST(test_put_short_writes)
{
  char buf[16];
  substdio ss = SUBSTDIO_FDBUF(fake_write, 1, buf, sizeof buf);
  fill_pattern();
  fake[1].chunk = 3;
  ck_assert_int_eq(substdio_put(&ss, pattern, 10000), 0);
  ck_assert_int_eq(substdio_flush(&ss), 0);
  ck_assert_uint_eq(fake[1].outlen, 10000);
  ck_assert_mem_eq(fake[1].out, pattern, 10000);
  ck_assert_uint_eq(fake[1].maxmoved, 3);
  ck_assert_uint_ge(fake[1].calls, 10000 / 3);
}
END_TEST

START_TEST(test_put_eintr)
{
  char buf[8];
  substdio ss = SUBSTDIO_FDBUF(fake_write, 1, buf, sizeof buf);
  fake[1].eintr = 3;
  ck_assert_int_eq(substdio_putflush(&ss, "interrupted", 11), 0);
  ck_assert_uint_eq(fake[1].intrs, 3);
  ck_assert_uint_eq(fake[1].outlen, 11);
  ck_assert_mem_eq(fake[1].out, "interrupted", 11);
  fake[1].eintr = 1;
  fake[1].eintr_each = 1;
  fake[1].chunk = 2;
  ck_assert_int_eq(substdio_putflush(&ss, "0123456789", 10), 0);
  ck_assert_uint_eq(fake[1].outlen, 21);
  ck_assert_mem_eq(fake[1].out + 11, "0123456789", 10);
}
END_TEST

/* A write that makes no progress is an error, not a loop. */
START_TEST(test_write_zero_is_eio)
{
  char buf[8];
  substdio ss = SUBSTDIO_FDBUF(fake_write, 1, buf, sizeof buf);
  fake[1].zero_after = 0;
  ck_assert_int_eq(substdio_put(&ss, "abc", 3), 0);
  errno = 0;
  ck_assert_int_eq(substdio_flush(&ss), -1);
  ck_assert_int_eq(errno, EIO);
  ck_assert_uint_eq(fake[1].calls, 1);
  /* The same after a partial write. */
  fake_reset();
  fake[1].chunk = 2;
  fake[1].zero_after = 1;
  errno = 0;
  ck_assert_int_eq(substdio_putflush(&ss, "abcdef", 6), -1);
  ck_assert_int_eq(errno, EIO);
  ck_assert_uint_eq(fake[1].calls, 2);
  ck_assert_uint_eq(fake[1].outlen, 2);
  /* And from put, when the buffer fills. */
  fake_reset();
  fake[1].zero_after = 0;
  errno = 0;
  ck_assert_int_eq(substdio_put(&ss, "0123456789", 10), -1);
  ck_assert_int_eq(errno, EIO);
  ck_assert_uint_eq(fake[1].calls, 1);
}
END_TEST

START_TEST(test_write_errors)
{
  char buf[8];
  substdio ss = SUBSTDIO_FDBUF(fake_write, 1, buf, sizeof buf);
  fake[1].fail_after = 0;
  fake[1].fail_errno = ENOSPC;
  ck_assert_int_eq(substdio_put(&ss, "abc", 3), 0);   /* buffered */
  errno = 0;
  ck_assert_int_eq(substdio_flush(&ss), -1);
  ck_assert_int_eq(errno, ENOSPC);
  errno = 0;
  ck_assert_int_eq(substdio_put(&ss, "0123456789", 10), -1);
  ck_assert_int_eq(errno, ENOSPC);
  errno = 0;
  ck_assert_int_eq(substdio_putflush(&ss, "x", 1), -1);
  ck_assert_int_eq(errno, ENOSPC);
  errno = 0;
  ck_assert_int_eq(substdio_puts(&ss, "a string longer than eight"), -1);
  ck_assert_int_eq(errno, ENOSPC);
  ck_assert_uint_eq(fake[1].outlen, 0);
  /* Failing after some progress. */
  fake_reset();
  fake[1].chunk = 4;
  fake[1].fail_after = 2;
  fake[1].fail_errno = EPIPE;
  errno = 0;
  ck_assert_int_eq(substdio_putflush(&ss, "0123456789ab", 12), -1);
  ck_assert_int_eq(errno, EPIPE);
  ck_assert_uint_eq(fake[1].outlen, 8);
  ck_assert_mem_eq(fake[1].out, "01234567", 8);
}
END_TEST

START_TEST(test_putflush_puts)
{
  char buf[64];
  substdio ss = SUBSTDIO_FDBUF(fake_write, 1, buf, sizeof buf);
  ck_assert_int_eq(substdio_puts(&ss, "one "), 0);
  ck_assert_uint_eq(fake[1].outlen, 0);
  ck_assert_int_eq(substdio_putflush(&ss, "two", 3), 0);
  ck_assert_uint_eq(fake[1].outlen, 7);              /* at once, in order */
  ck_assert_mem_eq(fake[1].out, "one two", 7);
  ck_assert_uint_eq(ss.p, 0);
  ck_assert_int_eq(substdio_putflush(&ss, "", 0), 0);
  ck_assert_uint_eq(fake[1].calls, 1);
  ck_assert_int_eq(substdio_puts(&ss, "a\0b"), 0);    /* stops at NUL */
  ck_assert_int_eq(substdio_flush(&ss), 0);
  ck_assert_uint_eq(fake[1].outlen, 8);
}
END_TEST

START_TEST(test_allwrite)
{
  char msg[] = "all of this";
  ck_assert_int_eq(substdio_allwrite(fake_write, 1, msg, 0), 0);
  ck_assert_uint_eq(fake[1].calls, 0);
  fake[1].chunk = 1;
  fake[1].eintr = 2;
  ck_assert_int_eq(substdio_allwrite(fake_write, 1, msg, 11), 0);
  ck_assert_uint_eq(fake[1].outlen, 11);
  ck_assert_mem_eq(fake[1].out, "all of this", 11);
  ck_assert_uint_eq(fake[1].calls, 13);
  fake[1].zero_after = 3;
  errno = 0;
  ck_assert_int_eq(substdio_allwrite(fake_write, 1, msg, 11), -1);
  ck_assert_int_eq(errno, EIO);
  ck_assert_uint_eq(fake[1].outlen, 14);
  fake_reset();
  fake[1].fail_after = 0;
  fake[1].fail_errno = EBADF;
  errno = 0;
  ck_assert_int_eq(substdio_allwrite(fake_write, 1, msg, 11), -1);
  ck_assert_int_eq(errno, EBADF);
  ck_assert_uint_eq(fake[1].calls, 1);
}
END_TEST

/* ---- copy ---- */

START_TEST(test_copy)
{
  char ib[32];
  char ob[24];
  substdio in = SUBSTDIO_FDBUF(fake_read, 0, ib, sizeof ib);
  substdio out = SUBSTDIO_FDBUF(fake_write, 1, ob, sizeof ob);
  fill_pattern();
  fake_input(0, pattern, 70000);
  fake[0].chunk = 7;
  fake[0].eintr = 2;
  fake[1].chunk = 5;
  fake[1].eintr = 2;
  ck_assert_int_eq(substdio_copy(&out, &in), 0);
  ck_assert_int_eq(substdio_flush(&out), 0);
  ck_assert_uint_eq(fake[1].outlen, 70000);
  ck_assert_mem_eq(fake[1].out, pattern, 70000);
}
END_TEST

START_TEST(test_copy_empty_not_flushed)
{
  char ib[8];
  char ob[8];
  substdio in = SUBSTDIO_FDBUF(fake_read, 0, ib, sizeof ib);
  substdio out = SUBSTDIO_FDBUF(fake_write, 1, ob, sizeof ob);
  fake_input(0, "", 0);
  ck_assert_int_eq(substdio_copy(&out, &in), 0);
  ck_assert_uint_eq(fake[1].calls, 0);
  fake_input(0, "abc", 3);
  ck_assert_int_eq(substdio_copy(&out, &in), 0);
  ck_assert_uint_eq(fake[1].calls, 0);              /* not flushed */
  ck_assert_uint_eq(out.p, 3);
  ck_assert_int_eq(substdio_flush(&out), 0);
  ck_assert_mem_eq(fake[1].out, "abc", 3);
}
END_TEST

/* Buffered input left by an earlier get is copied first. */
START_TEST(test_copy_after_get)
{
  char ib[8];
  char ob[64];
  char two[2];
  substdio in = SUBSTDIO_FDBUF(fake_read, 0, ib, sizeof ib);
  substdio out = SUBSTDIO_FDBUF(fake_write, 1, ob, sizeof ob);
  fake_input(0, "0123456789abcdef", 16);
  ck_assert_int_eq(substdio_get(&in, two, 2), 2);
  ck_assert_int_eq(substdio_copy(&out, &in), 0);
  ck_assert_int_eq(substdio_flush(&out), 0);
  ck_assert_uint_eq(fake[1].outlen, 14);
  ck_assert_mem_eq(fake[1].out, "23456789abcdef", 14);
}
END_TEST

START_TEST(test_copy_read_error)
{
  char ib[8];
  char ob[64];
  substdio in = SUBSTDIO_FDBUF(fake_read, 0, ib, sizeof ib);
  substdio out = SUBSTDIO_FDBUF(fake_write, 1, ob, sizeof ob);
  fake_input(0, "0123456789abcdef", 16);
  fake[0].fail_after = 1;
  fake[0].fail_errno = EIO;
  errno = 0;
  ck_assert_int_eq(substdio_copy(&out, &in), -2);
  ck_assert_int_eq(errno, EIO);
  ck_assert_uint_eq(out.p, 8);                      /* what was read is put */
}
END_TEST

START_TEST(test_copy_write_error)
{
  char ib[8];
  char ob[4];
  substdio in = SUBSTDIO_FDBUF(fake_read, 0, ib, sizeof ib);
  substdio out = SUBSTDIO_FDBUF(fake_write, 1, ob, sizeof ob);
  fake_input(0, "0123456789abcdef", 16);
  fake[1].fail_after = 0;
  fake[1].fail_errno = ENOSPC;
  errno = 0;
  ck_assert_int_eq(substdio_copy(&out, &in), -3);
  ck_assert_int_eq(errno, ENOSPC);
  /* A write op that returns 0 is a write error too. */
  fake_reset();
  fake_input(0, "0123456789abcdef", 16);
  fake[1].zero_after = 0;
  in.p = 0;
  out.p = 0;
  errno = 0;
  ck_assert_int_eq(substdio_copy(&out, &in), -3);
  ck_assert_int_eq(errno, EIO);
}
END_TEST

/* ---- real pipes ---- */

static void writer(int fd, size_t len, size_t step) __attribute__((noreturn));
static void writer(int fd, size_t len, size_t step)
{
  char buf[SUBSTDIO_OUTSIZE];
  substdio ss = SUBSTDIO_FDBUF(substdio_write, fd, buf, sizeof buf);
  size_t done = 0;
  while (done < len) {
    size_t n = len - done < step ? len - done : step;
    if (substdio_put(&ss, pattern + done, n) == -1) _exit(1);
    done += n;
  }
  if (substdio_flush(&ss) == -1) _exit(1);
  _exit(0);
}

START_TEST(test_pipe_roundtrip)
{
  int pi[2];
  pid_t pid;
  int w;
  char buf[SUBSTDIO_INSIZE];
  static char out[sizeof pattern];
  substdio ss;
  fill_pattern();
  ck_assert_int_eq(pipe(pi), 0);
  pid = fork();
  ck_assert_int_ne(pid, -1);
  if (pid == 0) { close(pi[0]); writer(pi[1], sizeof pattern, 777); }
  close(pi[1]);
  substdio_fdbuf(&ss, substdio_read, pi[0], buf, sizeof buf);
  ck_assert_int_eq(get_all(&ss, out, sizeof out, 1000), (ssize_t) sizeof pattern);
  ck_assert_mem_eq(out, pattern, sizeof pattern);
  ck_assert_int_eq(substdio_get(&ss, out, 10), 0);
  ck_assert_int_eq(waitpid(pid, &w, 0), pid);
  ck_assert(WIFEXITED(w) && WEXITSTATUS(w) == 0);
  close(pi[0]);
}
END_TEST

START_TEST(test_pipe_copy)
{
  int a[2];
  int b[2];
  pid_t pid;
  char ib[SUBSTDIO_INSIZE];
  char ob[SUBSTDIO_OUTSIZE];
  static char out[sizeof pattern];
  substdio in;
  substdio os;
  int w;
  fill_pattern();
  ck_assert_int_eq(pipe(a), 0);
  ck_assert_int_eq(pipe(b), 0);
  pid = fork();
  ck_assert_int_ne(pid, -1);
  if (pid == 0) { /* copies a -> b */
    close(a[1]);
    close(b[0]);
    substdio_fdbuf(&in, substdio_read, a[0], ib, sizeof ib);
    substdio_fdbuf(&os, substdio_write, b[1], ob, sizeof ob);
    if (substdio_copy(&os, &in) != 0) _exit(2);
    if (substdio_flush(&os) != 0) _exit(3);
    _exit(0);
  }
  close(a[0]);
  close(b[1]);
  {
    pid_t wpid = fork();
    ck_assert_int_ne(wpid, -1);
    if (wpid == 0) { close(b[0]); writer(a[1], sizeof pattern, 100000); }
    close(a[1]);
    ck_assert_uint_eq(read_all(b[0], out, sizeof out), sizeof pattern);
    ck_assert_mem_eq(out, pattern, sizeof pattern);
    ck_assert_int_eq(waitpid(wpid, &w, 0), wpid);
    ck_assert(WIFEXITED(w) && WEXITSTATUS(w) == 0);
  }
  ck_assert_int_eq(waitpid(pid, &w, 0), pid);
  ck_assert_msg(WIFEXITED(w) && WEXITSTATUS(w) == 0, "copier status %d", w);
  close(b[0]);
}
END_TEST

START_TEST(test_pipe_epipe)
{
  int pi[2];
  char buf[16];
  substdio ss;
  ck_assert_int_eq(sig_ignore(SIGPIPE), 0);
  ck_assert_int_eq(pipe(pi), 0);
  close(pi[0]);
  substdio_fdbuf(&ss, substdio_write, pi[1], buf, sizeof buf);
  ck_assert_int_eq(substdio_put(&ss, "abc", 3), 0);
  errno = 0;
  ck_assert_int_eq(substdio_flush(&ss), -1);
  ck_assert_int_eq(errno, EPIPE);
  close(pi[1]);
  ck_assert_int_eq(sig_default(SIGPIPE), 0);
}
END_TEST

START_TEST(test_pipe_read_error)
{
  char buf[16];
  char out[4];
  substdio ss = SUBSTDIO_FDBUF(substdio_read, -1, buf, sizeof buf);
  errno = 0;
  ck_assert_int_eq(substdio_get(&ss, out, sizeof out), -1);
  ck_assert_int_eq(errno, EBADF);
}
END_TEST

/* A real signal interrupts a real read; feed retries it. */
static volatile sig_atomic_t alarms;
static void on_alarm(int sig) { (void) sig; ++alarms; }

START_TEST(test_pipe_eintr)
{
  int pi[2];
  pid_t pid;
  int w;
  char buf[64];
  char out[8];
  struct itimerval it;
  substdio ss;
  ck_assert_int_eq(pipe(pi), 0);
  pid = fork();
  ck_assert_int_ne(pid, -1);
  if (pid == 0) {
    ssize_t r;
    close(pi[0]);
    sleep_ms(300);
    r = write(pi[1], "late", 4);
    _exit(r == 4 ? 0 : 1);
  }
  close(pi[1]);
  alarms = 0;
  ck_assert_int_eq(sig_catch(SIGALRM, on_alarm), 0);
  memset(&it, 0, sizeof it);
  it.it_value.tv_usec = 50000;
  it.it_interval.tv_usec = 50000;
  ck_assert_int_eq(setitimer(ITIMER_REAL, &it, 0), 0);
  substdio_fdbuf(&ss, substdio_read, pi[0], buf, sizeof buf);
  ck_assert_int_eq(substdio_get(&ss, out, 4), 4);
  memset(&it, 0, sizeof it);
  setitimer(ITIMER_REAL, &it, 0);
  ck_assert_mem_eq(out, "late", 4);
  ck_assert_int_ge(alarms, 2);
  ck_assert_int_eq(waitpid(pid, &w, 0), pid);
  ck_assert_int_eq(w, 0);
  close(pi[0]);
  ck_assert_int_eq(sig_default(SIGALRM), 0);
}
END_TEST

Suite *substdio_suite(void)
{
  Suite *s = suite_create("substdio");
  TCase *in = tcase_create("input");
  TCase *out = tcase_create("output");
  TCase *cp = tcase_create("copy");
  TCase *pipes = tcase_create("pipes");
  tcase_add_checked_fixture(in, setup, no_leaks);
  tcase_add_checked_fixture(out, setup, no_leaks);
  tcase_add_checked_fixture(cp, setup, no_leaks);
  tcase_add_checked_fixture(pipes, setup, no_leaks);
  tcase_add_test(in, test_fdbuf);
  tcase_add_test(in, test_read_write_ops);
  tcase_add_test(in, test_get_empty_input);
  tcase_add_test(in, test_get_small);
  tcase_add_test(in, test_get_large_skips_buffer);
  tcase_add_test(in, test_get_short_reads);
  tcase_add_test(in, test_get_eintr);
  tcase_add_test(in, test_get_eintr_every_call);
  tcase_add_test(in, test_read_errors);
  tcase_add_test(in, test_read_error_after_data);
  tcase_add_test(in, test_feed_peek_seek);
  tcase_add_test(in, test_feed_full_buffer);
  tcase_add_test(in, test_bget);
  tcase_add_test(out, test_put_buffers);
  tcase_add_test(out, test_put_large);
  tcase_add_test(out, test_put_short_writes);
  tcase_add_test(out, test_put_eintr);
  tcase_add_test(out, test_write_zero_is_eio);
  tcase_add_test(out, test_write_errors);
  tcase_add_test(out, test_putflush_puts);
  tcase_add_test(out, test_allwrite);
  tcase_add_test(cp, test_copy);
  tcase_add_test(cp, test_copy_empty_not_flushed);
  tcase_add_test(cp, test_copy_after_get);
  tcase_add_test(cp, test_copy_read_error);
  tcase_add_test(cp, test_copy_write_error);
  tcase_add_test(pipes, test_pipe_roundtrip);
  tcase_add_test(pipes, test_pipe_copy);
  tcase_add_test(pipes, test_pipe_epipe);
  tcase_add_test(pipes, test_pipe_read_error);
  tcase_add_test(pipes, test_pipe_eintr);
  suite_add_tcase(s, in);
  suite_add_tcase(s, out);
  suite_add_tcase(s, cp);
  suite_add_tcase(s, pipes);
  return s;
}

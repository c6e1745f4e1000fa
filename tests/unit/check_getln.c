#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "getln.h"
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

/* Reads one line and checks it is exactly want (wantlen bytes) with
   the given match. */
#define ck_line(ss, sa, want, wantlen, wantmatch) \
  do { \
    int m_ = 42; \
    ck_assert_int_eq(getln((ss), (sa), &m_, '\n'), 0); \
    ck_assert_int_eq(m_, (wantmatch)); \
    ck_assert_uint_eq((sa)->len, (wantlen)); \
    if (wantlen) ck_assert_mem_eq((sa)->s, (want), (wantlen)); \
  } while (0)

START_TEST(test_getln_empty_input)
{
  char buf[16];
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  stralloc sa = STRALLOC_ZERO;
  fake_input(0, "", 0);
  ck_line(&ss, &sa, "", 0, 0);
  ck_line(&ss, &sa, "", 0, 0);                    /* and again */
  ck_assert_uint_eq(alloc_calls, 0);
  stralloc_free(&sa);
}
END_TEST

START_TEST(test_getln_final_separator)
{
  char buf[16];
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  stralloc sa = STRALLOC_ZERO;
  fake_input(0, "abc\n\ndef\n", 9);
  ck_line(&ss, &sa, "abc\n", 4, 1);
  ck_line(&ss, &sa, "\n", 1, 1);                  /* an empty line */
  ck_line(&ss, &sa, "def\n", 4, 1);
  ck_line(&ss, &sa, "", 0, 0);
  stralloc_free(&sa);
}
END_TEST

START_TEST(test_getln_no_final_separator)
{
  char buf[16];
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  stralloc sa = STRALLOC_ZERO;
  fake_input(0, "abc\ndef", 7);
  ck_line(&ss, &sa, "abc\n", 4, 1);
  ck_line(&ss, &sa, "def", 3, 0);                 /* partial last line */
  ck_line(&ss, &sa, "", 0, 0);
  stralloc_free(&sa);
}
END_TEST

START_TEST(test_getln_other_separator)
{
  char buf[4];
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  stralloc sa = STRALLOC_ZERO;
  int m = 0;
  fake_input(0, "Fa@b\0Tc@d\0\0", 11);
  ck_assert_int_eq(getln(&ss, &sa, &m, 0), 0);
  ck_assert_int_eq(m, 1);
  ck_assert_uint_eq(sa.len, 5);
  ck_assert_mem_eq(sa.s, "Fa@b\0", 5);
  ck_assert_int_eq(getln(&ss, &sa, &m, 0), 0);
  ck_assert_mem_eq(sa.s, "Tc@d\0", 5);
  ck_assert_int_eq(getln(&ss, &sa, &m, 0), 0);
  ck_assert_int_eq(m, 1);
  ck_assert_uint_eq(sa.len, 1);
  ck_assert_int_eq(getln(&ss, &sa, &m, 0), 0);
  ck_assert_int_eq(m, 0);
  ck_assert_uint_eq(sa.len, 0);
  stralloc_free(&sa);
}
END_TEST

/* getln leaves the rest of the input in the buffer for other readers. */
START_TEST(test_getln_then_get)
{
  char buf[32];
  char out[32];
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  stralloc sa = STRALLOC_ZERO;
  fake_input(0, "head\nbody bytes", 15);
  ck_line(&ss, &sa, "head\n", 5, 1);
  ck_assert_int_eq(substdio_get(&ss, out, sizeof out), 10);
  ck_assert_mem_eq(out, "body bytes", 10);
  stralloc_free(&sa);
}
END_TEST

/* Lines much longer than the buffer, with and without a final newline. */
START_TEST(test_getln_long_lines)
{
  static char in[3 * 1000 + 2];
  char buf[16];
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  stralloc sa = STRALLOC_ZERO;
  memset(in, 'x', 999);
  in[999] = '\n';
  memset(in + 1000, 'y', 1999);
  in[2999] = '\n';
  in[3000] = 'z';
  in[3001] = 'z';
  fake_input(0, in, sizeof in);
  ck_line(&ss, &sa, in, 1000, 1);
  ck_line(&ss, &sa, in + 1000, 2000, 1);
  ck_line(&ss, &sa, "zz", 2, 0);
  ck_line(&ss, &sa, "", 0, 0);
  stralloc_free(&sa);
}
END_TEST

/* Every buffer size from 1 to 12 against every read size from 1 to 9:
   separators land on every position relative to the buffer's edges. */
START_TEST(test_getln_boundaries)
{
  static const char in[] = "a\nbb\n\nccc\ndddd\neeeee\nffffff\ngggggggggggggggggg\nhh";
  static const char *const want[] = { "a\n", "bb\n", "\n", "ccc\n", "dddd\n",
    "eeeee\n", "ffffff\n", "gggggggggggggggggg\n", "hh" };
  size_t bufsize;
  size_t chunk;
  for (bufsize = 1; bufsize <= 12; ++bufsize)
    for (chunk = 1; chunk <= 9; ++chunk) {
      char buf[12];
      substdio ss;
      stralloc sa = STRALLOC_ZERO;
      size_t k;
      int m;
      substdio_fdbuf(&ss, fake_read, 0, buf, bufsize);
      fake_reset();
      fake_input(0, in, sizeof in - 1);
      fake[0].chunk = chunk;
      for (k = 0; k < sizeof want / sizeof want[0]; ++k) {
        size_t n = strlen(want[k]);
        int r = getln(&ss, &sa, &m, '\n');
        ck_assert_msg(r == 0 && sa.len == n && !memcmp(sa.s, want[k], n)
                      && m == (want[k][n - 1] == '\n'),
                      "buffer %zu, chunk %zu, line %zu", bufsize, chunk, k);
      }
      ck_assert_int_eq(getln(&ss, &sa, &m, '\n'), 0);
      ck_assert_int_eq(m, 0);
      ck_assert_uint_eq(sa.len, 0);
      stralloc_free(&sa);
    }
}
END_TEST

START_TEST(test_getln_eintr)
{
  char buf[8];
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  stralloc sa = STRALLOC_ZERO;
  fake_input(0, "interrupted line\nx", 18);
  fake[0].eintr = 1;
  fake[0].eintr_each = 1;
  fake[0].chunk = 3;
  ck_line(&ss, &sa, "interrupted line\n", 17, 1);
  ck_line(&ss, &sa, "x", 1, 0);
  ck_assert_uint_ge(fake[0].intrs, 7);
  stralloc_free(&sa);
}
END_TEST

START_TEST(test_getln_read_error_midline)
{
  char buf[4];
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  stralloc sa = STRALLOC_ZERO;
  int m = 5;
  fake_input(0, "ok\nbroken line", 14);
  fake[0].fail_after = 3;
  fake[0].fail_errno = EIO;
  ck_line(&ss, &sa, "ok\n", 3, 1);
  errno = 0;
  ck_assert_int_eq(getln(&ss, &sa, &m, '\n'), -1);
  ck_assert_int_eq(errno, EIO);
  stralloc_free(&sa);
}
END_TEST

START_TEST(test_getln_oom)
{
  char buf[16];
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  stralloc sa = STRALLOC_ZERO;
  int m = 5;
  fake_input(0, "short\n", 6);
  alloc_fail_after = 0;
  errno = 0;
  ck_assert_int_eq(getln(&ss, &sa, &m, '\n'), -1);
  ck_assert_int_eq(errno, ENOMEM);
  ck_assert_ptr_null(sa.s);
  /* Nothing consumed: once memory is back the line is still there. */
  alloc_fail_after = -1;
  ck_line(&ss, &sa, "short\n", 6, 1);
  stralloc_free(&sa);
}
END_TEST

/* Running out while a long line grows. */
START_TEST(test_getln_oom_long_line)
{
  static char in[5000];
  char buf[16];
  substdio ss = SUBSTDIO_FDBUF(fake_read, 0, buf, sizeof buf);
  stralloc sa = STRALLOC_ZERO;
  int m = 5;
  memset(in, 'L', sizeof in - 1);
  in[sizeof in - 1] = '\n';
  fake_input(0, in, sizeof in);
  alloc_fail_after = 3;
  errno = 0;
  ck_assert_int_eq(getln(&ss, &sa, &m, '\n'), -1);
  ck_assert_int_eq(errno, ENOMEM);
  ck_assert_uint_eq(alloc_calls, 4);
  ck_assert_uint_gt(sa.len, 0);
  ck_assert_uint_lt(sa.len, sizeof in);
  stralloc_free(&sa);
}
END_TEST

/* A real pipe, a line three times the standard buffer. */
START_TEST(test_getln_pipe)
{
  static char line[3 * SUBSTDIO_INSIZE + 6];
  char buf[SUBSTDIO_INSIZE];
  int pi[2];
  pid_t pid;
  int w;
  substdio ss;
  stralloc sa = STRALLOC_ZERO;
  size_t i;
  for (i = 0; i < sizeof line - 1; ++i) line[i] = (char) ('a' + i % 26);
  line[sizeof line - 1] = '\n';
  ck_assert_int_eq(pipe(pi), 0);
  pid = fork();
  ck_assert_int_ne(pid, -1);
  if (pid == 0) {
    size_t done = 0;
    close(pi[0]);
    while (done < sizeof line) {  /* in odd pieces */
      size_t n = sizeof line - done < 1000 ? sizeof line - done : 1000;
      if (write(pi[1], line + done, n) != (ssize_t) n) _exit(1);
      done += n;
    }
    if (write(pi[1], "tail", 4) != 4) _exit(1);
    _exit(0);
  }
  close(pi[1]);
  substdio_fdbuf(&ss, substdio_read, pi[0], buf, sizeof buf);
  ck_line(&ss, &sa, line, sizeof line, 1);
  ck_line(&ss, &sa, "tail", 4, 0);
  ck_line(&ss, &sa, "", 0, 0);
  ck_assert_int_eq(waitpid(pid, &w, 0), pid);
  ck_assert_int_eq(w, 0);
  close(pi[0]);
  stralloc_free(&sa);
}
END_TEST

Suite *getln_suite(void)
{
  Suite *s = suite_create("getln");
  TCase *tc = tcase_create("getln");
  tcase_add_checked_fixture(tc, setup, no_leaks);
  tcase_add_test(tc, test_getln_empty_input);
  tcase_add_test(tc, test_getln_final_separator);
  tcase_add_test(tc, test_getln_no_final_separator);
  tcase_add_test(tc, test_getln_other_separator);
  tcase_add_test(tc, test_getln_then_get);
  tcase_add_test(tc, test_getln_long_lines);
  tcase_add_test(tc, test_getln_boundaries);
  tcase_add_test(tc, test_getln_eintr);
  tcase_add_test(tc, test_getln_read_error_midline);
  tcase_add_test(tc, test_getln_oom);
  tcase_add_test(tc, test_getln_oom_long_line);
  tcase_add_test(tc, test_getln_pipe);
  suite_add_tcase(s, tc);
  return s;
}

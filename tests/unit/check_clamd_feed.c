/* The clamd client's reply reader, clamd_feed, alone: the bytes of a
   server's answer split anywhere, several replies in one read, a reply
   left incomplete between reads, and replies too long. (check_clamd.c
   has the parser, the matcher and whole sessions.) */
#define _GNU_SOURCE /* memmem */
#include <string.h>
#include <time.h>
#include "clamd.h"
#include "clamd_int.h"
#include "unit.h"

static struct clamd_session fs = CLAMD_SESSION_ZERO;

/* a session that has sent n requests (n below CLAMD_WINDOW), the control
   sample as id 1, with no server behind it */
static void sent(unsigned long n)
{
  struct timespec t = { 0, 0 };
  unsigned long i;
  fs.fd = -1;
  fs.fildes = 1;
  fs.deadline = t;
  fs.sent = fs.replies = 0;
  fs.controlfound = fs.ended = fs.eof = 0;
  fs.verdict = CLAMD_CLEAN;
  fs.name.len = fs.got.len = fs.in.len = fs.why.len = 0;
  for (i = 0; i < n; ++i) ck_assert_int_eq(clamd_next(&fs), 1);
  fs.control = 1;
}

static void teardown(void) { clamd_session_free(&fs); }

static int why_has(const char *s)
{
  return fs.why.s && memmem(fs.why.s, fs.why.len, s, strlen(s)) != 0;
}

static int name_is(const char *s)
{
  return fs.name.len == strlen(s) && !memcmp(fs.name.s, s, fs.name.len);
}

/* three replies, out of order, each ended by its NUL */
static const char three[] = "2: fd[4]: OK\0" "1: fd[3]: Ctl FOUND\0" "3: fd[5]: Bad.Thing FOUND";

static void three_done(void)
{
  ck_assert_uint_eq(fs.replies, 3);
  ck_assert_int_eq(fs.controlfound, 1);
  ck_assert_int_eq(fs.verdict, CLAMD_VIRUS);
  ck_assert(name_is("Bad.Thing"));
  ck_assert_uint_eq(fs.in.len, 0);
}

/* every split into three reads, at any two points */
START_TEST(test_feed_split_anywhere)
{
  size_t n = sizeof three; /* the last NUL included */
  size_t i;
  size_t j;
  for (i = 0; i <= n; ++i)
    for (j = i; j <= n; ++j) {
      sent(3);
      ck_assert_int_eq(clamd_feed(&fs, three, i), 1);
      ck_assert_int_eq(clamd_feed(&fs, three + i, j - i), 1);
      ck_assert_int_eq(clamd_feed(&fs, three + j, n - j), 1);
      three_done();
    }
}
END_TEST

START_TEST(test_feed_one_read)
{
  sent(3);
  ck_assert_int_eq(clamd_feed(&fs, three, sizeof three), 1);
  three_done();
  /* a read that ends inside a reply keeps its start for the next one */
  sent(3);
  ck_assert_int_eq(clamd_feed(&fs, three, 20), 1);
  ck_assert_uint_eq(fs.replies, 1);
  ck_assert_uint_eq(fs.in.len, 20 - 13);       /* "1: fd[3" */
  ck_assert_int_eq(clamd_feed(&fs, three + 20, sizeof three - 20), 1);
  three_done();
  /* nothing at all changes nothing */
  sent(3);
  ck_assert_int_eq(clamd_feed(&fs, "", 0), 1);
  ck_assert_uint_eq(fs.replies, 0);
  ck_assert_uint_eq(fs.in.len, 0);
}
END_TEST

/* the first bad reply in a read stops it: what follows is not taken */
START_TEST(test_feed_stops_at_failure)
{
  static const char r[] = "1: fd[3]: Ctl FOUND\0" "1: fd[3]: OK\0" "2: fd[4]: OK";
  sent(2);
  ck_assert_int_eq(clamd_feed(&fs, r, sizeof r), 0);
  ck_assert(why_has("duplicate id"));
  ck_assert_uint_eq(fs.replies, 1);
  /* an empty reply (two NULs) is malformed */
  sent(2);
  ck_assert_int_eq(clamd_feed(&fs, "1: fd[3]: Ctl FOUND\0\0", 21), 0);
  ck_assert(why_has("malformed"));
  ck_assert_uint_eq(fs.replies, 1);
}
END_TEST

/* CLAMD_REPLYMAX bytes before the NUL: taken; one more: refused, however
   it is split, and before it is stored */
START_TEST(test_feed_too_long)
{
  static char big[CLAMD_REPLYMAX + 2];
  static const char head[] = "2: stream: ";
  static const char tail[] = " FOUND";
  size_t name = CLAMD_REPLYMAX - (sizeof head - 1) - (sizeof tail - 1);
  size_t i;
  /* exactly CLAMD_REPLYMAX: a virus, its name cut to CLAMD_NAMEMAX */
  memcpy(big, head, sizeof head - 1);
  memset(big + sizeof head - 1, 'N', name);
  memcpy(big + sizeof head - 1 + name, tail, sizeof tail - 1);
  big[CLAMD_REPLYMAX] = 0;
  sent(2);
  ck_assert_int_eq(clamd_feed(&fs, "1: fd[3]: Ctl FOUND", 20), 1);
  ck_assert_int_eq(clamd_feed(&fs, big, CLAMD_REPLYMAX + 1), 1);
  ck_assert_int_eq(fs.verdict, CLAMD_VIRUS);
  ck_assert_uint_eq(fs.name.len, CLAMD_NAMEMAX);
  ck_assert_uint_eq(fs.replies, 2);
  /* one byte more, in one read or in two at any point */
  memset(big, 'A', sizeof big);
  big[CLAMD_REPLYMAX + 1] = 0;
  sent(2);
  ck_assert_int_eq(clamd_feed(&fs, big, sizeof big), 0);
  ck_assert(why_has("reply too long"));
  ck_assert_uint_le(fs.in.len, CLAMD_REPLYMAX);
  for (i = 1; i < CLAMD_REPLYMAX + 1; i += 509) {
    sent(2);
    ck_assert_int_eq(clamd_feed(&fs, big, i), 1);
    ck_assert_int_eq(clamd_feed(&fs, big + i, sizeof big - i), 0);
    ck_assert(why_has("reply too long"));
    ck_assert_uint_le(fs.in.len, CLAMD_REPLYMAX);
  }
  /* without any NUL: the bound holds across reads too */
  sent(2);
  for (i = 0; i < CLAMD_REPLYMAX; ++i) ck_assert_int_eq(clamd_feed(&fs, "A", 1), 1);
  ck_assert_int_eq(clamd_feed(&fs, "A", 1), 0);
  ck_assert(why_has("reply too long"));
}
END_TEST

/* the bound is per reply: short replies before a long one do not count */
START_TEST(test_feed_bound_per_reply)
{
  static char big[CLAMD_REPLYMAX + 1];
  static const char head[] = "3: fd[5]: OK";
  sent(3);
  ck_assert_int_eq(clamd_feed(&fs, "1: fd[3]: Ctl FOUND\0" "2: fd[4]: OK\0", 33), 1);
  /* an OK reply padded to CLAMD_REPLYMAX is malformed, but not too long */
  memset(big, ' ', sizeof big);
  memcpy(big, head, sizeof head - 1);
  big[CLAMD_REPLYMAX] = 0;
  ck_assert_int_eq(clamd_feed(&fs, big, sizeof big), 0);
  ck_assert(!why_has("reply too long"));
}
END_TEST

Suite *clamd_feed_suite(void)
{
  Suite *s = suite_create("clamd_feed");
  TCase *t = tcase_create("feed");
  tcase_add_checked_fixture(t, 0, teardown);
  tcase_add_test(t, test_feed_split_anywhere);
  tcase_add_test(t, test_feed_one_read);
  tcase_add_test(t, test_feed_stops_at_failure);
  tcase_add_test(t, test_feed_too_long);
  tcase_add_test(t, test_feed_bound_per_reply);
  suite_add_tcase(s, t);
  return s;
}

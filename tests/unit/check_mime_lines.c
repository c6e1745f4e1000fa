#include <string.h>
#include "stralloc.h"
#include "mime_int.h"
#include "unit.h"

/* Line splitting (mime_lines): LF, CRLF and a lone CR end a line, a CR at
   the end of the input so far waits for a possible LF, a line longer
   than the buffer comes in fragments, and how the bytes are cut into
   feeds changes nothing. */

/* each fragment as "[s|eol|flags]" */
static stralloc got = STRALLOC_ZERO;

static void rec(void *ctx, const char *s, size_t n, const char *eol, size_t eoln, int flags)
{
  char f[3] = { (flags & MIME_START) ? 'S' : '-', (flags & MIME_END) ? 'E' : '-', 0 };
  (void) ctx;
  ck_assert(stralloc_cats(&got, "["));
  ck_assert(stralloc_catb(&got, s, n));
  ck_assert(stralloc_cats(&got, "|"));
  ck_assert(stralloc_catb(&got, eol, eoln));
  ck_assert(stralloc_cats(&got, "|"));
  ck_assert(stralloc_cats(&got, f));
  ck_assert(stralloc_cats(&got, "]"));
}

/* s fed k bytes at a time through a buffer of a bytes, then the end */
static const char *split(const char *s, size_t k, size_t a)
{
  struct mime_lines l;
  size_t n = strlen(s), i;
  ck_assert(stralloc_copys(&got, ""));
  ck_assert_int_eq(mime_lines_init(&l, a), 1);
  for (i = 0; i < n; i += k) mime_lines_feed(&l, s + i, n - i < k ? n - i : k, rec, 0);
  mime_lines_run(&l, 1, rec, 0);
  mime_lines_free(&l);
  ck_assert_ptr_null(l.buf);
  ck_assert(stralloc_0(&got));
  return got.s;
}

START_TEST(test_lines_ends)
{
  size_t k;
  for (k = 1; k <= 12; ++k) {
    ck_assert_str_eq(split("a\nbc\r\nd\re", k, 64), "[a|\n|SE][bc|\r\n|SE][d|\r|SE][e||SE]");
    ck_assert_str_eq(split("\n\r\n\r", k, 64), "[|\n|SE][|\r\n|SE][|\r|SE]");
    /* a CR and then an LF in the next feed: one line end */
    ck_assert_str_eq(split("x\r\ny\r", k, 64), "[x|\r\n|SE][y|\r|SE]");
  }
  ck_assert_str_eq(split("", 1, 64), "");
}
END_TEST

START_TEST(test_lines_long)
{
  /* a buffer of 4: a line of 10 comes in fragments, the first starts the
     line, the last ends it */
  ck_assert_str_eq(split("0123456789\nab\n", 14, 4), "[0123||S-][4567||--][89|\n|-E][ab|\n|SE]");
  ck_assert_str_eq(split("0123456789\nab\n", 1, 4), "[0123||S-][4567||--][89|\n|-E][ab|\n|SE]");
  /* a CR at the end of a full buffer stays for the LF after it */
  ck_assert_str_eq(split("012\r\nx", 1, 4), "[012||S-][|\r\n|-E][x||SE]");
  /* a line that fills the buffer exactly at the end of the input: its
     fragments, and no empty one to end it (the entity ends anyway) */
  ck_assert_str_eq(split("abcdefgh", 3, 4), "[abcd||S-][efgh||--]");
}
END_TEST

START_TEST(test_lines_seen)
{
  /* a long line fed a byte at a time is searched once: only the result
     can be seen here, the same as in one piece */
  static char big[3000];
  const char *r1, *r2;
  stralloc one = STRALLOC_ZERO;
  memset(big, 'x', sizeof big - 2);
  big[sizeof big - 2] = '\n';
  r1 = split(big, sizeof big, 4096);
  ck_assert(stralloc_copys(&one, r1));
  ck_assert(stralloc_0(&one));
  r2 = split(big, 1, 4096);
  ck_assert_uint_eq(strlen(r2), strlen(one.s));
  ck_assert_int_eq(strcmp(r2, one.s), 0);
  ck_assert_int_eq(strncmp(r2, "[xxx", 4), 0);
  ck_assert_uint_eq(strlen(r2), sizeof big - 2 + 7);
  stralloc_free(&one);
}
END_TEST

Suite *mime_lines_suite(void)
{
  Suite *s = suite_create("mime_lines");
  TCase *tc = tcase_create("lines");
  tcase_add_test(tc, test_lines_ends);
  tcase_add_test(tc, test_lines_long);
  tcase_add_test(tc, test_lines_seen);
  suite_add_tcase(s, tc);
  return s;
}

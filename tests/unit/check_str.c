#include "str.h"
#include "unit.h"

START_TEST(test_str_len)
{
  ck_assert_uint_eq(str_len(""), 0);
  ck_assert_uint_eq(str_len("a"), 1);
  ck_assert_uint_eq(str_len("hello, world"), 12);
  ck_assert_uint_eq(str_len("ab\0cd"), 2);
  ck_assert_uint_eq(str_len("\377\200"), 2);
}
END_TEST

START_TEST(test_str_diff)
{
  ck_assert_int_eq(str_diff("", ""), 0);
  ck_assert_int_lt(str_diff("", "a"), 0);
  ck_assert_int_gt(str_diff("a", ""), 0);
  ck_assert_int_eq(str_diff("abc", "abc"), 0);
  ck_assert_int_lt(str_diff("abc", "abd"), 0);
  ck_assert_int_gt(str_diff("abd", "abc"), 0);
  ck_assert_int_lt(str_diff("ab", "abc"), 0);     /* a prefix sorts first */
  ck_assert_int_gt(str_diff("abc", "ab"), 0);
  ck_assert_int_gt(str_diff("\200", "a"), 0);     /* bytes are unsigned */
  ck_assert_int_lt(str_diff("a", "\377"), 0);
  ck_assert_int_eq(str_diff("ab\0x", "ab\0y"), 0); /* stops at NUL */
  ck_assert(str_equal("", ""));
  ck_assert(str_equal("qscanq", "qscanq"));
  ck_assert(!str_equal("qscanq", "qscanQ"));
  ck_assert(!str_equal("qscan", "qscanq"));
}
END_TEST

START_TEST(test_str_chr)
{
  ck_assert_uint_eq(str_chr("", 'a'), 0);
  ck_assert_uint_eq(str_chr("", 0), 0);
  ck_assert_uint_eq(str_chr("abcabc", 'a'), 0);
  ck_assert_uint_eq(str_chr("abcabc", 'c'), 2);   /* the first one */
  ck_assert_uint_eq(str_chr("abcabc", 'z'), 6);   /* absent: the length */
  ck_assert_uint_eq(str_chr("abc", 0), 3);        /* NUL: the length */
  ck_assert_uint_eq(str_chr("a\377b", 255), 1);
  ck_assert_uint_eq(str_chr("a\377b", -1), 1);
  ck_assert_uint_eq(str_chr("ab\0c", 'c'), 2);    /* never past the NUL */
}
END_TEST

START_TEST(test_str_rchr)
{
  ck_assert_uint_eq(str_rchr("", 'a'), 0);
  ck_assert_uint_eq(str_rchr("", 0), 0);
  ck_assert_uint_eq(str_rchr("abcabc", 'b'), 4);  /* the last one */
  ck_assert_uint_eq(str_rchr("abcabc", 'c'), 5);
  ck_assert_uint_eq(str_rchr("abc", 'a'), 0);     /* found at 0, not absent */
  ck_assert_uint_eq(str_rchr("abcabc", 'z'), 6);
  ck_assert_uint_eq(str_rchr("abc", 0), 3);
  ck_assert_uint_eq(str_rchr("a/b/c", '/'), 3);
  ck_assert_uint_eq(str_rchr("x\377y\377", 255), 3);
  ck_assert_uint_eq(str_rchr("ab\0b", 'b'), 1);
}
END_TEST

START_TEST(test_str_start)
{
  ck_assert_int_eq(str_start("", ""), 1);
  ck_assert_int_eq(str_start("abc", ""), 1);
  ck_assert_int_eq(str_start("", "a"), 0);
  ck_assert_int_eq(str_start("abc", "a"), 1);
  ck_assert_int_eq(str_start("abc", "abc"), 1);
  ck_assert_int_eq(str_start("ab", "abc"), 0);    /* prefix longer than s */
  ck_assert_int_eq(str_start("abc", "abd"), 0);
  ck_assert_int_eq(str_start("abc", "b"), 0);
  ck_assert_int_eq(str_start("PATH=/bin", "PATH"), 1);
}
END_TEST

START_TEST(test_str_join)
{
  char buf[9];
  ck_assert_int_eq(str_join(buf, sizeof buf, "/var", "/bin"), 1); /* 9 bytes with the NUL: fits exactly */
  ck_assert_str_eq(buf, "/var/bin");
  ck_assert_int_eq(str_join(buf, sizeof buf, "", ""), 1);
  ck_assert_str_eq(buf, "");
  buf[0] = 'x';
  ck_assert_int_eq(str_join(buf, sizeof buf, "/var", "/bin/"), 0); /* one byte too many */
  ck_assert_int_eq(buf[0], 'x');                                      /* untouched */
  ck_assert_int_eq(str_join(buf, sizeof buf, "123456789", ""), 0);    /* a alone too long */
  ck_assert_int_eq(str_join(buf, 0, "", ""), 0);                      /* no room for the NUL */
  ck_assert_int_eq(str_join(buf, 1, "", ""), 1);
  ck_assert_int_eq(buf[0], 0);
}
END_TEST

Suite *str_suite(void)
{
  Suite *s = suite_create("str");
  TCase *tc = tcase_create("str");
  tcase_add_test(tc, test_str_len);
  tcase_add_test(tc, test_str_diff);
  tcase_add_test(tc, test_str_chr);
  tcase_add_test(tc, test_str_rchr);
  tcase_add_test(tc, test_str_start);
  tcase_add_test(tc, test_str_join);
  suite_add_tcase(s, tc);
  return s;
}

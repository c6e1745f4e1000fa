#include <stdlib.h>
#include <string.h>
#include "byte.h"
#include "unit.h"

/* A heap copy of exactly n bytes, so that ASan sees any read past n. */
static char *exact(const char *s, size_t n)
{
  char *p = malloc(n ? n : 1);
  ck_assert_ptr_nonnull(p);
  if (n) memcpy(p, s, n);
  return p;
}

START_TEST(test_byte_chr)
{
  char *p = exact("abcabc", 6);
  ck_assert_uint_eq(byte_chr(p, 0, 'a'), 0);      /* n = 0: nothing seen */
  ck_assert_uint_eq(byte_chr(p, 6, 'a'), 0);
  ck_assert_uint_eq(byte_chr(p, 6, 'c'), 2);      /* first one */
  ck_assert_uint_eq(byte_chr(p, 6, 'z'), 6);      /* absent: n */
  ck_assert_uint_eq(byte_chr(p, 2, 'c'), 2);      /* beyond n: absent */
  ck_assert_uint_eq(byte_chr(p + 3, 3, 'c'), 2);
  free(p);
}
END_TEST

START_TEST(test_byte_chr_special)
{
  char *p = exact("ab\0cd\377\200", 7);
  ck_assert_uint_eq(byte_chr(p, 7, 0), 2);        /* NUL is an ordinary byte */
  ck_assert_uint_eq(byte_chr(p, 7, 'd'), 4);
  ck_assert_uint_eq(byte_chr(p, 7, 255), 5);      /* c taken as a byte */
  ck_assert_uint_eq(byte_chr(p, 7, -1), 5);
  ck_assert_uint_eq(byte_chr(p, 7, 0x80), 6);
  ck_assert_uint_eq(byte_chr(0, 0, 'x'), 0);      /* no bytes, no pointer */
  free(p);
}
END_TEST

START_TEST(test_byte_rchr)
{
  char *p = exact("abcabc", 6);
  ck_assert_uint_eq(byte_rchr(p, 0, 'a'), 0);
  ck_assert_uint_eq(byte_rchr(p, 6, 'a'), 3);     /* last one */
  ck_assert_uint_eq(byte_rchr(p, 6, 'c'), 5);     /* at the very end */
  ck_assert_uint_eq(byte_rchr(p, 6, 'z'), 6);
  ck_assert_uint_eq(byte_rchr(p, 3, 'a'), 0);     /* at the very start */
  ck_assert_uint_eq(byte_rchr(p, 5, 'c'), 2);     /* limited to n */
  ck_assert_uint_eq(byte_rchr(0, 0, 'x'), 0);
  free(p);
  p = exact("\0x\0\377", 4);
  ck_assert_uint_eq(byte_rchr(p, 4, 0), 2);
  ck_assert_uint_eq(byte_rchr(p, 4, 255), 3);
  free(p);
}
END_TEST

START_TEST(test_byte_copy)
{
  char buf[16];
  memcpy(buf, "XXXXXXXXXXXXXXX", 16);
  byte_copy(buf, 0, "abc");
  ck_assert_str_eq(buf, "XXXXXXXXXXXXXXX");
  byte_copy(0, 0, 0);                              /* n = 0 touches nothing */
  byte_copy(buf, 3, "abc");
  ck_assert_str_eq(buf, "abcXXXXXXXXXXXX");
  byte_copy(buf + 4, 5, "a\0b\0c");                /* NULs are copied too */
  ck_assert_mem_eq(buf, "abcXa\0b\0cXXXXXX", 16);
}
END_TEST

START_TEST(test_byte_copy_overlap)
{
  char buf[11];
  memcpy(buf, "0123456789", 11);
  byte_copy(buf, 8, buf + 2);                      /* left, overlapping */
  ck_assert_str_eq(buf, "2345678989");
  memcpy(buf, "0123456789", 11);
  byte_copy(buf + 2, 8, buf);                      /* right, overlapping */
  ck_assert_str_eq(buf, "0101234567");
}
END_TEST

START_TEST(test_byte_copyr)
{
  char buf[11];
  memcpy(buf, "0123456789", 11);
  byte_copyr(buf, 0, "zzz");
  ck_assert_str_eq(buf, "0123456789");
  byte_copyr(0, 0, 0);
  byte_copyr(buf + 3, 7, buf);                     /* the case it exists for */
  ck_assert_str_eq(buf, "0120123456");
  memcpy(buf, "0123456789", 11);
  byte_copyr(buf, 7, buf + 3);
  ck_assert_str_eq(buf, "3456789789");
  byte_copyr(buf, 2, "ab");
  ck_assert_str_eq(buf, "ab56789789");
}
END_TEST

START_TEST(test_byte_diff)
{
  ck_assert_int_eq(byte_diff("abc", 0, "xyz"), 0); /* n = 0: equal */
  ck_assert_int_eq(byte_diff(0, 0, 0), 0);
  ck_assert_int_eq(byte_diff("abc", 3, "abc"), 0);
  ck_assert_int_lt(byte_diff("abc", 3, "abd"), 0);
  ck_assert_int_gt(byte_diff("abd", 3, "abc"), 0);
  ck_assert_int_eq(byte_diff("abc", 2, "abd"), 0); /* limited to n */
  ck_assert_int_lt(byte_diff("a\0b", 3, "a\0c"), 0); /* past a NUL */
  ck_assert_int_gt(byte_diff("\200", 1, "\177"), 0); /* bytes are unsigned */
  ck_assert_int_gt(byte_diff("\377", 1, "\001"), 0);
  ck_assert_int_lt(byte_diff("\001", 1, "\377"), 0);
  ck_assert(byte_equal("xyz", 3, "xyz"));
  ck_assert(!byte_equal("xyz", 3, "xyZ"));
  ck_assert(byte_equal("xyz", 2, "xyZ"));
}
END_TEST

START_TEST(test_byte_diff_exact_buffers)
{
  char *a = exact("hello", 5);
  char *b = exact("hello", 5);
  ck_assert_int_eq(byte_diff(a, 5, b), 0);
  b[4] = 'p';
  ck_assert_int_lt(byte_diff(a, 5, b), 0);
  free(a);
  free(b);
}
END_TEST

START_TEST(test_byte_zero)
{
  char buf[8];
  memcpy(buf, "abcdefg", 8);
  byte_zero(buf, 0);
  ck_assert_str_eq(buf, "abcdefg");
  byte_zero(0, 0);
  byte_zero(buf + 1, 3);
  ck_assert_mem_eq(buf, "a\0\0\0efg", 8);
  byte_zero(buf, 8);
  ck_assert_mem_eq(buf, "\0\0\0\0\0\0\0\0", 8);
}
END_TEST

Suite *byte_suite(void)
{
  Suite *s = suite_create("byte");
  TCase *tc = tcase_create("byte");
  tcase_add_test(tc, test_byte_chr);
  tcase_add_test(tc, test_byte_chr_special);
  tcase_add_test(tc, test_byte_rchr);
  tcase_add_test(tc, test_byte_copy);
  tcase_add_test(tc, test_byte_copy_overlap);
  tcase_add_test(tc, test_byte_copyr);
  tcase_add_test(tc, test_byte_diff);
  tcase_add_test(tc, test_byte_diff_exact_buffers);
  tcase_add_test(tc, test_byte_zero);
  suite_add_tcase(s, tc);
  return s;
}

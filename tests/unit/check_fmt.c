#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "fmt.h"
#include "unit.h"

/* fmt_ulong(s, u) against printf: same digits, same length with s = 0,
   and nothing written past the returned length. */
static void ulong_is(unsigned long u)
{
  char want[64];
  char buf[FMT_ULONG + 1];
  size_t len;
  snprintf(want, sizeof want, "%lu", u);
  memset(buf, '#', sizeof buf);
  len = fmt_ulong(buf, u);
  ck_assert_uint_eq(len, strlen(want));
  ck_assert_uint_eq(fmt_ulong(0, u), len);
  ck_assert_mem_eq(buf, want, len);
  ck_assert_int_eq(buf[len], '#');
}

static void xlong_is(unsigned long u)
{
  char want[64];
  char buf[FMT_XLONG + 1];
  size_t len;
  snprintf(want, sizeof want, "%lx", u);
  memset(buf, '#', sizeof buf);
  len = fmt_xlong(buf, u);
  ck_assert_uint_eq(len, strlen(want));
  ck_assert_uint_eq(fmt_xlong(0, u), len);
  ck_assert_mem_eq(buf, want, len);
  ck_assert_int_eq(buf[len], '#');
}

START_TEST(test_fmt_ulong_edges)
{
  char buf[FMT_ULONG];
  ck_assert_uint_eq(fmt_ulong(buf, 0), 1);
  ck_assert_int_eq(buf[0], '0');
  ck_assert_uint_eq(fmt_ulong(0, 0), 1);
  if (sizeof(unsigned long) == 8) {
    ck_assert_uint_eq(fmt_ulong(buf, ULONG_MAX), 20);
    ck_assert_mem_eq(buf, "18446744073709551615", 20);
  } else {
    ck_assert_uint_eq(fmt_ulong(buf, ULONG_MAX), 10);
    ck_assert_mem_eq(buf, "4294967295", 10);
  }
  ulong_is(0);
  ulong_is(1);
  ulong_is(ULONG_MAX);
  ulong_is(ULONG_MAX - 1);
  ulong_is(ULONG_MAX / 10);
  ck_assert_uint_le(fmt_ulong(0, ULONG_MAX), FMT_ULONG);
}
END_TEST

START_TEST(test_fmt_ulong_powers)
{
  unsigned long p = 1;
  for (;;) {
    ulong_is(p - 1);
    ulong_is(p);
    ulong_is(p + 1);
    if (p > ULONG_MAX / 10) break;
    p *= 10;
  }
}
END_TEST

START_TEST(test_fmt_xlong_edges)
{
  char buf[FMT_XLONG];
  ck_assert_uint_eq(fmt_xlong(buf, 0), 1);
  ck_assert_int_eq(buf[0], '0');
  ck_assert_uint_eq(fmt_xlong(buf, 0xabcdefUL), 6);
  ck_assert_mem_eq(buf, "abcdef", 6);               /* lower case */
  ck_assert_uint_eq(fmt_xlong(buf, ULONG_MAX), sizeof(unsigned long) * 2);
  ck_assert_int_eq(buf[0], 'f');
  xlong_is(0);
  xlong_is(15);
  xlong_is(16);
  xlong_is(ULONG_MAX);
  xlong_is(ULONG_MAX >> 4);
  xlong_is((ULONG_MAX >> 1) + 1);
}
END_TEST

START_TEST(test_fmt_xlong_powers)
{
  unsigned long p = 1;
  for (;;) {
    xlong_is(p - 1);
    xlong_is(p);
    if (p > ULONG_MAX / 16) break;
    p *= 16;
  }
}
END_TEST

START_TEST(test_fmt_hexbytes)
{
  static const unsigned char in[] = { 0x00, 0x0f, 0xf0, 0xff, 0x5a, 0xa5, 0x10 };
  char buf[20];
  memset(buf, '#', sizeof buf);
  ck_assert_uint_eq(fmt_hexbytes(buf, in, 0), 0);   /* n = 0 writes nothing */
  ck_assert_int_eq(buf[0], '#');
  ck_assert_uint_eq(fmt_hexbytes(0, in, 0), 0);
  ck_assert_uint_eq(fmt_hexbytes(buf, in, 7), 14);
  ck_assert_mem_eq(buf, "000ff0ff5aa510", 14);
  ck_assert_int_eq(buf[14], '#');
  ck_assert_uint_eq(fmt_hexbytes(0, in, 7), 14);
  ck_assert_uint_eq(fmt_hexbytes(buf, in + 3, 1), 2);
  ck_assert_mem_eq(buf, "ff", 2);
}
END_TEST

START_TEST(test_fmt_octbyte)
{
  char buf[6];
  memset(buf, '#', sizeof buf);
  ck_assert_uint_eq(fmt_octbyte(0, 0), 4);
  ck_assert_uint_eq(fmt_octbyte(buf, 0), 4);
  ck_assert_mem_eq(buf, "\\000#", 5);
  ck_assert_uint_eq(fmt_octbyte(buf, '"'), 4);
  ck_assert_mem_eq(buf, "\\042", 4);
  ck_assert_uint_eq(fmt_octbyte(buf, 0xff), 4);
  ck_assert_mem_eq(buf, "\\377", 4);
  ck_assert_uint_eq(fmt_octbyte(buf, 8), 4);
  ck_assert_mem_eq(buf, "\\010", 4);
}
END_TEST

START_TEST(test_fmt_str)
{
  char buf[8];
  memset(buf, '#', sizeof buf);
  ck_assert_uint_eq(fmt_str(buf, ""), 0);
  ck_assert_int_eq(buf[0], '#');
  ck_assert_uint_eq(fmt_str(buf, "abc"), 3);
  ck_assert_mem_eq(buf, "abc#", 4);                 /* no NUL written */
  ck_assert_uint_eq(fmt_str(0, "abcdef"), 6);
  ck_assert_mem_eq(buf, "abc#", 4);
}
END_TEST

Suite *fmt_suite(void)
{
  Suite *s = suite_create("fmt");
  TCase *tc = tcase_create("fmt");
  tcase_add_test(tc, test_fmt_ulong_edges);
  tcase_add_test(tc, test_fmt_ulong_powers);
  tcase_add_test(tc, test_fmt_xlong_edges);
  tcase_add_test(tc, test_fmt_xlong_powers);
  tcase_add_test(tc, test_fmt_hexbytes);
  tcase_add_test(tc, test_fmt_octbyte);
  tcase_add_test(tc, test_fmt_str);
  suite_add_tcase(s, tc);
  return s;
}

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "scan.h"
#include "unit.h"

START_TEST(test_scan_ulong_basic)
{
  unsigned long u = 99;
  ck_assert_uint_eq(scan_ulong("", &u), 0);
  ck_assert_uint_eq(u, 0);
  u = 99;
  ck_assert_uint_eq(scan_ulong("abc", &u), 0);
  ck_assert_uint_eq(u, 0);
  ck_assert_uint_eq(scan_ulong("0", &u), 1);
  ck_assert_uint_eq(u, 0);
  ck_assert_uint_eq(scan_ulong("007", &u), 3);
  ck_assert_uint_eq(u, 7);
  ck_assert_uint_eq(scan_ulong("123abc", &u), 3);
  ck_assert_uint_eq(u, 123);
  ck_assert_uint_eq(scan_ulong("42 17", &u), 2);
  ck_assert_uint_eq(u, 42);
  ck_assert_uint_eq(scan_ulong("300\n", &u), 3);
  ck_assert_uint_eq(u, 300);
  /* No sign, no space: only digits count. */
  ck_assert_uint_eq(scan_ulong("-1", &u), 0);
  ck_assert_uint_eq(scan_ulong("+1", &u), 0);
  ck_assert_uint_eq(scan_ulong(" 1", &u), 0);
  /* The bytes either side of '0'..'9', and bytes with the high bit. */
  ck_assert_uint_eq(scan_ulong("/", &u), 0);
  ck_assert_uint_eq(scan_ulong(":", &u), 0);
  ck_assert_uint_eq(scan_ulong("1/", &u), 1);
  ck_assert_uint_eq(scan_ulong("9:", &u), 1);
  ck_assert_uint_eq(u, 9);
  ck_assert_uint_eq(scan_ulong("\260", &u), 0);   /* '0' + 128 */
  ck_assert_uint_eq(scan_ulong("5\271", &u), 1);  /* '9' + 128 */
  ck_assert_uint_eq(u, 5);
}
END_TEST

START_TEST(test_scan_ulong_overflow)
{
  char max[64];
  char over[64];
  unsigned long u;
  size_t n;
  n = (size_t) snprintf(max, sizeof max, "%lu", ULONG_MAX);
  ck_assert_uint_eq(scan_ulong(max, &u), n);
  ck_assert_uint_eq(u, ULONG_MAX);
  /* ULONG_MAX + 1: the last digit would overflow, so the scan stops
     before it and keeps the value so far. */
  memcpy(over, max, n + 1);
  ++over[n - 1];
  ck_assert_uint_eq(scan_ulong(over, &u), n - 1);
  ck_assert_uint_eq(u, ULONG_MAX / 10);
  /* ULONG_MAX followed by one more digit: stops at that digit. */
  memcpy(over, max, n);
  over[n] = '0';
  over[n + 1] = 0;
  ck_assert_uint_eq(scan_ulong(over, &u), n);
  ck_assert_uint_eq(u, ULONG_MAX);
  /* A long run of nines. */
  memset(over, '9', 40);
  over[40] = 0;
  ck_assert_uint_eq(scan_ulong(over, &u), n - 1);
  ck_assert_uint_lt(u, ULONG_MAX);
  ck_assert_uint_eq(u % 10, 9);
  /* ULONG_MAX - 1 fits. */
  memcpy(over, max, n + 1);
  --over[n - 1];
  ck_assert_uint_eq(scan_ulong(over, &u), n);
  ck_assert_uint_eq(u, ULONG_MAX - 1);
  /* Leading zeros never overflow. */
  memset(over, '0', 30);
  memcpy(over + 30, max, n + 1);
  ck_assert_uint_eq(scan_ulong(over, &u), n + 30);
  ck_assert_uint_eq(u, ULONG_MAX);
}
END_TEST

START_TEST(test_scan_xlong_basic)
{
  unsigned long u = 99;
  ck_assert_uint_eq(scan_xlong("", &u), 0);
  ck_assert_uint_eq(u, 0);
  ck_assert_uint_eq(scan_xlong("g", &u), 0);
  ck_assert_uint_eq(scan_xlong("0", &u), 1);
  ck_assert_uint_eq(u, 0);
  ck_assert_uint_eq(scan_xlong("fF09", &u), 4);
  ck_assert_uint_eq(u, 0xff09);
  ck_assert_uint_eq(scan_xlong("aBcDeF", &u), 6);
  ck_assert_uint_eq(u, 0xabcdef);
  ck_assert_uint_eq(scan_xlong("0x10", &u), 1);   /* no 0x prefix */
  ck_assert_uint_eq(u, 0);
  ck_assert_uint_eq(scan_xlong("10g", &u), 2);
  ck_assert_uint_eq(u, 16);
  /* Neighbours of the digit ranges. */
  ck_assert_uint_eq(scan_xlong("/", &u), 0);
  ck_assert_uint_eq(scan_xlong(":", &u), 0);
  ck_assert_uint_eq(scan_xlong("@", &u), 0);
  ck_assert_uint_eq(scan_xlong("G", &u), 0);
  ck_assert_uint_eq(scan_xlong("`", &u), 0);
  ck_assert_uint_eq(scan_xlong("-1", &u), 0);
  ck_assert_uint_eq(scan_xlong("\341", &u), 0);   /* 'a' + 128 */
}
END_TEST

START_TEST(test_scan_xlong_overflow)
{
  char buf[64];
  unsigned long u;
  size_t digits = sizeof(unsigned long) * 2;
  memset(buf, 'f', digits);
  buf[digits] = 0;
  ck_assert_uint_eq(scan_xlong(buf, &u), digits);
  ck_assert_uint_eq(u, ULONG_MAX);
  buf[digits] = 'f';                               /* one digit too many */
  buf[digits + 1] = 0;
  ck_assert_uint_eq(scan_xlong(buf, &u), digits);
  ck_assert_uint_eq(u, ULONG_MAX);
  /* 1 followed by digits zeros: 16^digits does not fit. */
  buf[0] = '1';
  memset(buf + 1, '0', digits);
  buf[digits + 1] = 0;
  ck_assert_uint_eq(scan_xlong(buf, &u), digits);
  ck_assert_uint_eq(u, 1UL << (digits * 4 - 4));
  /* Leading zeros never overflow. */
  memset(buf, '0', 30);
  memcpy(buf + 30, "1f", 3);
  ck_assert_uint_eq(scan_xlong(buf, &u), 32);
  ck_assert_uint_eq(u, 0x1f);
}
END_TEST

/* scan of fmt is the identity. */
START_TEST(test_scan_roundtrip)
{
  static const unsigned long v[] = { 0, 1, 9, 10, 255, 256, 65535, 4294967295UL,
                                     4294967296UL, ULONG_MAX / 3, ULONG_MAX - 1, ULONG_MAX };
  size_t i;
  for (i = 0; i < sizeof v / sizeof v[0]; ++i) {
    char d[64];
    char x[64];
    unsigned long u;
    size_t dn = (size_t) snprintf(d, sizeof d, "%lu;", v[i]);
    size_t xn = (size_t) snprintf(x, sizeof x, "%lX;", v[i]);
    ck_assert_uint_eq(scan_ulong(d, &u), dn - 1);
    ck_assert_uint_eq(u, v[i]);
    ck_assert_uint_eq(scan_xlong(x, &u), xn - 1);
    ck_assert_uint_eq(u, v[i]);
  }
}
END_TEST

Suite *scan_suite(void)
{
  Suite *s = suite_create("scan");
  TCase *tc = tcase_create("scan");
  tcase_add_test(tc, test_scan_ulong_basic);
  tcase_add_test(tc, test_scan_ulong_overflow);
  tcase_add_test(tc, test_scan_xlong_basic);
  tcase_add_test(tc, test_scan_xlong_overflow);
  tcase_add_test(tc, test_scan_roundtrip);
  suite_add_tcase(s, tc);
  return s;
}

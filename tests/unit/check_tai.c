#include <string.h>
#include <time.h>
#include "tai.h"
#include "taia.h"
#include "unit.h"

#define UNIX_EPOCH UINT64_C(4611686018427387914) /* 2^62 + 10 */

START_TEST(test_tai_pack_epoch)
{
  struct tai t;
  char s[TAI_PACK];
  t.x = UNIX_EPOCH;
  tai_pack(s, &t);
  ck_assert_mem_eq(s, "\x40\x00\x00\x00\x00\x00\x00\x0a", 8);
}
END_TEST

START_TEST(test_tai_pack_values)
{
  struct tai t;
  char s[TAI_PACK + 1];
  s[8] = '#';
  t.x = 0;
  tai_pack(s, &t);
  ck_assert_mem_eq(s, "\0\0\0\0\0\0\0\0#", 9);     /* exactly 8 bytes */
  t.x = UINT64_MAX;
  tai_pack(s, &t);
  ck_assert_mem_eq(s, "\377\377\377\377\377\377\377\377#", 9);
  t.x = UINT64_C(0x0102030405060708);
  tai_pack(s, &t);
  ck_assert_mem_eq(s, "\1\2\3\4\5\6\7\10", 8);     /* big-endian */
  t.x = UNIX_EPOCH + 1000000000;                   /* 2001-09-09 01:46:40 UTC */
  tai_pack(s, &t);
  ck_assert_mem_eq(s, "\x40\x00\x00\x00\x3b\x9a\xca\x0a", 8);
}
END_TEST

START_TEST(test_tai_unpack)
{
  static const uint64_t v[] = { 0, 1, 255, 256, UNIX_EPOCH, UINT64_C(0x8000000000000000),
                                UINT64_C(0x80000000000000ff), UINT64_C(0x0123456789abcdef),
                                UINT64_MAX };
  size_t i;
  struct tai t;
  tai_unpack("\x40\x00\x00\x00\x00\x00\x00\x0a", &t);
  ck_assert(t.x == UNIX_EPOCH);
  tai_unpack("\x80\x00\x00\x00\x00\x00\x00\xff", &t); /* high bits: unsigned */
  ck_assert(t.x == UINT64_C(0x80000000000000ff));
  for (i = 0; i < sizeof v / sizeof v[0]; ++i) {
    char s[TAI_PACK];
    struct tai u;
    t.x = v[i];
    tai_pack(s, &t);
    tai_unpack(s, &u);
    ck_assert_msg(u.x == v[i], "round trip of value %zu", i);
  }
}
END_TEST

START_TEST(test_taia_packn)
{
  struct taia t;
  char s[TAIA_PACKN + 1];
  s[12] = '#';
  t.sec.x = UNIX_EPOCH;
  t.nano = 0;
  taia_packn(s, &t);
  ck_assert_mem_eq(s, "\x40\0\0\0\0\0\0\x0a\0\0\0\0#", 13);
  t.nano = 999999999;                              /* 0x3b9ac9ff */
  taia_packn(s, &t);
  ck_assert_mem_eq(s, "\x40\0\0\0\0\0\0\x0a\x3b\x9a\xc9\xff#", 13);
  t.nano = 1;
  taia_packn(s, &t);
  ck_assert_mem_eq(s + 8, "\0\0\0\1", 4);
  t.nano = 0x01020304;
  taia_packn(s, &t);
  ck_assert_mem_eq(s + 8, "\1\2\3\4", 4);
  t.sec.x = UINT64_C(0x400000005f5e1000);
  t.nano = 500000000;                              /* 0x1dcd6500 */
  taia_packn(s, &t);
  ck_assert_mem_eq(s, "\x40\0\0\0\x5f\x5e\x10\0\x1d\xcd\x65\0", 12);
}
END_TEST

/* Packed labels sort bytewise in time order. */
START_TEST(test_taia_packn_order)
{
  struct taia a;
  struct taia b;
  char sa[TAIA_PACKN];
  char sb[TAIA_PACKN];
  a.sec.x = UNIX_EPOCH + 100;
  a.nano = 999999999;
  b.sec.x = UNIX_EPOCH + 101;
  b.nano = 0;
  taia_packn(sa, &a);
  taia_packn(sb, &b);
  ck_assert_int_lt(memcmp(sa, sb, 12), 0);
  b.sec.x = a.sec.x;
  b.nano = 1000;
  a.nano = 999;
  taia_packn(sa, &a);
  taia_packn(sb, &b);
  ck_assert_int_lt(memcmp(sa, sb, 12), 0);
}
END_TEST

START_TEST(test_tai_now)
{
  struct tai t;
  time_t before = time(0);
  time_t after;
  tai_now(&t);
  after = time(0);
  ck_assert(t.x >= UNIX_EPOCH + (uint64_t) before);
  ck_assert(t.x <= UNIX_EPOCH + (uint64_t) after);
}
END_TEST

START_TEST(test_taia_now)
{
  struct taia t;
  struct taia u;
  char st[TAIA_PACKN];
  char su[TAIA_PACKN];
  time_t before = time(0);
  time_t after;
  taia_now(&t);
  after = time(0);
  ck_assert(t.sec.x + 1 >= UNIX_EPOCH + (uint64_t) before);
  ck_assert(t.sec.x <= UNIX_EPOCH + (uint64_t) after + 1);
  ck_assert_uint_lt(t.nano, 1000000000UL);
  sleep_ms(2);
  taia_now(&u);
  taia_packn(st, &t);
  taia_packn(su, &u);
  ck_assert_int_lt(memcmp(st, su, 12), 0);          /* later, and distinct */
  ck_assert_mem_eq(st, "\x40\0\0\0", 4);            /* this century */
}
END_TEST

/* Seconds and nanoseconds both agree with the clock, read just before
   and just after. */
START_TEST(test_taia_now_precise)
{
  struct timespec t0;
  struct timespec t1;
  struct taia t;
  uint64_t lo;
  uint64_t hi;
  uint64_t got;
  ck_assert_int_eq(clock_gettime(CLOCK_REALTIME, &t0), 0);
  taia_now(&t);
  ck_assert_int_eq(clock_gettime(CLOCK_REALTIME, &t1), 0);
  lo = (uint64_t) t0.tv_sec * 1000000000u + (uint64_t) t0.tv_nsec;
  hi = (uint64_t) t1.tv_sec * 1000000000u + (uint64_t) t1.tv_nsec;
  got = (t.sec.x - UNIX_EPOCH) * 1000000000u + t.nano;
  ck_assert(got >= lo);
  ck_assert(got <= hi);
}
END_TEST

Suite *tai_suite(void)
{
  Suite *s = suite_create("tai");
  TCase *tc = tcase_create("tai");
  tcase_add_test(tc, test_tai_pack_epoch);
  tcase_add_test(tc, test_tai_pack_values);
  tcase_add_test(tc, test_tai_unpack);
  tcase_add_test(tc, test_taia_packn);
  tcase_add_test(tc, test_taia_packn_order);
  tcase_add_test(tc, test_tai_now);
  tcase_add_test(tc, test_taia_now);
  tcase_add_test(tc, test_taia_now_precise);
  suite_add_tcase(s, tc);
  return s;
}

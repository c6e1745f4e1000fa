#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "alloc.h"
#include "unit.h"

/* Every block a test allocated, it freed (checked after each test). */
static void no_leaks(void) { ck_assert_int_eq(alloc_live, 0); }

static void setup(void) { alloc_fail_reset(); }

START_TEST(test_alloc_zero_not_null)
{
  char *p = alloc(0);
  ck_assert_ptr_nonnull(p);
  ck_assert_uint_eq(alloc_calls, 1);
  ck_assert_uint_eq(alloc_last, 0);
  ck_assert_int_eq(alloc_live, 1);
  alloc_free(p);
  ck_assert_int_eq(alloc_live, 0);
}
END_TEST

START_TEST(test_alloc_usable)
{
  char *p = alloc(4096);
  ck_assert_ptr_nonnull(p);
  memset(p, 'x', 4096);
  ck_assert_int_eq(p[0], 'x');
  ck_assert_int_eq(p[4095], 'x');
  alloc_free(p);
}
END_TEST

/* The real alloc() (no failure injected) must turn malloc's failure
   into 0 with ENOMEM. */
START_TEST(test_alloc_huge_fails)
{
  volatile size_t huge = SIZE_MAX;
  char *p;
  errno = 0;
  p = alloc(huge);
  ck_assert_ptr_null(p);
  ck_assert_int_eq(errno, ENOMEM);
  errno = 0;
  p = alloc(huge / 2 + 1);
  ck_assert_ptr_null(p);
  ck_assert_int_eq(errno, ENOMEM);
}
END_TEST

START_TEST(test_alloc_injected_failure)
{
  char *a;
  char *b;
  char *c;
  alloc_fail_after = 2;
  a = alloc(10);
  b = alloc(10);
  errno = 0;
  c = alloc(10);
  ck_assert_ptr_nonnull(a);
  ck_assert_ptr_nonnull(b);
  ck_assert_ptr_null(c);
  ck_assert_int_eq(errno, ENOMEM);
  errno = 0;
  ck_assert_ptr_null(alloc(1));
  ck_assert_int_eq(errno, ENOMEM);
  ck_assert_uint_eq(alloc_calls, 4);
  alloc_free(a);
  alloc_free(b);
}
END_TEST

START_TEST(test_alloc_free_null)
{
  alloc_free(0);
  ck_assert_uint_eq(alloc_calls, 0);
  ck_assert_int_eq(alloc_live, 0);
}
END_TEST

START_TEST(test_alloc_re_from_null)
{
  void *p = 0;
  ck_assert_int_eq(alloc_re(&p, 0, 16), 1);
  ck_assert_ptr_nonnull(p);
  ck_assert_uint_eq(alloc_last, 16);
  memset(p, 'q', 16);
  alloc_free(p);
}
END_TEST

START_TEST(test_alloc_re_grow_keeps_bytes)
{
  void *p = alloc(10);
  void *old;
  unsigned char *u;
  int i;
  ck_assert_ptr_nonnull(p);
  for (i = 0; i < 10; ++i) ((unsigned char *) p)[i] = (unsigned char) (i * 17 + 3);
  old = p;
  ck_assert_int_eq(alloc_re(&p, 10, 100000), 1);
  ck_assert_ptr_nonnull(p);
  ck_assert_ptr_ne(p, old); /* a fresh block: the old one was freed */
  u = p;
  for (i = 0; i < 10; ++i) ck_assert_uint_eq(u[i], (unsigned) (i * 17 + 3));
  u[99999] = 1; /* all of the new size is usable */
  ck_assert_int_eq(alloc_live, 1);       /* the old block was freed */
  alloc_free(p);
  ck_assert_int_eq(alloc_live, 0);
}
END_TEST

START_TEST(test_alloc_re_shrink_copies_newsize)
{
  void *p = alloc(100000);
  ck_assert_ptr_nonnull(p);
  memset(p, '-', 100000);
  memcpy(p, "abcdefgh", 8);
  /* Only newsize bytes may be copied: copying oldsize would run far past
     the new block (a crash, or an ASan report). */
  ck_assert_int_eq(alloc_re(&p, 100000, 4), 1);
  ck_assert_mem_eq(p, "abcd", 4);
  ck_assert_int_eq(alloc_live, 1);
  alloc_free(p);
}
END_TEST

START_TEST(test_alloc_re_failure_keeps_p)
{
  void *p = alloc(8);
  void *old;
  ck_assert_ptr_nonnull(p);
  memcpy(p, "12345678", 8);
  old = p;
  alloc_fail_after = 0;
  errno = 0;
  ck_assert_int_eq(alloc_re(&p, 8, 64), 0);
  ck_assert_int_eq(errno, ENOMEM);
  ck_assert_ptr_eq(p, old);
  ck_assert_mem_eq(p, "12345678", 8); /* still ours: not freed */
  ck_assert_int_eq(alloc_live, 1);
  alloc_fail_after = -1;
  ck_assert_int_eq(alloc_re(&p, 8, 64), 1);
  ck_assert_mem_eq(p, "12345678", 8);
  alloc_free(p);
}
END_TEST

START_TEST(test_alloc_re_real_failure_keeps_p)
{
  volatile size_t huge = SIZE_MAX;
  void *p = alloc(4);
  void *old;
  ck_assert_ptr_nonnull(p);
  memcpy(p, "wxyz", 4);
  old = p;
  errno = 0;
  ck_assert_int_eq(alloc_re(&p, 4, huge), 0);
  ck_assert_int_eq(errno, ENOMEM);
  ck_assert_ptr_eq(p, old);
  ck_assert_mem_eq(p, "wxyz", 4);
  alloc_free(p);
}
END_TEST

START_TEST(test_alloc_re_null_failure)
{
  void *p = 0;
  alloc_fail_after = 0;
  ck_assert_int_eq(alloc_re(&p, 0, 10), 0);
  ck_assert_ptr_null(p);
}
END_TEST

Suite *alloc_suite(void)
{
  Suite *s = suite_create("alloc");
  TCase *tc = tcase_create("alloc");
  tcase_add_checked_fixture(tc, setup, no_leaks);
  tcase_add_test(tc, test_alloc_zero_not_null);
  tcase_add_test(tc, test_alloc_usable);
  tcase_add_test(tc, test_alloc_huge_fails);
  tcase_add_test(tc, test_alloc_injected_failure);
  tcase_add_test(tc, test_alloc_free_null);
  tcase_add_test(tc, test_alloc_re_from_null);
  tcase_add_test(tc, test_alloc_re_grow_keeps_bytes);
  tcase_add_test(tc, test_alloc_re_shrink_copies_newsize);
  tcase_add_test(tc, test_alloc_re_failure_keeps_p);
  tcase_add_test(tc, test_alloc_re_real_failure_keeps_p);
  tcase_add_test(tc, test_alloc_re_null_failure);
  suite_add_tcase(s, tc);
  return s;
}

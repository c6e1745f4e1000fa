#define _GNU_SOURCE
#include <errno.h>
#include <unistd.h>
#include "prot.h"
#include "unit.h"

#define NOBODY 65534

static void drop_to_nobody(void)
{
  uid_t r = 0;
  uid_t e = 0;
  uid_t s = 0;
  CHILD_CHECK(prot_dropuid(NOBODY) == 0);
  CHILD_CHECK(getresuid(&r, &e, &s) == 0);
  CHILD_CHECK(r == NOBODY);
  CHILD_CHECK(e == NOBODY);
  CHILD_CHECK(s == NOBODY);
  CHILD_CHECK(getuid() == NOBODY && geteuid() == NOBODY);
  /* Irrevocable: no way back to root. */
  errno = 0;
  CHILD_CHECK(setuid(0) == -1);
  CHILD_CHECK(errno == EPERM);
  CHILD_CHECK(seteuid(0) == -1);
  CHILD_CHECK(setresuid(0, 0, 0) == -1);
  CHILD_CHECK(setreuid(0, 0) == -1);
  errno = 0;
  CHILD_CHECK(prot_dropuid(0) == -1);
  CHILD_CHECK(errno == EPERM);
  CHILD_CHECK(getresuid(&r, &e, &s) == 0);
  CHILD_CHECK(r == NOBODY && e == NOBODY && s == NOBODY);
  /* Dropping to the uid one already has is fine. */
  CHILD_CHECK(prot_dropuid(NOBODY) == 0);
}

START_TEST(test_prot_dropuid_root)
{
  if (geteuid() != 0) {                   /* not root: cannot become root */
    errno = 0;
    ck_assert_int_eq(prot_dropuid(0), -1);
    ck_assert_int_eq(errno, EPERM);
    return;
  }
  ck_assert_child_ok(drop_to_nobody);
}
END_TEST

/* From a setuid-like state (real root, effective nobody, saved root):
   the drop must still clear all three. */
static void drop_from_mixed(void)
{
  uid_t r = 1;
  uid_t e = 1;
  uid_t s = 1;
  CHILD_CHECK(setresuid(0, NOBODY, 0) == 0);
  CHILD_CHECK(getresuid(&r, &e, &s) == 0 && r == 0 && e == NOBODY && s == 0);
  CHILD_CHECK(prot_dropuid(NOBODY) == 0);
  CHILD_CHECK(getresuid(&r, &e, &s) == 0);
  CHILD_CHECK(r == NOBODY && e == NOBODY && s == NOBODY);
  CHILD_CHECK(setuid(0) == -1);
}

/* Without privilege, a drop to another uid fails, and nothing changes. */
static void drop_refused(void)
{
  uid_t r0;
  uid_t e0;
  uid_t s0;
  uid_t r = 0;
  uid_t e = 0;
  uid_t s = 0;
  if (geteuid() == 0) CHILD_CHECK(prot_dropuid(NOBODY) == 0);
  CHILD_CHECK(getresuid(&r0, &e0, &s0) == 0);
  errno = 0;
  CHILD_CHECK(prot_dropuid(r0 == NOBODY - 1 ? NOBODY - 2 : NOBODY - 1) == -1);
  CHILD_CHECK(errno == EPERM);
  CHILD_CHECK(getresuid(&r, &e, &s) == 0);
  CHILD_CHECK(r == r0 && e == e0 && s == s0);
}

START_TEST(test_prot_dropuid_mixed)
{
  /* Needs root to set up; without it, check the refusal instead. */
  if (geteuid() == 0) ck_assert_child_ok(drop_from_mixed);
  else ck_assert_child_ok(drop_refused);
}
END_TEST

START_TEST(test_prot_dropuid_refused)
{
  ck_assert_child_ok(drop_refused);
}
END_TEST

Suite *prot_suite(void)
{
  Suite *s = suite_create("prot");
  TCase *tc = tcase_create("prot");
  tcase_add_test(tc, test_prot_dropuid_root);
  tcase_add_test(tc, test_prot_dropuid_mixed);
  tcase_add_test(tc, test_prot_dropuid_refused);
  suite_add_tcase(s, tc);
  return s;
}

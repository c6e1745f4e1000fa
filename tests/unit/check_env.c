#include "env.h"
#include "unit.h"

static char e_a[] = "A=1";
static char e_ab[] = "AB=2";
static char e_b[] = "B=";
static char e_c[] = "C";
static char e_path[] = "PATH=/bin:/usr/bin";
static char e_eq[] = "EQ=x=y";
static char e_dup1[] = "DUP=first";
static char e_dup2[] = "DUP=second";
static char e_lower[] = "path=lower";
static char *test_env[] = { e_a, e_ab, e_b, e_c, e_path, e_eq, e_dup1, e_dup2, e_lower, 0 };

static char **saved;
static void setup(void) { saved = environ; environ = test_env; }
static void teardown(void) { environ = saved; }

START_TEST(test_env_get_found)
{
  ck_assert_str_eq(env_get("A"), "1");
  ck_assert_ptr_eq(env_get("A"), e_a + 2);        /* points into environ */
  ck_assert_str_eq(env_get("AB"), "2");
  ck_assert_str_eq(env_get("PATH"), "/bin:/usr/bin");
  ck_assert_str_eq(env_get("EQ"), "x=y");         /* first '=' splits */
  ck_assert_str_eq(env_get("path"), "lower");     /* case matters */
}
END_TEST

START_TEST(test_env_get_empty_value)
{
  const char *v = env_get("B");
  ck_assert_ptr_nonnull(v);                       /* set, but empty */
  ck_assert_str_eq(v, "");
}
END_TEST

START_TEST(test_env_get_missing)
{
  ck_assert_ptr_null(env_get("D"));
  ck_assert_ptr_null(env_get("C"));               /* no '=' at all */
  ck_assert_ptr_null(env_get("PAT"));             /* a prefix of a name */
  ck_assert_ptr_null(env_get("PATHX"));
  ck_assert_ptr_null(env_get("ABC"));
  ck_assert_ptr_null(env_get("1"));
}
END_TEST

START_TEST(test_env_get_first_wins)
{
  ck_assert_str_eq(env_get("DUP"), "first");
}
END_TEST

START_TEST(test_env_get_no_environ)
{
  static char *empty[] = { 0 };
  environ = empty;
  ck_assert_ptr_null(env_get("A"));
  environ = 0;
  ck_assert_ptr_null(env_get("A"));
}
END_TEST

Suite *env_suite(void)
{
  Suite *s = suite_create("env");
  TCase *tc = tcase_create("env");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_env_get_found);
  tcase_add_test(tc, test_env_get_empty_value);
  tcase_add_test(tc, test_env_get_missing);
  tcase_add_test(tc, test_env_get_first_wins);
  tcase_add_test(tc, test_env_get_no_environ);
  suite_add_tcase(s, tc);
  return s;
}

#include <string.h>
#include "stralloc.h"
#include "mime_int.h"
#include "unit.h"

/* The budgets of the MIME core (mime/mime.h): each exact at its edge,
   each failure sticky and naming its constants, and the entity state
   given back whole, at the end and after an abandoned run. */

static struct mime m;

static void zero(void)
{
  memset(&m, 0, sizeof m);
}

START_TEST(test_mime_mem_edge)
{
  zero();
  ck_assert_int_eq(mime_mem(&m, MIME_MEMMAX - 10), 1);
  ck_assert_int_eq(mime_mem(&m, 10), 1);
  ck_assert_int_eq(m.err, 0);
  ck_assert_int_eq(mime_mem(&m, 1), 0);
  ck_assert_int_eq(m.err, MIME_LIMIT);
  ck_assert_ptr_nonnull(strstr(m.errwhat, "(MIME_MEMMAX)"));
  ck_assert_uint_eq(m.st.mem, (unsigned long long) MIME_MEMMAX + 1);
  mime_unmem(&m, MIME_MEMMAX + 1);
  ck_assert_uint_eq(m.mem, 0);
  mime_unmem(&m, 5); /* never below zero */
  ck_assert_uint_eq(m.mem, 0);
}
END_TEST

START_TEST(test_mime_step_edge)
{
  zero();
  m.st.in = 1000;
  ck_assert_int_eq(mime_step(&m, (unsigned long) MIME_STEPK * 1000 + MIME_STEPC), 1);
  ck_assert_int_eq(mime_step(&m, 0), 1);
  ck_assert_int_eq(m.err, 0);
  ck_assert_int_eq(mime_step(&m, 1), 0);
  ck_assert_int_eq(m.err, MIME_LIMIT);
  ck_assert_ptr_nonnull(strstr(m.errwhat, "(MIME_STEPK, MIME_STEPC)"));
}
END_TEST

START_TEST(test_mime_work_edge)
{
  zero();
  m.st.in = 1000;
  m.st.work = (unsigned long long) MIME_WORKK * 1000 + MIME_WORKC;
  ck_assert_int_eq(mime_step(&m, 1), 1);
  m.st.work++;
  ck_assert_int_eq(mime_step(&m, 1), 0);
  ck_assert_ptr_nonnull(strstr(m.errwhat, "(MIME_WORKK, MIME_WORKC)"));
}
END_TEST

/* a multipart with k boundaries that one delimiter line matches, the
   transfer encodings given, and n parts of one line each */
static void fanout(stralloc *sa, int k, const char *cte, int n)
{
  int i;
  ck_assert(stralloc_copys(sa, "Content-Type: multipart/mixed"));
  for (i = 0; i < k; ++i) {
    ck_assert(stralloc_cats(sa, ";\n boundary=\"a"));
    ck_assert(stralloc_catb(sa, "                ", (size_t) i));
    ck_assert(stralloc_cats(sa, "\""));
  }
  ck_assert(stralloc_cats(sa, "\nContent-Transfer-Encoding: "));
  ck_assert(stralloc_cats(sa, cte));
  ck_assert(stralloc_cats(sa, "\n\n"));
  for (i = 0; i < n; ++i) {
    ck_assert(stralloc_cats(sa, "--a"));
    ck_assert(stralloc_catb(sa, "                ", (size_t) k - 1));
    ck_assert(stralloc_cats(sa, "\nContent-Type: text/plain\n\npart\n"));
  }
}

START_TEST(test_mime_state_given_back)
{
  stralloc sa = STRALLOC_ZERO;
  fanout(&sa, 16, "quoted-printable, 7bit, base64", 20);
  ck_assert_int_eq(mime_init(&m, MIME_NOWRITE, 0), 0);
  ck_assert_int_eq(mime_feed(&m, sa.s, sa.len), 0);
  ck_assert_int_eq(mime_finish(&m), 0);
  mime_free(&m);
  ck_assert_uint_gt(m.st.mem, 16 * 8192); /* 16 decoded readings at least */
  ck_assert_uint_gt(m.st.files, 16 * 20);
  ck_assert_uint_eq(m.mem, 0);
  /* abandoned halfway: everything given back too */
  ck_assert_int_eq(mime_init(&m, MIME_NOWRITE, 0), 0);
  ck_assert_int_eq(mime_feed(&m, sa.s, sa.len / 2), 0);
  ck_assert_uint_gt(m.mem, 0);
  mime_free(&m);
  ck_assert_uint_eq(m.mem, 0);
  stralloc_free(&sa);
}
END_TEST

START_TEST(test_mime_files_budget)
{
  stralloc sa = STRALLOC_ZERO;
  /* 16 files a part, and a part every 52 bytes: past in / 256 + 4096 */
  fanout(&sa, 16, "7bit", 400);
  ck_assert_int_eq(mime_init(&m, MIME_NOWRITE, 0), 0);
  (void) mime_feed(&m, sa.s, sa.len);
  ck_assert_int_eq(mime_finish(&m), MIME_LIMIT);
  ck_assert_ptr_nonnull(strstr(m.errwhat, "(MIME_FILEK, MIME_FILEC)"));
  ck_assert_uint_eq(m.st.files, m.st.in / MIME_FILEK + MIME_FILEC);
  mime_free(&m);
  ck_assert_uint_eq(m.mem, 0);
  stralloc_free(&sa);
}
END_TEST

Suite *mime_suite(void)
{
  Suite *s = suite_create("mime");
  TCase *tc = tcase_create("budgets");
  tcase_add_test(tc, test_mime_mem_edge);
  tcase_add_test(tc, test_mime_step_edge);
  tcase_add_test(tc, test_mime_work_edge);
  tcase_add_test(tc, test_mime_state_given_back);
  tcase_add_test(tc, test_mime_files_budget);
  suite_add_tcase(s, tc);
  return s;
}

#include <string.h>
#include "stralloc.h"
#include "mime_int.h"
#include "unit.h"

/* Parameters of structured header fields: RFC 2045 (mime_params,
   mime_param_first), RFC 2231 (mime_pct, mime_skipcs, sections), RFC
   2047 (mime_2047), and the candidate boundaries (mime_boundaries). */

static stralloc got = STRALLOC_ZERO;

static int rec(void *ctx, const char *name, size_t nn, const char *val, size_t vn)
{
  (void) ctx;
  ck_assert(stralloc_catb(&got, name, nn));
  ck_assert(stralloc_cats(&got, "="));
  ck_assert(stralloc_catb(&got, val, vn));
  ck_assert(stralloc_cats(&got, ";"));
  return 1;
}

static const char *params(const char *s)
{
  stralloc tmp = STRALLOC_ZERO;
  unsigned long long work = 0;
  ck_assert(stralloc_copys(&got, ""));
  ck_assert_int_eq(mime_params(s, strlen(s), &tmp, rec, 0, &work), 1);
  ck_assert_uint_ge(work, 1);
  ck_assert(stralloc_0(&got));
  stralloc_free(&tmp);
  return got.s;
}

START_TEST(test_params)
{
  ck_assert_str_eq(params("text/plain; charset=us-ascii"), "charset=us-ascii;");
  ck_assert_str_eq(params("multipart/mixed; boundary=\"a b\\\"c\"; x=1"), "boundary=a b\"c;x=1;");
  /* comments anywhere between, and in the type */
  ck_assert_str_eq(params("text/(a;b)plain (c) ; (d) name (e) = (f) v (g) ; z=2"), "name=v;z=2;");
  /* a ';' inside quotes in the type part does not start parameters */
  ck_assert_str_eq(params("x\"a;b\"; k=v"), "k=v;");
  /* broken parameters are skipped up to the next ';' outside quotes */
  ck_assert_str_eq(params("t; novalue; =x; a=\"q;q\" junk \"j;j\"; b=c"), "a=q;q;b=c;");
  ck_assert_str_eq(params("t; a=\"unclosed"), "a=unclosed;");
  ck_assert_str_eq(params("t"), "");
  ck_assert_str_eq(params("t;"), "");
  ck_assert_str_eq(params("t; a=(never closed"), "a=;");
}
END_TEST

static int stop(void *ctx, const char *name, size_t nn, const char *val, size_t vn)
{
  (void) ctx; (void) name; (void) nn; (void) val; (void) vn;
  return 0;
}

START_TEST(test_params_stop)
{
  stralloc tmp = STRALLOC_ZERO;
  unsigned long long work = 0;
  ck_assert_int_eq(mime_params("t; a=1; b=2", 11, &tmp, stop, 0, &work), 0);
  stralloc_free(&tmp);
}
END_TEST

static const char *first(const char *s, const char *want)
{
  ck_assert(stralloc_copys(&got, "(none)"));
  ck_assert_int_eq(mime_param_first(s, strlen(s), want, &got), 1);
  ck_assert(stralloc_0(&got));
  return got.s;
}

START_TEST(test_param_first)
{
  ck_assert_str_eq(first("attachment; filename=\"a.zip\"; filename=b.zip", "filename"), "a.zip");
  ck_assert_str_eq(first("attachment; FileName=x", "filename"), "x");
  ck_assert_str_eq(first("attachment; name=x", "filename"), "(none)");
  ck_assert_str_eq(first("text/plain; filename=x", "name"), "(none)");
  /* RFC 2231: the charset and language go, %XX is a byte */
  ck_assert_str_eq(first("a; filename*=utf-8'en'a%20b.exe", "filename"), "a b.exe");
  ck_assert_str_eq(first("a; filename*=a%41", "filename"), "aA");
  /* sections, in the order written; only the first loses its charset */
  ck_assert_str_eq(first("a; filename*0*=utf-8''a%41; filename*1=b%42; filename*2*=c%43", "filename"), "aAb%42cC");
  /* a plain value found first stays */
  ck_assert_str_eq(first("a; filename=x; filename*=y", "filename"), "x");
}
END_TEST

START_TEST(test_pct_skipcs)
{
  stralloc sa = STRALLOC_ZERO;
  ck_assert(stralloc_copys(&sa, ">"));
  ck_assert_int_eq(mime_pct("%41%4a%4%zz%", 12, &sa), 1);
  ck_assert_uint_eq(sa.len, 9);
  ck_assert_mem_eq(sa.s, ">AJ%4%zz%", 9);
  ck_assert(stralloc_copys(&sa, ""));
  ck_assert_int_eq(mime_pct("%00", 3, &sa), 1);
  ck_assert_uint_eq(sa.len, 1);
  ck_assert_int_eq(sa.s[0], 0);
  stralloc_free(&sa);
  ck_assert_uint_eq(mime_skipcs("utf-8'en'value", 14), 9);
  ck_assert_uint_eq(mime_skipcs("''v", 3), 2);
  ck_assert_uint_eq(mime_skipcs("one'quote", 9), 0);
  ck_assert_uint_eq(mime_skipcs("plain", 5), 0);
  ck_assert_uint_eq(mime_skipcs("a'b'", 4), 4); /* an empty value */
}
END_TEST

static const char *w2047(const char *s)
{
  ck_assert(stralloc_copys(&got, "junk"));
  ck_assert_int_eq(mime_2047(s, strlen(s), &got), 1);
  ck_assert(stralloc_0(&got));
  return got.s;
}

START_TEST(test_2047)
{
  ck_assert_str_eq(w2047("=?utf-8?B?aGk=?="), "hi");
  ck_assert_str_eq(w2047("=?iso-8859-1?q?a_b=3D=3f?="), "a b=?");
  /* white space between two encoded words goes, elsewhere it stays */
  ck_assert_str_eq(w2047("x =?a?B?aGk=?= \t =?a?Q?yo?= z"), "x hiyo z");
  /* not encoded words: left as they are */
  ck_assert_str_eq(w2047("=?a?X?b?="), "=?a?X?b?=");
  ck_assert_str_eq(w2047("=?a b?B?aGk=?="), "=?a b?B?aGk=?=");
  ck_assert_str_eq(w2047("=?a?B?aGk="), "=?a?B?aGk=");
  ck_assert_str_eq(w2047(""), "");
  /* a broken Q escape stays */
  ck_assert_str_eq(w2047("=?a?Q?=4x?="), "=4x");
}
END_TEST

static struct mime m;
static struct mime_cands c;

/* a fresh run, no candidates */
static void reset(void)
{
  int i;
  memset(&m, 0, sizeof m);
  for (i = 0; i < c.n; ++i) stralloc_free(&c.v[i]);
  memset(&c, 0, sizeof c);
}

/* the candidates of one Content-Type value, as "[a][b]..." */
static const char *cands(const char *s)
{
  int i;
  reset();
  ck_assert_int_eq(mime_boundaries(&m, s, strlen(s), &c), 1);
  ck_assert(stralloc_copys(&got, ""));
  for (i = 0; i < c.n; ++i) {
    ck_assert(stralloc_cats(&got, "["));
    ck_assert(stralloc_cat(&got, &c.v[i]));
    ck_assert(stralloc_cats(&got, "]"));
  }
  ck_assert(stralloc_0(&got));
  return got.s;
}

START_TEST(test_boundaries)
{
  ck_assert_str_eq(cands("multipart/mixed; boundary=abc"), "[abc]");
  ck_assert_str_eq(cands("multipart/mixed; BOUNDARY=\"a b\""), "[a b]");
  /* trailing and leading white space, single quotes: each reading */
  ck_assert_str_eq(cands("multipart/mixed; boundary=\" x \""), "[ x ][ x][x]");
  ck_assert_str_eq(cands("multipart/mixed; boundary=\"'q'\""), "['q'][q]");
  /* a quoted backslash: unquoted, its escapes undone once more, and as
     written (the naive reader's) */
  ck_assert_str_eq(cands("multipart/mixed; boundary=\"a\\\\b\""), "[a\\b][ab][a\\\\b]");
  /* RFC 2047 in the value */
  ck_assert_str_eq(cands("multipart/mixed; boundary=\"=?a?Q?zz?=\""), "[=?a?Q?zz?=][zz]");
  /* "boundary" inside a comment: a careless parser's candidate, with the
     comment's ')' and without */
  ck_assert_str_eq(cands("multipart/mixed; (boundary=hid) boundary=b"), "[b][hid)][hid]");
  ck_assert_str_eq(cands("multipart/mixed"), "");
  ck_assert_int_eq(m.err, 0);
}
END_TEST

START_TEST(test_boundaries_2231)
{
  /* sections: in the order written, and in their numbers' order */
  ck_assert_str_eq(cands("multipart/mixed; boundary*1=b; boundary*0=a"), "[ba][ab]");
  ck_assert_str_eq(cands("multipart/mixed; boundary*0*=utf-8''%41; boundary*1*=%42"), "[AB]");
  ck_assert_str_eq(cands("multipart/mixed; boundary*=utf-8'en'x%20y"), "[x y]");
  /* a gap in the numbers: and the sections before it */
  ck_assert_str_eq(cands("multipart/mixed; boundary*0=a; boundary*2=c"), "[ac][a]");
  /* a number written twice: the first of each, and the last */
  ck_assert_str_eq(cands("multipart/mixed; boundary*0=a; boundary*0=b; boundary*1=c"), "[abc][ac][bc]");
}
END_TEST

START_TEST(test_boundaries_limits)
{
  stralloc sa = STRALLOC_ZERO;
  int i;
  /* MIME_MAXBOUND different candidates pass, one more is refused */
  ck_assert(stralloc_copys(&sa, "multipart/mixed"));
  for (i = 0; i < MIME_MAXBOUND; ++i) {
    ck_assert(stralloc_cats(&sa, "; boundary=b"));
    ck_assert(stralloc_catulong(&sa, (unsigned long) i));
  }
  ck_assert(stralloc_0(&sa));
  ck_assert_uint_eq(strlen(cands(sa.s)), (size_t) (4 * 10 + 5 * (MIME_MAXBOUND - 10)));
  ck_assert_int_eq(c.n, MIME_MAXBOUND);
  sa.len--;
  ck_assert(stralloc_cats(&sa, "; boundary=one-more"));
  reset();
  ck_assert_int_eq(mime_boundaries(&m, sa.s, sa.len, &c), 0);
  ck_assert_int_eq(m.err, MIME_LIMIT);
  ck_assert_ptr_nonnull(strstr(m.errwhat, "(MIME_MAXBOUND)"));
  /* a boundary of MIME_BOUNDMAX bytes passes, one more is refused */
  ck_assert(stralloc_copys(&sa, "multipart/mixed; boundary="));
  for (i = 0; i < MIME_BOUNDMAX; ++i) ck_assert(stralloc_cats(&sa, "b"));
  ck_assert(stralloc_0(&sa));
  ck_assert_uint_eq(strlen(cands(sa.s)), MIME_BOUNDMAX + 2);
  sa.len--;
  ck_assert(stralloc_cats(&sa, "b"));
  reset();
  ck_assert_int_eq(mime_boundaries(&m, sa.s, sa.len, &c), 0);
  ck_assert_int_eq(m.err, MIME_LIMIT);
  ck_assert_ptr_nonnull(strstr(m.errwhat, "(MIME_BOUNDMAX)"));
  stralloc_free(&sa);
}
END_TEST

START_TEST(test_ieq)
{
  ck_assert_int_eq(mime_ieq("Content-TYPE", 12, "content-type"), 1);
  ck_assert_int_eq(mime_ieq("Content-Typ", 11, "content-type"), 0);
  ck_assert_int_eq(mime_ieq("Content-Types", 13, "content-type"), 0);
  ck_assert_int_eq(mime_ieq("", 0, ""), 1);
}
END_TEST

Suite *mime_param_suite(void)
{
  Suite *s = suite_create("mime_param");
  TCase *tc = tcase_create("parameters");
  tcase_add_test(tc, test_params);
  tcase_add_test(tc, test_params_stop);
  tcase_add_test(tc, test_param_first);
  tcase_add_test(tc, test_pct_skipcs);
  tcase_add_test(tc, test_2047);
  tcase_add_test(tc, test_boundaries);
  tcase_add_test(tc, test_boundaries_2231);
  tcase_add_test(tc, test_boundaries_limits);
  tcase_add_test(tc, test_ieq);
  suite_add_tcase(s, tc);
  return s;
}

#include <string.h>
#include "mime_int.h"
#include "unit.h"

/* The MIME core's decoders, one call at a time and split across calls:
   base64 (mime_b64, and the other readings mime_b64x), quoted-printable
   (mime_qp, mime_qpx), the helpers they share. */

static char out[4096];

/* base64 of s in pieces of k bytes, then its end */
static size_t b64(const char *s, size_t k, struct mime_b64 *d)
{
  size_t n = strlen(s), i, o = 0;
  *d = (struct mime_b64) MIME_B64_ZERO;
  for (i = 0; i < n; i += k) o += mime_b64(d, s + i, n - i < k ? n - i : k, out + o);
  o += mime_b64_end(d, out + o);
  out[o] = 0;
  return o;
}

START_TEST(test_b64_plain)
{
  struct mime_b64 d;
  size_t k;
  /* every piece size: the fast path, the slow path, and their seams */
  for (k = 1; k <= 17; ++k) {
    ck_assert_uint_eq(b64("SGVsbG8gd29ybGQh", k, &d), 12);
    ck_assert_str_eq(out, "Hello world!");
    ck_assert_uint_eq(d.odd, 0);
  }
  ck_assert_uint_eq(b64("aGVs bG8=", 3, &d), 5);
  ck_assert_str_eq(out, "hello");
  ck_assert_uint_eq(d.odd, 1); /* the '=' */
  /* line ends are odd: the core hands on lines without theirs */
  ck_assert_uint_eq(b64("aGVs\r\nbG8=\r\n", 3, &d), 5);
  ck_assert_str_eq(out, "hello");
  ck_assert_uint_eq(d.odd, 5);
}
END_TEST

START_TEST(test_b64_odd)
{
  struct mime_b64 d;
  /* junk is skipped and counted; white space is skipped, not counted */
  ck_assert_uint_eq(b64("aG*Vs b\tG8", 4, &d), 5);
  ck_assert_str_eq(out, "hello");
  ck_assert_uint_eq(d.odd, 1);
  /* an '=' ends the quantum, and decoding goes on after it */
  ck_assert_uint_eq(b64("aGk=aGk=", 8, &d), 4);
  ck_assert_str_eq(out, "hihi");
  ck_assert_uint_eq(d.odd, 2);
  /* no padding at the end: the whole bytes are kept */
  ck_assert_uint_eq(b64("aGVsbG8", 2, &d), 5);
  ck_assert_str_eq(out, "hello");
  /* one digit alone carries no byte */
  ck_assert_uint_eq(b64("aGVsb", 5, &d), 3);
  ck_assert_str_eq(out, "hel");
  ck_assert_uint_eq(b64("", 1, &d), 0);
}
END_TEST

START_TEST(test_b64_tail)
{
  char b[2];
  ck_assert_uint_eq(mime_b64_tail(0, 0, b), 0);
  ck_assert_uint_eq(mime_b64_tail(63, 1, b), 0);
  /* "QQ": 16 << 6 | 16 -> 'A' */
  ck_assert_uint_eq(mime_b64_tail((16UL << 6) | 16, 2, b), 1);
  ck_assert_int_eq(b[0], 'A');
  /* "QUI": 'A' 'B' */
  ck_assert_uint_eq(mime_b64_tail((16UL << 12) | (20UL << 6) | 8, 3, b), 2);
  ck_assert_int_eq(b[0], 'A');
  ck_assert_int_eq(b[1], 'B');
}
END_TEST

START_TEST(test_hex)
{
  ck_assert_int_eq(mime_hex('0'), 0);
  ck_assert_int_eq(mime_hex('9'), 9);
  ck_assert_int_eq(mime_hex('a'), 10);
  ck_assert_int_eq(mime_hex('F'), 15);
  ck_assert_int_eq(mime_hex('g'), -1);
  ck_assert_int_eq(mime_hex('G'), -1);
  ck_assert_int_eq(mime_hex('/'), -1);
  ck_assert_int_eq(mime_hex(':'), -1);
  ck_assert_int_eq(mime_hex(0), -1);
}
END_TEST

/* one line of quoted-printable in pieces of k bytes */
static size_t qp(struct mime_qp *d, const char *s, size_t k, int *soft)
{
  size_t n = strlen(s), i = 0, o = 0;
  do {
    size_t p = n - i < k ? n - i : k;
    o += mime_qp(d, s + i, p, i + p == n, out + o, soft);
    i += p;
  } while (i < n);
  out[o] = 0;
  return o;
}

START_TEST(test_qp)
{
  struct mime_qp d = MIME_QP_ZERO;
  int soft;
  size_t k;
  for (k = 1; k <= 9; ++k) {
    d = (struct mime_qp) MIME_QP_ZERO;
    ck_assert_uint_eq(qp(&d, "a=3Db=e9=E9", k, &soft), 5);
    ck_assert_mem_eq(out, "a=b\xe9\xe9", 5);
    ck_assert_int_eq(soft, 0);
    ck_assert_uint_eq(d.bad, 0);
    ck_assert_int_eq(d.st, MIME_QP_PLAIN);
  }
  /* a soft line break, with white space after the '=' or without */
  ck_assert_uint_eq(qp(&d, "abc=", 2, &soft), 3);
  ck_assert_int_eq(soft, 1);
  ck_assert_uint_eq(qp(&d, "abc= \t", 1, &soft), 3);
  ck_assert_int_eq(soft, 1);
  ck_assert_uint_eq(d.bad, 0);
}
END_TEST

START_TEST(test_qp_bad)
{
  struct mime_qp d = MIME_QP_ZERO;
  int soft;
  /* broken escapes stay as they are, and are counted */
  ck_assert_uint_eq(qp(&d, "=G1", 3, &soft), 3);
  ck_assert_str_eq(out, "=G1");
  ck_assert_uint_eq(d.bad, 1);
  ck_assert_uint_eq(qp(&d, "=4G", 1, &soft), 3);
  ck_assert_str_eq(out, "=4G");
  ck_assert_uint_eq(d.bad, 2);
  ck_assert_uint_eq(qp(&d, "= x", 2, &soft), 3);
  ck_assert_str_eq(out, "= x");
  ck_assert_uint_eq(d.bad, 3);
  /* '=' then another '=': the second starts an escape */
  ck_assert_uint_eq(qp(&d, "==41", 4, &soft), 2);
  ck_assert_str_eq(out, "=A");
  /* one hex digit at the line end */
  ck_assert_uint_eq(qp(&d, "x=4", 4, &soft), 3);
  ck_assert_str_eq(out, "x=4");
  ck_assert_int_eq(soft, 0);
  ck_assert_uint_eq(d.bad, 5);
}
END_TEST

/* mime_b64x over lines, each ended; then the end */
static size_t b64x(enum mime_reading mode, const char *const *lines)
{
  struct mime_b64x d = { .acc = 0, .q = 0, .stop = 0, .skipline = 0, .any = 0 };
  size_t o = 0;
  for (; *lines; ++lines) {
    o += mime_b64x(&d, mode, *lines, strlen(*lines), out + o);
    o += mime_b64x_eol(&d, mode, out + o);
  }
  o += mime_b64x_end(&d, out + o);
  out[o] = 0;
  return o;
}

START_TEST(test_b64x)
{
  const char *eq[] = { "QU=JD", "QUJD", 0 };
  const char *stop[] = { "QUJD=QUJD", "QUJD", 0 };
  const char *eol[] = { "QUJD=QUJD", "QUJD", 0 };
  const char *part[] = { "QUI", "QUJD", 0 };
  const char *para[] = { "QUI", "", "QUJD", 0 };
  const char *junk[] = { "QUJD", "x*y", "QUJD", 0 };
  /* SKIPEQ: the '=' is no padding */
  ck_assert_uint_eq(b64x(MIME_B64_SKIPEQ, eq), 6);
  ck_assert_str_eq(out, "ABCABC");
  ck_assert_uint_eq(b64x(MIME_B64_STOP, stop), 3);
  ck_assert_str_eq(out, "ABC");
  ck_assert_uint_eq(b64x(MIME_B64_EOL, eol), 6);
  ck_assert_str_eq(out, "ABCABC");
  /* a partial group at the line end: flushed, dropped, or kept on */
  ck_assert_uint_eq(b64x(MIME_B64_LINE, part), 5);
  ck_assert_str_eq(out, "ABABC");
  ck_assert_uint_eq(b64x(MIME_B64_DROP, part), 3);
  ck_assert_str_eq(out, "ABC");
  ck_assert_uint_eq(b64x(MIME_B64_SKIPEQ, part), 5); /* QUIQ UJD */
  ck_assert_uint_eq(b64x(MIME_B64_PARA, para), 3);
  ck_assert_str_eq(out, "ABC");
  ck_assert_uint_eq(b64x(MIME_B64_PARA, part), 5);
  /* CLEAN: a line with bytes outside the alphabet is no data */
  ck_assert_uint_eq(b64x(MIME_B64_CLEAN, junk), 6);
  ck_assert_str_eq(out, "ABCABC");
  ck_assert_uint_eq(b64x(MIME_B64_SKIPEQ, junk), 7); /* the x and y count */
}
END_TEST

/* mime_qpx over one line, ended */
static size_t qpx(enum mime_reading mode, const char *s, int *soft)
{
  struct mime_qpx d = { .st = MIME_QP_PLAIN, .h = 0, .nws = 0, .skip = 0 };
  size_t o = mime_qpx(&d, mode, s, strlen(s), 1, out, soft);
  out[o] = 0;
  return o;
}

START_TEST(test_qpx)
{
  int soft;
  /* DROP: the broken escape loses its '=' */
  ck_assert_uint_eq(qpx(MIME_QP_DROP, "a=G1=4Gb=41", &soft), 7);
  ck_assert_str_eq(out, "aG14GbA");
  ck_assert_int_eq(soft, 0);
  /* SKIP: the character after the '=' goes too */
  ck_assert_uint_eq(qpx(MIME_QP_SKIP, "a=G1b=41", &soft), 4);
  ck_assert_str_eq(out, "a1bA");
  /* HALF: "=X" with one hex digit X is the byte X */
  ck_assert_uint_eq(qpx(MIME_QP_HALF, "=4G=41", &soft), 3);
  ck_assert_mem_eq(out, "\004GA", 3);
  ck_assert_uint_eq(qpx(MIME_QP_HALF, "a=Gb", &soft), 4);
  ck_assert_str_eq(out, "a=Gb");
  /* EOL: the '=' is a soft line break that ends the line */
  ck_assert_uint_eq(qpx(MIME_QP_EOL, "ab=G rest", &soft), 2);
  ck_assert_str_eq(out, "ab");
  ck_assert_int_eq(soft, 1);
  /* and valid input reads the same in every mode */
  ck_assert_uint_eq(qpx(MIME_QP_DROP, "=41=42=", &soft), 2);
  ck_assert_str_eq(out, "AB");
  ck_assert_int_eq(soft, 1);
  ck_assert_uint_eq(qpx(MIME_QP_EOL, "=41=42", &soft), 2);
  ck_assert_int_eq(soft, 0);
}
END_TEST

Suite *mime_dec_suite(void)
{
  Suite *s = suite_create("mime_dec");
  TCase *tc = tcase_create("decoders");
  tcase_add_test(tc, test_b64_plain);
  tcase_add_test(tc, test_b64_odd);
  tcase_add_test(tc, test_b64_tail);
  tcase_add_test(tc, test_hex);
  tcase_add_test(tc, test_qp);
  tcase_add_test(tc, test_qp_bad);
  tcase_add_test(tc, test_b64x);
  tcase_add_test(tc, test_qpx);
  suite_add_tcase(s, tc);
  return s;
}

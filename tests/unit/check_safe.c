/* The sanitizers, pinned: each one is fed every byte and tricky text, and
   the bytes it keeps (its alphabet) and the shape of what it writes are
   checked against what it wrote when they were gathered into one filter
   (qsq_safe.h), so that the move changed no byte of any log line or
   reply. '?' is left out of the kept sets: kept or replaced, it reads
   the same. */
#include <string.h>
#include "clamd.h"
#include "outcome.h"
#include "qsq_report.h"
#include "qsq_safe.h"
#include "stralloc.h"
#include "verdict.h"
#include "unit.h"

/* printable ASCII, '?' left out */
#define PRINT " !\"#$%&'()*+,-./0123456789:;<=>@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
#define ALNUM "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"

/* the bytes 1 to 255, in order */
static char every[255];
static void fill(void)
{
  size_t i;
  for (i = 0; i < sizeof every; ++i) every[i] = (char) (i + 1);
}

/* the bytes 1 to 255 but the newline, for what reads lines: 254 of them */
static char nonl[254];
static void fillnonl(void)
{
  size_t i;
  size_t n = 0;
  fill();
  for (i = 0; i < sizeof every; ++i) if (every[i] != '\n') nonl[n++] = every[i];
}

/* The kept set of one pass: out[i] is in[i] or '?', for i < n; the kept
   bytes are appended to k (a NUL-terminated string of up to 255). */
static void kept(char *k, const char *in, const char *out, size_t n)
{
  size_t i;
  size_t len = strlen(k);
  for (i = 0; i < n; ++i) {
    if (out[i] == in[i] && in[i] != '?') k[len++] = in[i];
    else ck_assert_int_eq(out[i], '?');
  }
  k[len] = 0;
}

START_TEST(test_printc)
{
  char out[255];
  char k[256] = "";
  size_t i;
  fill();
  for (i = 0; i < sizeof every; ++i) out[i] = qsq_printc(every[i]);
  kept(k, every, out, sizeof every);
  ck_assert_str_eq(k, PRINT);
  ck_assert_int_eq(qsq_printc(0), '?');
  /* it is the filter with QSQ_PRINT, by a range (qsq_printc.c) */
  for (i = 0; i < 256; ++i) ck_assert_int_eq(qsq_printc((char) i), qsq_keep(QSQ_PRINT, (char) i));
}
END_TEST

START_TEST(test_printable)
{
  char out[256];
  char k[256] = "";
  fill();
  ck_assert_uint_eq(qsq_printable(out, every, sizeof every, sizeof every), 255);
  ck_assert_int_eq(out[255], 0);
  kept(k, every, out, sizeof every);
  ck_assert_str_eq(k, PRINT);
  /* a NUL is a byte like any other; cut at max */
  ck_assert_uint_eq(qsq_printable(out, "a\0b\r\nc\x1b[m", 9, 5), 5);
  ck_assert_str_eq(out, "a?b??");
}
END_TEST

START_TEST(test_safe_alphabets)
{
  char out[300];
  char k[256] = "";
  size_t len;
  fill();
  /* every byte but NUL (qsq_safe stops there) */
  len = qsq_safe(out, 0, sizeof out, every, QSQ_IDCHARS, sizeof every);
  ck_assert_uint_eq(len, 255);
  kept(k, every, out, len);
  ck_assert_str_eq(k, ".0123456789@abcdef");
  k[0] = 0;
  len = qsq_safe(out, 0, sizeof out, every, QSQ_IPCHARS, sizeof every);
  kept(k, every, out, len);
  ck_assert_str_eq(k, ".0123456789:ABCDEFabcdef");
  k[0] = 0;
  len = qsq_safe(out, 0, sizeof out, every, QSQ_RULECHARS, sizeof every);
  kept(k, every, out, len);
  ck_assert_str_eq(k, "*+-./0123456789:=ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");
  /* appends, stops at the NUL, at max, and short of size */
  ck_assert_uint_eq(qsq_safe(out, 0, sizeof out, "@1\n2", QSQ_IDCHARS, 64), 4);
  ck_assert_uint_eq(qsq_safe(out, 4, sizeof out, "ab", QSQ_IDCHARS, 1), 5);
  ck_assert_str_eq(out, "@1?2a");
  ck_assert_uint_eq(qsq_safe(out, 5, 8, "bcdef", QSQ_IDCHARS, 64), 7);
  ck_assert_str_eq(out, "@1?2abc");
}
END_TEST

static char rline[512];
static void remit(void *ctx, const char *line, size_t len)
{
  (void) ctx;
  memcpy(rline, line, len + 1);
}

START_TEST(test_report)
{
  struct qsq_report r = QSQ_REPORT_ZERO(remit, 0);
  char k[256] = "";
  size_t n = sizeof nonl;
  fillnonl();
  qsq_report_feed(&r, nonl, n);
  qsq_report_feed(&r, "\n", 1);
  ck_assert_uint_eq(strlen(rline), n);
  kept(k, nonl, rline, n);
  ck_assert_str_eq(k, PRINT);
}
END_TEST

START_TEST(test_clean)
{
  char out[300];
  char k[256] = "";
  size_t n = sizeof nonl;
  fillnonl();
  ck_assert_uint_eq(verdict_clean(out, sizeof out, nonl, n), n);
  kept(k, nonl, out, n);
  ck_assert_str_eq(k, PRINT);
  /* up to the first newline or NUL, at most max */
  ck_assert_uint_eq(verdict_clean(out, sizeof out, "ab\x01\ncd", 6), 3);
  ck_assert(!memcmp(out, "ab?", 3));
  ck_assert_uint_eq(verdict_clean(out, sizeof out, "a\x7f\0cd", 5), 2);
  ck_assert(!memcmp(out, "a?", 2));
  ck_assert_uint_eq(verdict_clean(out, 2, "abc", 3), 2);
}
END_TEST

START_TEST(test_name)
{
  char out[VERDICT_NAMEBUF];
  char k[256] = "";
  size_t i;
  fill();
  for (i = 0; i < sizeof every; i += VERDICT_NAME) {
    size_t n = sizeof every - i < VERDICT_NAME ? sizeof every - i : VERDICT_NAME;
    ck_assert_uint_eq(verdict_name(out, every + i, n), n);
    kept(k, every + i, out, n);
  }
  ck_assert_str_eq(k, "-." ALNUM);
  ck_assert_uint_eq(verdict_name(out, "", 0), 7);
  ck_assert_str_eq(out, "unknown");
  ck_assert_uint_eq(verdict_name(out, "A\0b c", 5), 5);
  ck_assert_str_eq(out, "A?b?c");
  ck_assert_uint_eq(verdict_name(out, every, VERDICT_NAME + 1), VERDICT_NAME + 3);
  ck_assert_str_eq(out + VERDICT_NAME - 3, "???...");  /* > ? @ */
}
END_TEST

START_TEST(test_addr)
{
  char out[VERDICT_ADDR + 8];
  char k[256] = "";
  size_t i;
  fill();
  for (i = 0; i < sizeof every; i += VERDICT_ADDR) {
    size_t n = sizeof every - i < VERDICT_ADDR ? sizeof every - i : VERDICT_ADDR;
    ck_assert_uint_eq(verdict_addr(out, 0, sizeof out, every + i, n), n + 2);
    ck_assert_int_eq(out[0], '<');
    ck_assert_str_eq(out + n + 1, ">");
    kept(k, every + i, out + 1, n);
  }
  ck_assert_str_eq(k, "!\"#$%&'()*+-./0123456789:;=@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");
  /* appended; cut at VERDICT_ADDR with "..."; short of size */
  memcpy(out, "x", 2);
  ck_assert_uint_eq(verdict_addr(out, 1, sizeof out, "a b,<c>\0", 8), 11);
  ck_assert_str_eq(out, "x<a?b??c?" "?>");
  ck_assert_uint_eq(verdict_addr(out, 0, sizeof out, every + 25, VERDICT_ADDR + 1), VERDICT_ADDR + 5);
  ck_assert_str_eq(out + VERDICT_ADDR - 2, "{|}...>");
  ck_assert_uint_eq(verdict_addr(out, 0, 5, "abcdef", 6), 4);
  ck_assert_str_eq(out, "<abc");
}
END_TEST

START_TEST(test_clamd)
{
  stralloc sa = STRALLOC_ZERO;
  char k[256] = "";
  size_t i;
  fill();
  for (i = 0; i < sizeof every; i += CLAMD_NAMEMAX) {
    size_t n = sizeof every - i < CLAMD_NAMEMAX ? sizeof every - i : CLAMD_NAMEMAX;
    sa.len = 0;
    ck_assert_int_eq(clamd_sanitise(&sa, every + i, n), 1);
    ck_assert_uint_eq(sa.len, n);
    kept(k, every + i, sa.s, n);
  }
  ck_assert_str_eq(k, " +-./" "0123456789:ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");
  /* appended, a NUL is a byte, cut at CLAMD_NAMEMAX */
  ck_assert(stralloc_copys(&sa, "x"));
  ck_assert_int_eq(clamd_sanitise(&sa, "Eicar\0\r\n OK", 11), 1);
  ck_assert_uint_eq(sa.len, 12);
  ck_assert(!memcmp(sa.s, "xEicar??? OK", 12));
  sa.len = 0;
  ck_assert_int_eq(clamd_sanitise(&sa, every, sizeof every), 1);
  ck_assert_uint_eq(sa.len, CLAMD_NAMEMAX);
  stralloc_free(&sa);
}
END_TEST

START_TEST(test_db)
{
  struct outcome o = OUTCOME_ZERO;
  char k[256] = "";
  size_t i;
  fill();
  for (i = 0; i < sizeof every; i += VERDICT_NAME) {
    size_t n = sizeof every - i < VERDICT_NAME ? sizeof every - i : VERDICT_NAME;
    outcome_db(&o, every + i, n);
    ck_assert_uint_eq(strlen(o.db), n);
    kept(k, every + i, o.db, n);
  }
  ck_assert_str_eq(k, "-./" ALNUM);
  outcome_db(&o, "1.4.6/27500 x\0", 14);
  ck_assert_str_eq(o.db, "1.4.6/27500?x?");
  outcome_db(&o, every, sizeof every);
  ck_assert_uint_eq(strlen(o.db), VERDICT_NAME);
  outcome_db(&o, 0, 3);
  ck_assert_uint_eq(strlen(o.db), VERDICT_NAME);
}
END_TEST

/* verdict_facts' own alphabets (a server, a database, the envelope's text)
   and qsq's, on hostile fields: the whole line pinned */
START_TEST(test_facts)
{
  struct verdict_facts f;
  char out[VERDICT_FACTS];
  memset(&f, 0, sizeof f);
  f.kind = VERDICT_VIRUS;
  f.name = "Eicar-Test\r\nSignature x";
  f.ip = "192.0.2.1\nfake 1";
  f.bytes = 12;
  f.parts = 3;
  f.scanner = "[::1]:3310 \x1b<x>";
  f.failover = "a.b:1,c d\x7f";
  f.envelope = " from <a\tb> rcpts 1 to <\x80\xff>";
  f.db = "1.4.6/275 00:x\n";
  f.rule = "name:.exe\n(x)";
  verdict_facts(out, &f);
  ck_assert_str_eq(out, "Rip 192.0.2.1?fa?e?1 bytes 12 parts 3 scanner [::1]:3310???x? db 1.4.6/275?00?x?"
                        " failover a.b:1,c?d?"
                        " from <a?b> rcpts 1 to <?" "?>"
                        ": virus found: Eicar-Test??Signature?x (rule name:.exe??x?)");
}
END_TEST

/* verdict_reply's rule and ID */
START_TEST(test_reply)
{
  char out[VERDICT_REPLY + 1];
  verdict_reply(out, VERDICT_ATTACH, "x", "name:*.exe\r\n<b>", "@4000.1a\n.3 X");
  ck_assert_str_eq(out, "Dattachment refused: x (rule name:*.exe???b?); message refused, ref @4000.1a?.3?? (#5.7.1)");
}
END_TEST

Suite *safe_suite(void)
{
  Suite *s = suite_create("safe");
  TCase *t = tcase_create("alphabets");
  tcase_add_test(t, test_printc);
  tcase_add_test(t, test_printable);
  tcase_add_test(t, test_safe_alphabets);
  tcase_add_test(t, test_report);
  tcase_add_test(t, test_clean);
  tcase_add_test(t, test_name);
  tcase_add_test(t, test_addr);
  tcase_add_test(t, test_clamd);
  tcase_add_test(t, test_db);
  tcase_add_test(t, test_facts);
  tcase_add_test(t, test_reply);
  suite_add_tcase(s, t);
  return s;
}

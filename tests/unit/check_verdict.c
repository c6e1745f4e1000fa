#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "verdict.h"
#include "unit.h"

/* Every byte printable ASCII, no newline. */
static int printable(const char *s, size_t len)
{
  size_t i;
  for (i = 0; i < len; ++i)
    if (s[i] < 32 || s[i] > 126) return 0;
  return 1;
}

START_TEST(test_verdict_name)
{
  char out[VERDICT_NAMEBUF];
  static char big[10240];
  ck_assert_uint_eq(verdict_name(out, "Win.Test.EICAR_HDB-1", 20), 20);
  ck_assert_str_eq(out, "Win.Test.EICAR_HDB-1");
  ck_assert_uint_eq(verdict_name(out, "", 0), 7);
  ck_assert_str_eq(out, "unknown");
  verdict_name(out, "Evil\r\n250 ok", 12);
  ck_assert_str_eq(out, "Evil??250?ok");
  verdict_name(out, "a\0b\033[2J\"'`$(x)", 15);
  ck_assert_str_eq(out, "a?b??2J?????x??");
  memset(big, 'A', sizeof big);
  big[5] = '\n';
  ck_assert_uint_eq(verdict_name(out, big, sizeof big), VERDICT_NAME + 3);
  ck_assert(printable(out, strlen(out)));
  ck_assert_str_eq(out + VERDICT_NAME, "...");
  ck_assert_int_eq(out[5], '?');
}
END_TEST

START_TEST(test_verdict_found)
{
  size_t at;
  size_t n;
  const char *l1 = "./msg: Eicar-Signature FOUND";
  const char *l2 = "/p/a: b: Win.Test FOUND";
  ck_assert(verdict_found(l1, strlen(l1), &at, &n));
  ck_assert_uint_eq(at, 7);
  ck_assert_uint_eq(n, 15);
  ck_assert(verdict_found(l2, strlen(l2), &at, &n));
  ck_assert_uint_eq(n, 8);
  ck_assert_int_eq(strncmp(l2 + at, "Win.Test", n), 0);
  ck_assert(!verdict_found("./msg: OK", 9, &at, &n));
  ck_assert(!verdict_found("./msg:  FOUND", 13, &at, &n) || n == 0);
  ck_assert(!verdict_found("FOUND", 5, &at, &n));
  ck_assert(!verdict_found(" FOUND", 6, &at, &n));
  ck_assert(!verdict_found("no colon FOUND", 14, &at, &n));
  ck_assert(!verdict_found("x: FOUND", 8, &at, &n)); /* empty name */
}
END_TEST

START_TEST(test_verdict_kind)
{
  ck_assert_int_eq(verdict_kind(0, VERDICT_QUEUEING, 0, 0), VERDICT_CLEAN);
  ck_assert_int_eq(verdict_kind(31, VERDICT_SCANNING, 0, "Eicar"), VERDICT_VIRUS);
  ck_assert_int_eq(verdict_kind(31, VERDICT_SCANNING, 0, 0), VERDICT_VIRUS);
  ck_assert_int_eq(verdict_kind(31, VERDICT_UNPACKING, 0, 0), VERDICT_UNPACKLIMIT);
  ck_assert_int_eq(verdict_kind(31, VERDICT_SCANNING, 0, "Heuristics.Limits.Exceeded.MaxFileSize"), VERDICT_SCANLIMIT);
  ck_assert_int_eq(verdict_kind(71, VERDICT_SCANNING, 1, 0), VERDICT_TIMEOUT);
  ck_assert_int_eq(verdict_kind(71, VERDICT_UNPACKING, 1, 0), VERDICT_TIMEOUT);
  ck_assert_int_eq(verdict_kind(71, VERDICT_SCANNING, 0, 0), VERDICT_SCANFAIL);
  ck_assert_int_eq(verdict_kind(53, VERDICT_SAVING, 0, 0), VERDICT_DISK);
  ck_assert_int_eq(verdict_kind(51, VERDICT_SCANNING, 0, 0), VERDICT_MEMORY);
  ck_assert_int_eq(verdict_kind(54, VERDICT_SAVING, 0, 0), VERDICT_READ);
  ck_assert_int_eq(verdict_kind(81, VERDICT_UNPACKING, 0, 0), VERDICT_INTERNAL);
  ck_assert_int_eq(verdict_kind(71, VERDICT_QUEUEING, 0, 0), VERDICT_QUEUE);
  ck_assert_int_eq(verdict_kind(71, VERDICT_SAVING, 0, 0), VERDICT_TEMP);
  ck_assert_int_eq(verdict_kind(71, VERDICT_UNPACKING, 0, 0), VERDICT_TEMP);
}
END_TEST

static const char id[] = "@4000000069f2a1b40c2d3e4f.1a2b.0";

START_TEST(test_verdict_reply)
{
  char out[VERDICT_REPLY + 1];
  int k;
  size_t len = verdict_reply(out, VERDICT_VIRUS, "Eicar-Signature", id);
  ck_assert_str_eq(out, "Dvirus found: Eicar-Signature; message refused, ref @4000000069f2a1b40c2d3e4f.1a2b.0 (#5.7.1)");
  ck_assert_uint_eq(len, strlen(out));
  verdict_reply(out, VERDICT_UNPACKLIMIT, "ignored", id);
  ck_assert_str_eq(out, "Dbeyond the unpacker's limits, cannot be scanned; message refused, ref @4000000069f2a1b40c2d3e4f.1a2b.0 (#5.3.4)");
  verdict_reply(out, VERDICT_SCANLIMIT, "Heuristics.Limits.Exceeded.MaxFileSize", id);
  ck_assert_str_eq(out, "Dbeyond the virus scanner's limits, cannot be scanned: Heuristics.Limits.Exceeded.MaxFileSize; message refused, ref @4000000069f2a1b40c2d3e4f.1a2b.0 (#5.3.4)");
  verdict_reply(out, VERDICT_TOOBIG, 0, id);
  ck_assert_str_eq(out, "Dmessage too big for the virus scanner, cannot be scanned; message refused, ref @4000000069f2a1b40c2d3e4f.1a2b.0 (#5.3.4)");
  verdict_reply(out, VERDICT_TIMEOUT, 0, id);
  ck_assert_str_eq(out, "Zthe virus scan ran out of time; try again later, ref @4000000069f2a1b40c2d3e4f.1a2b.0 (#4.3.0)");
  verdict_reply(out, VERDICT_DISK, 0, id);
  ck_assert_str_eq(out, "Zno disk space for the virus scan; try again later, ref @4000000069f2a1b40c2d3e4f.1a2b.0 (#4.3.1)");
  /* every kind: D or Z, printable, bounded, each its own text */
  for (k = VERDICT_VIRUS; k <= VERDICT_TEMP; ++k) {
    char other[VERDICT_REPLY + 1];
    int j;
    len = verdict_reply(out, (enum verdict_kind) k, "X", id);
    ck_assert_int_eq(out[0], k <= VERDICT_TOOBIG ? 'D' : 'Z');
    ck_assert(len <= VERDICT_REPLY);
    ck_assert(printable(out, len));
    ck_assert(strstr(out, id) != 0);
    for (j = VERDICT_VIRUS; j < k; ++j) {
      verdict_reply(other, (enum verdict_kind) j, "X", id);
      ck_assert_str_ne(out, other);
    }
  }
}
END_TEST

START_TEST(test_verdict_reply_hostile)
{
  static char big[10240];
  char out[VERDICT_REPLY + 1];
  size_t len;
  size_t i;
  len = verdict_reply(out, VERDICT_VIRUS, "Evil\r\n250 ok\r\n", id);
  ck_assert(printable(out, len));
  ck_assert(strstr(out, "\r") == 0 && strstr(out, "250 ok") == 0);
  ck_assert(strstr(out, "Evil??250?ok??") != 0);
  for (i = 0; i < sizeof big - 1; ++i) big[i] = (char) (i % 256 ? i % 256 : 'x');
  big[sizeof big - 1] = 0;
  len = verdict_reply(out, VERDICT_VIRUS, big, id);
  ck_assert(len <= VERDICT_REPLY);
  ck_assert(printable(out, len));
  ck_assert(strstr(out, id) != 0); /* the ID survives a 10-KB name */
  /* a forged ID is cut to its alphabet too */
  len = verdict_reply(out, VERDICT_TIMEOUT, 0, "@x\r\n250 ok");
  ck_assert(printable(out, len));
  ck_assert(strstr(out, "ref @???250??? ") != 0);
}
END_TEST

START_TEST(test_verdict_channel)
{
  int p[2];
  int fd;
  ck_assert_int_eq(pipe(p), 0);
  ck_assert(verdict_channel(p[1]));
  ck_assert(!verdict_channel(p[0])); /* read end */
  close(p[0]);
  close(p[1]);
  ck_assert(!verdict_channel(p[1])); /* closed */
  fd = open("/dev/null", O_WRONLY);
  ck_assert_int_ge(fd, 0);
  ck_assert(!verdict_channel(fd)); /* a device */
  close(fd);
  fd = open("/proc/self/exe", O_RDONLY);
  ck_assert_int_ge(fd, 0);
  ck_assert(!verdict_channel(fd)); /* a file */
  close(fd);
  ck_assert(!verdict_channel(-1));
  ck_assert(!verdict_channel(unused_fd()));
}
END_TEST

START_TEST(test_verdict_clean)
{
  char out[16];
  ck_assert_uint_eq(verdict_clean(out, sizeof out, "ab\001c\nrest", 9), 4);
  ck_assert_int_eq(memcmp(out, "ab?c", 4), 0);
  ck_assert_uint_eq(verdict_clean(out, 3, "abcdef", 6), 3);
  ck_assert_uint_eq(verdict_clean(out, sizeof out, "a\0b", 3), 1);
  ck_assert_uint_eq(verdict_clean(out, sizeof out, "\377\200", 2), 2);
  ck_assert_int_eq(memcmp(out, "??", 2), 0);
}
END_TEST

START_TEST(test_verdict_facts)
{
  char out[VERDICT_FACTS];
  struct verdict_facts f = { VERDICT_VIRUS, "Eicar-Signature", "192.0.2.1", 512, 2, "clamd:/run/clamav/clamd.ctl" };
  verdict_facts(out, &f);
  ck_assert_str_eq(out, "Rip 192.0.2.1 bytes 512 parts 2 scanner clamd:/run/clamav/clamd.ctl: virus found: Eicar-Signature");
  f.kind = VERDICT_CLEAN; f.ip = 0; f.parts = -1; f.scanner = "clamscan";
  verdict_facts(out, &f);
  ck_assert_str_eq(out, "Qip - bytes 512 parts - scanner clamscan: clean");
  f.kind = VERDICT_SCANFAIL; f.ip = "1.2.3.4\r\n250 ok";
  verdict_facts(out, &f);
  ck_assert_str_eq(out, "Zip 1.2.3.4??250??? bytes 512 parts - scanner clamscan: the virus scanner is unavailable");
  f.kind = VERDICT_TOOBIG; f.ip = 0;
  verdict_facts(out, &f);
  ck_assert_str_eq(out, "Rip - bytes 512 parts - scanner clamscan: message too big for the virus scanner, cannot be scanned");
}
END_TEST

START_TEST(test_verdict_summary)
{
  char out[VERDICT_LINE + 1];
  static char facts[4096];
  struct verdict_summary v = { "qscanq: @1.2.0 uid 7: ", 0, 0, 100, 101, 101, 12, "Qip - bytes 5 parts 1 scanner x: clean", 38, 0 };
  size_t len = verdict_summary(out, &v);
  ck_assert_str_eq(out, "qscanq: @1.2.0 uid 7: summary: queued 0 smtpd 100 qp 101 queue 101 ms 12 ip - bytes 5 parts 1 scanner x: clean\n");
  ck_assert_uint_eq(len, strlen(out));
  v.code = 82; v.queue = 0; v.facts = "Rip - bytes 5 parts 1 scanner x: virus found: E"; v.factslen = strlen(v.facts);
  verdict_summary(out, &v);
  ck_assert_str_eq(out, "qscanq: @1.2.0 uid 7: summary: refused 82 smtpd 100 qp 101 queue - ms 12 ip - bytes 5 parts 1 scanner x: virus found: E\n");
  v.dropped = 1; v.code = 0;
  verdict_summary(out, &v);
  ck_assert(strstr(out, "summary: dropped 0 ") != 0);
  ck_assert(strstr(out, "bounce from qmail-send, dropped") != 0);
  v.dropped = 0; v.code = 82; v.facts = "Z..."; v.factslen = 4;
  verdict_summary(out, &v);
  ck_assert(strstr(out, "summary: deferred 82 ") != 0);
  v.code = -1; v.facts = 0; v.factslen = 0; v.none = "qscanq-stdin crashed";
  verdict_summary(out, &v);
  ck_assert_str_eq(out, "qscanq: @1.2.0 uid 7: summary: deferred crash smtpd 100 qp 101 queue - ms 12 ip - bytes - parts - scanner -: qscanq-stdin crashed\n");
  /* hostile facts: one line, printable, bounded */
  memset(facts, '\033', sizeof facts);
  facts[0] = 'Q';
  facts[100] = '\n';
  v.code = 0; v.facts = facts; v.factslen = sizeof facts;
  len = verdict_summary(out, &v);
  ck_assert(len <= VERDICT_LINE);
  ck_assert(printable(out, len - 1));
  ck_assert_int_eq(out[len - 1], '\n');
  memset(facts, 'A', sizeof facts);
  len = verdict_summary(out, &v);
  ck_assert(len <= VERDICT_LINE && printable(out, len - 1));
}
END_TEST

Suite *verdict_suite(void)
{
  Suite *s = suite_create("verdict");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_verdict_name);
  tcase_add_test(tc, test_verdict_found);
  tcase_add_test(tc, test_verdict_kind);
  tcase_add_test(tc, test_verdict_reply);
  tcase_add_test(tc, test_verdict_reply_hostile);
  tcase_add_test(tc, test_verdict_channel);
  tcase_add_test(tc, test_verdict_clean);
  tcase_add_test(tc, test_verdict_facts);
  tcase_add_test(tc, test_verdict_summary);
  suite_add_tcase(s, tc);
  return s;
}

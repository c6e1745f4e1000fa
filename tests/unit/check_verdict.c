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
  size_t len = verdict_reply(out, VERDICT_VIRUS, "Eicar-Signature", 0, id);
  ck_assert_str_eq(out, "Dvirus found: Eicar-Signature; message refused, ref @4000000069f2a1b40c2d3e4f.1a2b.0 (#5.7.1)");
  ck_assert_uint_eq(len, strlen(out));
  verdict_reply(out, VERDICT_UNPACKLIMIT, "ignored", 0, id);
  ck_assert_str_eq(out, "Dbeyond the unpacker's limits, cannot be scanned; message refused, ref @4000000069f2a1b40c2d3e4f.1a2b.0 (#5.3.4)");
  verdict_reply(out, VERDICT_SCANLIMIT, "Heuristics.Limits.Exceeded.MaxFileSize", 0, id);
  ck_assert_str_eq(out, "Dbeyond the virus scanner's limits, cannot be scanned: Heuristics.Limits.Exceeded.MaxFileSize; message refused, ref @4000000069f2a1b40c2d3e4f.1a2b.0 (#5.3.4)");
  verdict_reply(out, VERDICT_TOOBIG, 0, 0, id);
  ck_assert_str_eq(out, "Dmessage too big for the virus scanner, cannot be scanned; message refused, ref @4000000069f2a1b40c2d3e4f.1a2b.0 (#5.3.4)");
  verdict_reply(out, VERDICT_TIMEOUT, 0, 0, id);
  ck_assert_str_eq(out, "Zthe virus scan ran out of time; try again later, ref @4000000069f2a1b40c2d3e4f.1a2b.0 (#4.3.0)");
  verdict_reply(out, VERDICT_ATTACH, "invoice.pdf.exe", "name:.exe", id);
  ck_assert_str_eq(out, "Dattachment refused: invoice.pdf.exe (rule name:.exe); message refused, ref @4000000069f2a1b40c2d3e4f.1a2b.0 (#5.7.1)");
  verdict_reply(out, VERDICT_ATTACH, "a b\r\n", "name:.x y", id);
  ck_assert_str_eq(out, "Dattachment refused: a?b?? (rule name:.x?y); message refused, ref @4000000069f2a1b40c2d3e4f.1a2b.0 (#5.7.1)");
  verdict_reply(out, VERDICT_HELD, "PUA.Win.Foo", "PUA.*", id);
  ck_assert_str_eq(out, "Zheld by the mail administrator's policy: PUA.Win.Foo; try again later, ref @4000000069f2a1b40c2d3e4f.1a2b.0 (#4.7.1)");
  verdict_reply(out, VERDICT_DISK, 0, 0, id);
  ck_assert_str_eq(out, "Zno disk space for the virus scan; try again later, ref @4000000069f2a1b40c2d3e4f.1a2b.0 (#4.3.1)");
  /* every kind: D or Z, printable, bounded, each its own text */
  for (k = VERDICT_VIRUS; k <= VERDICT_TEMP; ++k) {
    char other[VERDICT_REPLY + 1];
    int j;
    len = verdict_reply(out, (enum verdict_kind) k, "X", 0, id);
    ck_assert_int_eq(out[0], k <= VERDICT_TOOBIG ? 'D' : 'Z');
    ck_assert(len <= VERDICT_REPLY);
    ck_assert(printable(out, len));
    ck_assert(strstr(out, id) != 0);
    for (j = VERDICT_VIRUS; j < k; ++j) {
      verdict_reply(other, (enum verdict_kind) j, "X", 0, id);
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
  len = verdict_reply(out, VERDICT_VIRUS, "Evil\r\n250 ok\r\n", 0, id);
  ck_assert(printable(out, len));
  ck_assert(strstr(out, "\r") == 0 && strstr(out, "250 ok") == 0);
  ck_assert(strstr(out, "Evil??250?ok??") != 0);
  for (i = 0; i < sizeof big - 1; ++i) big[i] = (char) (i % 256 ? i % 256 : 'x');
  big[sizeof big - 1] = 0;
  len = verdict_reply(out, VERDICT_VIRUS, big, 0, id);
  ck_assert(len <= VERDICT_REPLY);
  ck_assert(printable(out, len));
  ck_assert(strstr(out, id) != 0); /* the ID survives a 10-KB name */
  /* a forged ID is cut to its alphabet too */
  len = verdict_reply(out, VERDICT_TIMEOUT, 0, 0, "@x\r\n250 ok");
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
  struct verdict_facts f = { VERDICT_VIRUS, "Eicar-Signature", "192.0.2.1", 512, 2, "clamd:/run/clamav/clamd.ctl", 0, 0, 0, 0, 0 };
  verdict_facts(out, &f);
  ck_assert_str_eq(out, "Rip 192.0.2.1 bytes 512 parts 2 scanner clamd:/run/clamav/clamd.ctl: virus found: Eicar-Signature");
  f.kind = VERDICT_CLEAN; f.ip = 0; f.parts = -1; f.scanner = "clamscan"; f.queue = 4242;
  verdict_facts(out, &f);
  ck_assert_str_eq(out, "Q4242 ip - bytes 512 parts - scanner clamscan: clean");
  f.kind = VERDICT_SCANFAIL; f.ip = "1.2.3.4\r\n250 ok";
  verdict_facts(out, &f);
  ck_assert_str_eq(out, "Zip 1.2.3.4??250??? bytes 512 parts - scanner clamscan: the virus scanner is unavailable");
  f.kind = VERDICT_CLEAN; f.ip = 0; f.scanner = "/run/clamd.ctl"; f.db = "1.4.6/27500 x\r\n";
  verdict_facts(out, &f);
  ck_assert_str_eq(out, "Q4242 ip - bytes 512 parts - scanner /run/clamd.ctl db 1.4.6/27500?x??: clean");
  f.db = 0; f.name = "PUA.Win.Foo"; f.rule = "PUA.*";
  verdict_facts(out, &f);
  ck_assert_str_eq(out, "Q4242 ip - bytes 512 parts - scanner /run/clamd.ctl: clean, accepted PUA.Win.Foo (rule PUA.*)");
  f.kind = VERDICT_HELD;
  verdict_facts(out, &f);
  ck_assert_str_eq(out, "Zip - bytes 512 parts - scanner /run/clamd.ctl: held by the mail administrator's policy: PUA.Win.Foo (rule PUA.*)");
  f.kind = VERDICT_VIRUS; f.name = "Qscanq.Test.Eicar.UNOFFICIAL"; f.rule = "default";
  verdict_facts(out, &f);
  ck_assert_str_eq(out, "Rip - bytes 512 parts - scanner /run/clamd.ctl: virus found: Qscanq.Test.Eicar.UNOFFICIAL (rule default)");
  f.kind = VERDICT_ATTACH; f.name = "invoice.pdf.exe"; f.rule = "name:.exe";
  verdict_facts(out, &f);
  ck_assert_str_eq(out, "Rip - bytes 512 parts - scanner /run/clamd.ctl: attachment refused: invoice.pdf.exe (rule name:.exe)");
  f.kind = VERDICT_TOOBIG; f.ip = 0; f.scanner = "clamscan"; f.name = 0; f.rule = 0;
  verdict_facts(out, &f);
  ck_assert_str_eq(out, "Rip - bytes 512 parts - scanner clamscan: message too big for the virus scanner, cannot be scanned");
}
END_TEST

START_TEST(test_verdict_summary)
{
  char out[VERDICT_LINE + 1];
  static char facts[4096];
  struct verdict_summary v = { "qscanq: @1.2.0 uid 7: ", 0, 0, 100, 101, 101, 12, "Qip - bytes 5 parts 1 scanner x: clean", 38, 0, 0 };
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
  /* the caller gave the message up (issue 18/9): not a deferral */
  v.dropped = 0; v.code = 54; v.abandoned = 1; v.facts = "Qip - bytes 5 parts 1 scanner x: clean"; v.factslen = 38;
  verdict_summary(out, &v);
  ck_assert(strstr(out, "summary: abandoned 54 ") != 0);
  ck_assert(strstr(out, "scanner x: clean; the caller went away: ") != 0);
  v.abandoned = 0;
  verdict_summary(out, &v);
  ck_assert(strstr(out, "summary: deferred 54 ") != 0);
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

START_TEST(test_verdict_envelope)
{
  char out[VERDICT_ENVTEXT];
  static char big[4096];
  size_t len;
  ck_assert_uint_eq(verdict_envelope(out, sizeof out, "Fa@b\0Tc@d\0Te@f\0\0", 16), strlen(out));
  ck_assert_str_eq(out, " from <a@b> rcpts 2 to <c@d>,<e@f>");
  verdict_envelope(out, sizeof out, "F\0Tx\0Ty\0Tz\0Tw\0\0", 15);
  ck_assert_str_eq(out, " from <> rcpts 4 to <x>,<y>,<z>,...");
  verdict_envelope(out, sizeof out, "Fa\0Tb", 6);
  ck_assert_str_eq(out, " from <a> rcpts 1+ to <b>");
  verdict_envelope(out, sizeof out, "Fa\0", 3);
  ck_assert_str_eq(out, " from <a> rcpts 0+ to -");
  verdict_envelope(out, sizeof out, "Fa\0\0", 4);
  ck_assert_str_eq(out, " from <a> rcpts 0 to -");
  verdict_envelope(out, sizeof out, "Fab", 3);
  ck_assert_str_eq(out, " from <ab> rcpts 0+ to -");
  verdict_envelope(out, sizeof out, "", 0);
  ck_assert_str_eq(out, " from - rcpts - to -");
  verdict_envelope(out, sizeof out, "X\0\0", 3);
  ck_assert_str_eq(out, " from - rcpts - to -");
  verdict_envelope(out, sizeof out, "F<a b>,\r\n\033\0T\377\0\0", 15);
  ck_assert_str_eq(out, " from <\?a\?b\?\?\?\?\?> rcpts 1 to <\?>");
  /* every field at its longest: bounded, printable */
  memset(big, 'x', sizeof big);
  big[0] = 'F';
  big[1000] = 0; big[1001] = 'T'; big[2000] = 0; big[2001] = 'T'; big[3000] = 0; big[3001] = 'T';
  len = verdict_envelope(out, sizeof out, big, sizeof big);
  ck_assert_uint_eq(len, strlen(out));
  ck_assert(len < sizeof out && printable(out, len));
  ck_assert(strstr(out, " rcpts 3+ to <") != 0);
  len = verdict_envelope(out, 10, big, sizeof big);
  ck_assert_uint_eq(len, 9);
}
END_TEST

START_TEST(test_verdict_msgid)
{
  char out[VERDICT_ENVTEXT];
  const char *h;
  h = "Subject: x\nMessage-ID: <a@b>\n\nMessage-ID: <body@x>\n";
  verdict_msgid(out, sizeof out, h, strlen(h));
  ck_assert_str_eq(out, " msgid <a@b>");
  h = "MESSAGE-id:\n\t <folded@x> (comment)\nTo: y\n\n";
  verdict_msgid(out, sizeof out, h, strlen(h));
  ck_assert_str_eq(out, " msgid <folded@x>");
  h = "Message-Id: bare@x more\n\n";
  verdict_msgid(out, sizeof out, h, strlen(h));
  ck_assert_str_eq(out, " msgid <bare@x>");
  h = "Subject: x\n\nMessage-ID: <body@x>\n";
  verdict_msgid(out, sizeof out, h, strlen(h));
  ck_assert_str_eq(out, " msgid -");
  h = "Message-ID: <a\033\r b,>\n\n";
  verdict_msgid(out, sizeof out, h, strlen(h));
  ck_assert_str_eq(out, " msgid <a\?\?\?b\?>");
  h = "Message-ID:   \n\n";
  verdict_msgid(out, sizeof out, h, strlen(h));
  ck_assert_str_eq(out, " msgid -");
  h = "Message-ID: <cut";
  verdict_msgid(out, sizeof out, h, strlen(h));
  ck_assert_str_eq(out, " msgid <cut>");
  verdict_msgid(out, sizeof out, "", 0);
  ck_assert_str_eq(out, " msgid -");
}
END_TEST

START_TEST(test_verdict_addr)
{
  char out[300];
  static char big[200];
  size_t len;
  memset(big, 'a', sizeof big);
  len = verdict_addr(out, 0, sizeof out, big, sizeof big);
  ck_assert_uint_eq(len, VERDICT_ADDR + 5);
  ck_assert_str_eq(out + VERDICT_ADDR, "a...>");
  ck_assert_uint_eq(verdict_addr(out, 0, 4, "abcdef", 6), 3);
  ck_assert_str_eq(out, "<ab");
}
END_TEST

START_TEST(test_verdict_facts_more)
{
  char out[VERDICT_FACTS];
  struct verdict_facts f = { VERDICT_VIRUS, "E", 0, 5, 1, "/s.sock", "10.0.0.5:3310,/x y\r", " from <a> rcpts 1 to <b> msgid -", 0, 0, 0 };
  verdict_facts(out, &f);
  ck_assert_str_eq(out, "Rip - bytes 5 parts 1 scanner /s.sock failover 10.0.0.5:3310,/x?y? from <a> rcpts 1 to <b> msgid -: virus found: E");
  f.failover = ""; f.envelope = 0;
  verdict_facts(out, &f);
  ck_assert_str_eq(out, "Rip - bytes 5 parts 1 scanner /s.sock: virus found: E");
}
END_TEST

START_TEST(test_verdict_parse)
{
  struct verdict_line v;
  const char *l;
  l = "@400000006b0c382117caea88 qscanq: @400000006b0c382117caea87.fc8.0 uid 994: summary: refused 82 smtpd 4035 qp 4040 queue - ms 170 ip 10.0.0.0 bytes 30 parts 1 scanner replies-scanner: virus found: Test.Virus-1\n";
  ck_assert_int_eq(verdict_parse(&v, l, strlen(l)), 1);
  ck_assert(v.sec == 0x400000006b0c3821ULL);
  ck_assert_int_eq(v.code, 82);
  ck_assert_uint_eq(v.ms, 170);
  ck_assert_int_eq(memcmp(v.word, "refused", v.wordlen), 0);
  ck_assert_uint_eq(v.wordlen, 7);
  ck_assert_int_eq(memcmp(v.scanner, "replies-scanner", v.scannerlen), 0);
  ck_assert(v.failover == 0);
  ck_assert_uint_eq(v.reasonlen, strlen("virus found: Test.Virus-1"));
  ck_assert_int_eq(memcmp(v.reason, "virus found: Test.Virus-1", v.reasonlen), 0);
  l = "qscanq: @400000006b0c3876220ef143.1987.0 uid 993: summary: dropped 0 smtpd 6532 qp 6535 queue - ms 34 ip - bytes 30 parts 1 scanner [::1]:3310 failover /a.sock,10.0.0.5:3310 from <> rcpts 1 to <a:b> msgid -: virus found: E; a bounce from qmail-send, dropped (see install-wrap(8))";
  ck_assert_int_eq(verdict_parse(&v, l, strlen(l)), 1);
  ck_assert_int_eq(memcmp(v.scanner, "[::1]:3310", v.scannerlen), 0);
  ck_assert_uint_eq(v.failoverlen, strlen("/a.sock,10.0.0.5:3310"));
  ck_assert_int_eq(memcmp(v.reason, "virus found: E", v.reasonlen), 0);
  ck_assert_uint_eq(v.reasonlen, 14);
  /* with the database version before the failover list */
  l = "qscanq: @400000006b0c382117caea87.fc8.0 uid 7: summary: queued 0 smtpd 1 qp 2 queue 3 ms 9 ip 1.2.3.4 bytes 5 parts 1 scanner /b.sock db 1.4.6/27500 failover /a.sock: clean";
  ck_assert_int_eq(verdict_parse(&v, l, strlen(l)), 1);
  ck_assert_int_eq(memcmp(v.scanner, "/b.sock", v.scannerlen), 0);
  ck_assert_uint_eq(v.failoverlen, strlen("/a.sock"));
  ck_assert_int_eq(memcmp(v.failover, "/a.sock", v.failoverlen), 0);
  l = "qscanq: @1.2.0 uid 7: summary: deferred crash smtpd 100 qp 101 queue - ms 12 ip - bytes - parts - scanner -: qscanq-stdin crashed";
  ck_assert_int_eq(verdict_parse(&v, l, strlen(l)), 0); /* not an ID */
  l = "qscanq: @400000006b0c382117caea87.fc8.0 uid 7: summary: deferred crash smtpd 100 qp 101 queue - ms 12 ip - bytes - parts - scanner -: qscanq-stdin crashed";
  ck_assert_int_eq(verdict_parse(&v, l, strlen(l)), 1);
  ck_assert_int_eq(v.code, -1);
  l = "qscanq: @400000006b0c382117caea87.fc8.0 uid 7 ip 1.2.3.4: refused (31): virus found: E";
  ck_assert_int_eq(verdict_parse(&v, l, strlen(l)), 0);
  l = "qscanq: @400000006b0c382117caea87.fc8.0 uid 7: summary: queued 0 smtpd 1 qp 2 queue 3 ms";
  ck_assert_int_eq(verdict_parse(&v, l, strlen(l)), 0);
  ck_assert_int_eq(verdict_parse(&v, "", 0), 0);
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
  tcase_add_test(tc, test_verdict_envelope);
  tcase_add_test(tc, test_verdict_msgid);
  tcase_add_test(tc, test_verdict_addr);
  tcase_add_test(tc, test_verdict_facts_more);
  tcase_add_test(tc, test_verdict_parse);
  suite_add_tcase(s, tc);
  return s;
}

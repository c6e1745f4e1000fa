/* The clamd client (clamd/): the reply parser on every form, the matching
   of replies to requests by id, whole sessions and the pool against
   tests/fake/clamd in its modes, and (case "real", run by
   tests/t-clamd-client.sh) against a real clamd:
     QSQ_CLAMD_SOCK  its unix socket
     QSQ_CLAMD_PORT  its TCP port on 127.0.0.1
   with MaxFileSize 100K and StreamMaxLength 150K in its clamd.conf.
   Without QSQ_CLAMD_SOCK the real case checks nothing and says so. */
#define _GNU_SOURCE
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "proof.h"
#include "clamd.h"
#include "clamd_int.h"
#include "error.h"
#include "unit.h"

/* ---- the parser ---- */

static struct clamd_reply rep;

static void parse(const char *s)
{
  clamd_parse(s, strlen(s), &rep);
}

static int name_is(const char *s)
{
  return rep.namelen == strlen(s) && !memcmp(rep.name, s, rep.namelen);
}

START_TEST(test_parse_ok)
{
  parse("1: fd[10]: OK");
  ck_assert_int_eq(rep.kind, CLAMD_R_OK);
  ck_assert_uint_eq(rep.id, 1);
  parse("12: stream: OK");
  ck_assert_int_eq(rep.kind, CLAMD_R_OK);
  ck_assert_uint_eq(rep.id, 12);
  parse("999999999: stream: OK");   /* CLAMD_IDMAX itself */
  ck_assert_int_eq(rep.kind, CLAMD_R_OK);
  ck_assert_uint_eq(rep.id, CLAMD_IDMAX);
}
END_TEST

START_TEST(test_parse_found)
{
  parse("3: stream: Win.Test.EICAR_HDB-1 FOUND");
  ck_assert_int_eq(rep.kind, CLAMD_R_FOUND);
  ck_assert_uint_eq(rep.id, 3);
  ck_assert(name_is("Win.Test.EICAR_HDB-1"));
  parse("7: fd[12]: Qscanq.Test.Eicar.UNOFFICIAL FOUND");
  ck_assert_int_eq(rep.kind, CLAMD_R_FOUND);
  ck_assert_uint_eq(rep.id, 7);
  ck_assert(name_is("Qscanq.Test.Eicar.UNOFFICIAL"));
  /* the parser does not tell limits from viruses: clamd_match does */
  parse("2: fd[5]: Heuristics.Limits.Exceeded.MaxFileSize FOUND");
  ck_assert_int_eq(rep.kind, CLAMD_R_FOUND);
  ck_assert(name_is("Heuristics.Limits.Exceeded.MaxFileSize"));
}
END_TEST

START_TEST(test_parse_error)
{
  parse("4: INSTREAM size limit exceeded. ERROR");
  ck_assert_int_eq(rep.kind, CLAMD_R_ERROR);
  ck_assert_uint_eq(rep.id, 4);
  ck_assert(name_is("INSTREAM size limit exceeded. ERROR"));
  parse("5: fd[7]: lstat() failed: No such file or directory. ERROR");
  ck_assert_int_eq(rep.kind, CLAMD_R_ERROR);
  parse("UNKNOWN COMMAND ERROR");        /* no id: still an ERROR */
  ck_assert_int_eq(rep.kind, CLAMD_R_ERROR);
  ck_assert_uint_eq(rep.id, 0);
  parse("ERROR");
  ck_assert_int_eq(rep.kind, CLAMD_R_ERROR);
  parse("01: Can't allocate memory ERROR"); /* odd id: not trusted */
  ck_assert_int_eq(rep.kind, CLAMD_R_ERROR);
  ck_assert_uint_eq(rep.id, 0);
}
END_TEST

START_TEST(test_parse_pong)
{
  parse("5: PONG");
  ck_assert_int_eq(rep.kind, CLAMD_R_PONG);
  ck_assert_uint_eq(rep.id, 5);
  parse("PONG");
  ck_assert_int_eq(rep.kind, CLAMD_R_BAD);
}
END_TEST

START_TEST(test_parse_version)
{
  parse("1: ClamAV 1.4.6/27500/Mon Dec  7 10:05:12 2026");
  ck_assert_int_eq(rep.kind, CLAMD_R_VERSION);
  ck_assert_uint_eq(rep.id, 1);
  ck_assert_uint_eq(rep.namelen, strlen("1.4.6/27500/Mon Dec  7 10:05:12 2026"));
  ck_assert_int_eq(memcmp(rep.name, "1.4.6/", 6), 0);
  parse("1: ClamAV ");  /* nothing after it */
  ck_assert_int_eq(rep.kind, CLAMD_R_BAD);
  parse("ClamAV 1.4.6");  /* no id */
  ck_assert_int_eq(rep.kind, CLAMD_R_BAD);
}
END_TEST

/* the date of clamd's VERSION answer, in seconds since the epoch (UTC) */
START_TEST(test_dbtime)
{
  long long t = 0;
  static const char *const bad[] = {
    "1.4.6", "1.4.6/27500", "1.4.6/27500/", "1.4.6/27500/Mon Xyz  7 10:05:12 2026",
    "1.4.6/27500/Mon Dec 32 10:05:12 2026", "1.4.6/27500/Mon Dec  7 24:05:12 2026",
    "1.4.6/27500/Mon Dec  7 10:05 2026", "1.4.6/27500/Mon Dec  7 10:05:12",
    "1.4.6/27500/Mon Dec  7 10:05:12 1969", "1.4.6/27500/Mo"
  };
  size_t i;
  ck_assert_int_eq(clamd_dbtime("1.4.6/27500/Mon Dec  7 10:05:12 2026", 36, &t), 1);
  ck_assert_int_eq(t, 1796637912LL);  /* date -u -d '2026-12-07 10:05:12' +%s */
  ck_assert_int_eq(clamd_dbtime("0.103.8/26000/Thu Jan  1 00:00:00 1970", 39, &t), 1);
  ck_assert_int_eq(t, 0);
  ck_assert_int_eq(clamd_dbtime("1.0.0/1/Tue Feb 29 23:59:59 2028", 32, &t), 1);
  ck_assert_int_eq(t, 1835481599LL);
  for (i = 0; i < sizeof bad / sizeof bad[0]; ++i)
    ck_assert_msg(!clamd_dbtime(bad[i], strlen(bad[i]), &t), "%s", bad[i]);
}
END_TEST

START_TEST(test_parse_bad)
{
  static const char *const bad[] = {
    "", "garbage", "OK", "fd[3]: OK", ": fd[3]: OK", "stream: OK",
    "0: fd[3]: OK",                        /* id 0 */
    "01: fd[3]: OK",                       /* leading zero */
    "1000000000: stream: OK",              /* past CLAMD_IDMAX */
    "99999999999999999999999999: stream: OK", /* past unsigned long */
    "1 fd[3] OK", "1: fd[3] OK", "1:fd[3]: OK", "1: fd[3]:OK",
    "1: fd[]: OK", "1: fd[x]: OK", "1: fd[3: OK", "1: fd[1234567890]: OK",
    "1: stream: ok", "1: stream: OK ", "1: stream:  OK", "1: stream: FOUND",
    "1: stream: ", "1: stream:", "1:", "1: ", "1: PONG ", "1: pong",
    "1: path/x: OK",
    "1: stream: Evil\r\n250 ok FOUND",     /* control characters */
    "1: stream: Evil\033[31m FOUND",
    "1: stream: Evil\x7f FOUND",
    "1: stream: OK\n",
    "-1: stream: OK", "+1: stream: OK", " 1: stream: OK",
  };
  size_t i;
  for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    parse(bad[i]);
    ck_assert_msg(rep.kind == CLAMD_R_BAD, "\"%s\" parsed as %d", bad[i], (int) rep.kind);
  }
}
END_TEST

START_TEST(test_parse_nul)
{
  clamd_parse("1: stream: O\0K", 14, &rep);
  ck_assert_int_eq(rep.kind, CLAMD_R_BAD);
  clamd_parse("1: stream: OK\0", 14, &rep);
  ck_assert_int_eq(rep.kind, CLAMD_R_BAD);
  clamd_parse("1: stream: X\0Y FOUND", 20, &rep);
  ck_assert_int_eq(rep.kind, CLAMD_R_BAD);
  clamd_parse("1: stream: OK", 12, &rep);  /* cut: "1: stream: O" */
  ck_assert_int_eq(rep.kind, CLAMD_R_BAD);
}
END_TEST

START_TEST(test_parse_long_name)
{
  static char s[10100];
  size_t n;
  n = (size_t) snprintf(s, sizeof s, "1: stream: ");
  memset(s + n, 'A', 10000);
  memcpy(s + n + 10000, " FOUND", 6);
  clamd_parse(s, n + 10006, &rep);
  ck_assert_int_eq(rep.kind, CLAMD_R_FOUND);
  ck_assert_uint_eq(rep.namelen, 10000);   /* the parser keeps it all... */
}
END_TEST

/* ---- the sanitiser ---- */

START_TEST(test_sanitise)
{
  stralloc sa = STRALLOC_ZERO;
  static char big[10000];
  ck_assert(clamd_sanitise(&sa, "Win.Test.EICAR_HDB-1", 20));
  ck_assert_uint_eq(sa.len, 20);
  ck_assert(!memcmp(sa.s, "Win.Test.EICAR_HDB-1", 20));
  sa.len = 0;
  ck_assert(clamd_sanitise(&sa, "a\r\n250 ok\x01\xff<>;|$`'\"\\b", 21));
  ck_assert_uint_eq(sa.len, 21);
  ck_assert(!memcmp(sa.s, "a??250 ok???????????b", 21));
  sa.len = 0;
  ck_assert(clamd_sanitise(&sa, "x", 1));
  ck_assert(clamd_sanitise(&sa, "y:/+", 4));     /* appends */
  ck_assert_uint_eq(sa.len, 5);
  ck_assert(!memcmp(sa.s, "xy:/+", 5));
  sa.len = 0;
  memset(big, 'B', sizeof big);
  ck_assert(clamd_sanitise(&sa, big, sizeof big));
  ck_assert_uint_eq(sa.len, CLAMD_NAMEMAX);      /* ...the sanitiser cuts */
  stralloc_free(&sa);
}
END_TEST

/* ---- matching replies to requests, without a server ---- */

static struct clamd_session ss = CLAMD_SESSION_ZERO;

/* a session that has sent n requests, the control sample as id 1 */
static void sent(unsigned long n)
{
  struct timespec t = { 0, 0 };
  unsigned long i;
  ss.fd = -1;
  ss.fildes = 1;
  ss.deadline = t;
  ss.sent = ss.replies = 0;
  ss.controlfound = ss.ended = ss.eof = 0;
  ss.verdict = CLAMD_CLEAN;
  ss.name.len = ss.got.len = ss.in.len = ss.why.len = 0;
  for (i = 0; i < n; ++i) ck_assert_int_eq(clamd_next(&ss), 1);
  ss.control = 1;
}

static int feed(const char *s, size_t n) { return clamd_feed(&ss, s, n); }
#define FEED(lit) feed(lit, sizeof lit - 1)

static int why_has(const stralloc *why, const char *s)
{
  return memmem(why->s, why->len, s, strlen(s)) != 0;
}

static void teardown_session(void) { clamd_session_free(&ss); }

START_TEST(test_match_out_of_order)
{
  sent(5);
  ck_assert_int_eq(FEED("3: fd[9]: OK\0" "5: fd[9]: OK\0" "1: fd[8]: Ctl FOUND\0"
                        "4: fd[9]: OK\0" "2: fd[9]: OK\0"), 1);
  ck_assert_uint_eq(ss.replies, 5);
  ck_assert_int_eq(ss.controlfound, 1);
  ck_assert_int_eq(ss.verdict, CLAMD_CLEAN);
}
END_TEST

START_TEST(test_match_bytewise)
{
  static const char r[] = "2: stream: OK\0" "1: stream: Ctl FOUND\0" "3: stream: Bad.Thing FOUND";
  size_t i;
  sent(3);
  for (i = 0; i < sizeof r; ++i) ck_assert_int_eq(feed(r + i, 1), 1);
  ck_assert_uint_eq(ss.replies, 3);
  ck_assert_int_eq(ss.verdict, CLAMD_VIRUS);
  ck_assert_uint_eq(ss.name.len, 9);
  ck_assert(!memcmp(ss.name.s, "Bad.Thing", 9));
}
END_TEST

START_TEST(test_match_ids)
{
  sent(3);
  ck_assert_int_eq(FEED("2: stream: OK\0"), 1);
  ck_assert_int_eq(FEED("2: stream: OK\0"), 0);
  ck_assert(why_has(&ss.why, "duplicate id"));
  sent(3);
  ck_assert_int_eq(FEED("4: stream: OK\0"), 0);
  ck_assert(why_has(&ss.why, "unknown id"));
  sent(3);
  ck_assert_int_eq(FEED("0: stream: OK\0"), 0);
  ck_assert(why_has(&ss.why, "malformed"));
  sent(3);
  ck_assert_int_eq(FEED("stream: OK\0"), 0);
  ck_assert(why_has(&ss.why, "malformed"));
  sent(3);
  ck_assert_int_eq(FEED("3: PONG\0"), 0);
  ck_assert(why_has(&ss.why, "PONG"));
  sent(3);
  ck_assert_int_eq(FEED("3: stream: OK\0garbage\0"), 0);
  ck_assert(why_has(&ss.why, "malformed"));
}
END_TEST

START_TEST(test_match_error)
{
  sent(3);
  ck_assert_int_eq(FEED("2: INSTREAM size limit exceeded. ERROR\0"), 0);
  ck_assert(why_has(&ss.why, "error reply: INSTREAM size limit exceeded. ERROR"));
}
END_TEST

START_TEST(test_match_limits)
{
  sent(4);
  ck_assert_int_eq(FEED("2: fd[3]: Heuristics.Limits.Exceeded.MaxFileSize FOUND\0"), 1);
  ck_assert_int_eq(ss.verdict, CLAMD_LIMITS);
  ck_assert(why_has(&ss.name, "Heuristics.Limits.Exceeded.MaxFileSize"));
  /* a virus in another file outranks a limit, and keeps its name */
  ck_assert_int_eq(FEED("3: fd[3]: Real.Virus FOUND\0"), 1);
  ck_assert_int_eq(ss.verdict, CLAMD_VIRUS);
  ck_assert_uint_eq(ss.name.len, 10);
  ck_assert_int_eq(FEED("4: fd[3]: Heuristics.Limits.Exceeded.MaxScanSize FOUND\0"), 1);
  ck_assert_int_eq(ss.verdict, CLAMD_VIRUS);
  ck_assert(!memcmp(ss.name.s, "Real.Virus", 10));
}
END_TEST

START_TEST(test_match_control)
{
  sent(2);
  ck_assert_int_eq(FEED("1: fd[3]: OK\0"), 0);
  ck_assert(why_has(&ss.why, "the scanner did not detect its control sample"));
  sent(2);
  ck_assert_int_eq(FEED("1: fd[3]: Heuristics.Limits.Exceeded.MaxFileSize FOUND\0"), 0);
  ck_assert(why_has(&ss.why, "control sample"));
  /* the control sample's name is not the message's */
  sent(2);
  ck_assert_int_eq(FEED("1: fd[3]: Eicar FOUND\0" "2: fd[4]: OK\0"), 1);
  ck_assert_int_eq(ss.verdict, CLAMD_CLEAN);
  ck_assert_uint_eq(ss.name.len, 0);
}
END_TEST

START_TEST(test_match_long)
{
  static char big[CLAMD_REPLYMAX + 10];
  sent(2);
  memset(big, 'A', sizeof big);
  ck_assert_int_eq(feed(big, CLAMD_REPLYMAX), 1);   /* not yet too long */
  ck_assert_int_eq(feed(big, 1), 0);
  ck_assert(why_has(&ss.why, "reply too long"));
  /* a long name within the bound: kept, cut to CLAMD_NAMEMAX */
  sent(2);
  ck_assert_int_eq(FEED("2: stream: "), 1);
  memset(big, 'N', 3000);
  ck_assert_int_eq(feed(big, 3000), 1);
  ck_assert_int_eq(FEED(" FOUND\0"), 1);
  ck_assert_int_eq(ss.verdict, CLAMD_VIRUS);
  ck_assert_uint_eq(ss.name.len, CLAMD_NAMEMAX);
}
END_TEST

/* the same 68 bytes as tests/eicar prints (which tests/mkdb's signature
   is made from); neither file holds them */
/* CRC-32 as gzip has it: the check value of the standard, by pieces too */
START_TEST(test_crc32)
{
  ck_assert_uint_eq(clamd_crc32(0, "123456789", 9), 0xcbf43926u);
  ck_assert_uint_eq(clamd_crc32(clamd_crc32(0, "1234", 4), "56789", 5), 0xcbf43926u);
  ck_assert_uint_eq(clamd_crc32(0, "", 0), 0);
  ck_assert_uint_eq(clamd_crc32(0, "\0\0\0\0", 4), 0x2144df1cu);
}
END_TEST

/* the same CRC, bit by bit, as the standard defines it */
static uint32_t crc32_bitwise(uint32_t crc, const unsigned char *p, size_t len)
{
  int k;
  crc = ~crc;
  while (len--) {
    crc ^= *p++;
    for (k = 0; k < 8; ++k) crc = crc & 1 ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
  }
  return ~crc;
}

/* four bytes at a time, from every alignment and every length, and
   continued across pieces of every length: as bit by bit */
START_TEST(test_crc32_sliced)
{
  unsigned char buf[300];
  size_t i;
  size_t off;
  size_t len;
  for (i = 0; i < sizeof buf; ++i) buf[i] = (unsigned char) (i * 167 + 13 + (i >> 3));
  for (off = 0; off < 8; ++off)
    for (len = 0; len + off <= sizeof buf; len += 1 + len / 8) {
      uint32_t whole = clamd_crc32(0, (const char *) buf + off, len);
      ck_assert_uint_eq(whole, crc32_bitwise(0, buf + off, len));
      ck_assert_uint_eq(clamd_crc32(clamd_crc32(0, (const char *) buf + off, len / 3), (const char *) buf + off + len / 3, len - len / 3), whole);
    }
}
END_TEST

static unsigned long le32at(const unsigned char *p)
{
  return (unsigned long) p[0] | (unsigned long) p[1] << 8 | (unsigned long) p[2] << 16 | (unsigned long) p[3] << 24;
}

/* The alert sample: 101 gzip members, one inside the other, each one
   stored block with the right CRC and length, "hello\n" at the core;
   gzip itself agrees (gunzip -t, and 101 rounds of gzip -dc, not 100) */
START_TEST(test_alert_bytes)
{
  static char a[CLAMD_ALERTLEN];
  static char b[CLAMD_ALERTLEN];
  const unsigned char *p = (const unsigned char *) a;
  size_t len = sizeof a;
  char fn[] = "/tmp/qsq-alert.XXXXXX";
  char cmd[512];
  int depth = 0;
  int fd;
  ck_assert_uint_eq(sizeof a, 2329);
  clamd_alert(a);
  clamd_alert(b);
  ck_assert(!memcmp(a, b, sizeof a)); /* the same every time */
  while (len >= 10 && p[0] == 0x1f && p[1] == 0x8b) {
    size_t n = (size_t) p[11] | (size_t) p[12] << 8;
    ck_assert_int_eq(p[2], 8);           /* deflate */
    ck_assert_int_eq(p[3], 0);           /* no name, no extra fields */
    ck_assert_int_eq(p[10], 1);          /* the last block, stored */
    ck_assert_uint_eq(n ^ 0xffff, (size_t) p[13] | (size_t) p[14] << 8);
    ck_assert_uint_eq(len, n + CLAMD_ALERTHEAD + CLAMD_ALERTTAIL);
    ck_assert_uint_eq(le32at(p + 15 + n), clamd_crc32(0, (const char *) p + 15, n));
    ck_assert_uint_eq(le32at(p + 19 + n), n);
    p += 15;
    len = n;
    ++depth;
  }
  ck_assert_int_eq(depth, CLAMD_ALERTDEPTH);
  ck_assert_int_gt(depth, 100);          /* past ClamAV's largest MaxRecursion */
  ck_assert_uint_eq(len, 6);
  ck_assert(!memcmp(p, "hello\n", 6));
  fd = mkstemp(fn);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, a, sizeof a), (ssize_t) sizeof a);
  ck_assert_int_eq(close(fd), 0);
  snprintf(cmd, sizeof cmd, "gunzip -t < %s", fn);
  ck_assert_int_eq(system(cmd), 0);
  snprintf(cmd, sizeof cmd, "f=%s; i=0; while [ $i -lt 100 ]; do gzip -dc < $f > $f.n && mv $f.n $f || exit 1; i=$((i+1)); done; "
           "gunzip -t < $f && [ \"$(gzip -dc < $f)\" = hello ]", fn);
  ck_assert_int_eq(system(cmd), 0);
  unlink(fn);
}
END_TEST

START_TEST(test_eicar)
{
  char e[CLAMD_EICARLEN];
  char want[CLAMD_EICARLEN + 1];
  char exe[4096];
  char *slash;
  ssize_t n;
  int pi[2];
  pid_t pid;
  int w;
  n = readlink("/proc/self/exe", exe, sizeof exe - 32);
  ck_assert_int_gt(n, 0);
  exe[n] = 0;
  slash = strrchr(exe, '/');
  ck_assert_ptr_nonnull(slash);
  strcpy(slash, "/../eicar");
  ck_assert_int_eq(pipe(pi), 0);
  pid = fork();
  ck_assert_int_ge(pid, 0);
  if (!pid) {
    dup2(pi[1], 1);
    close(pi[0]);
    execl("/bin/sh", "sh", exe, (char *) 0);
    _exit(127);
  }
  close(pi[1]);
  ck_assert_uint_eq(read_all(pi[0], want, sizeof want), CLAMD_EICARLEN);
  close(pi[0]);
  ck_assert_int_eq(waitpid(pid, &w, 0), pid);
  ck_assert_int_eq(w, 0);
  clamd_eicar(e);
  ck_assert(!memcmp(e, want, CLAMD_EICARLEN));
}
END_TEST

/* ---- against tests/fake/clamd ---- */

static char dir[64];
static char fakebin[4096];
#define MAXFAKE 4
static pid_t fakes[MAXFAKE];
static size_t nfakes;
static unsigned long logs;
static char lastlog[8192];

static void logline(void *ctx, const char *line)
{
  (void) ctx;
  ++logs;
  snprintf(lastlog, sizeof lastlog, "%s", line);
}

static void setup_fake(void)
{
  ssize_t n;
  char *slash;
  strcpy(dir, "/tmp/qsq-clamd.XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(dir));
  /* tests/unit/unit -> tests/fake/clamd, wherever the binary was run from */
  n = readlink("/proc/self/exe", fakebin, sizeof fakebin - 32);
  ck_assert_int_gt(n, 0);
  fakebin[n] = 0;
  slash = strrchr(fakebin, '/');
  ck_assert_ptr_nonnull(slash);
  *slash = 0;
  slash = strrchr(fakebin, '/');
  ck_assert_ptr_nonnull(slash);
  strcpy(slash, "/fake/clamd");
  ck_assert_int_eq(access(fakebin, X_OK), 0);
  nfakes = 0;
  logs = 0;
  lastlog[0] = 0;
  signal(SIGPIPE, SIG_IGN);
}

static void teardown_fake(void)
{
  char cmd[128];
  int w;
  while (nfakes) {
    --nfakes;
    kill(fakes[nfakes], SIGTERM);
    waitpid(fakes[nfakes], &w, 0);
  }
  clamd_session_free(&ss);
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  ck_assert_int_eq(system(cmd), 0);
}

/* starts the fake; addr "sock" (a socket in dir, filled in to srv) or
   "tcp"; returns once it listens */
static void start_fake(struct clamd_server *srv, const char *addr, const char *mode,
                 const char *arg)
{
  static char paths[MAXFAKE][128];
  char line[64];
  int pi[2];
  pid_t pid;
  size_t n;
  int port = -1;
  char *a = paths[nfakes];

  ck_assert_uint_lt(nfakes, MAXFAKE);
  memset(srv, 0, sizeof *srv);
  if (!strcmp(addr, "sock")) {
    snprintf(a, sizeof paths[0], "%s/s%lu", dir, (unsigned long) nfakes);
    srv->family = AF_UNIX;
    srv->path = a;
  } else {
    snprintf(a, sizeof paths[0], "%s", addr);
    srv->family = strcmp(addr, "tcp6") ? AF_INET : AF_INET6;
  }
  ck_assert_int_eq(pipe(pi), 0);
  pid = fork();
  ck_assert_int_ge(pid, 0);
  if (!pid) {
    /* gone with the test process, even when an assertion ends it */
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    dup2(pi[1], 1);
    close(pi[0]);
    close(pi[1]);
    execl(fakebin, fakebin, a, mode, arg, (char *) 0);
    _exit(127);
  }
  close(pi[1]);
  n = read_all(pi[0], line, sizeof line - 1);
  close(pi[0]);
  line[n] = 0;
  ck_assert_int_eq(sscanf(line, "ready %d", &port), 1);
  fakes[nfakes++] = pid;
  if (srv->family == AF_INET) {
    srv->ip[0] = 127;
    srv->ip[3] = 1;
  } else if (srv->family == AF_INET6) {
    srv->ip[15] = 1;
  }
  srv->port = (unsigned int) port;
  srv->text = a;
}

/* the files of a message: dir/fN, with sizes and contents given */
static char fnames[64][128];
static int openf(void *ctx, size_t i)
{
  (void) ctx;
  return open(fnames[i], O_RDONLY | O_CLOEXEC);
}

static void mkfile(size_t i, const char *content, size_t len)
{
  int fd;
  snprintf(fnames[i], sizeof fnames[0], "%s/f%lu", dir, (unsigned long) i);
  fd = open(fnames[i], O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ck_assert_int_ge(fd, 0);
  if (len) ck_assert_int_eq(write(fd, content, len), (ssize_t) len);
  close(fd);
}

static struct clamd_files files(size_t n)
{
  struct clamd_files f;
  size_t i;
  for (i = 0; i < n; ++i) mkfile(i, "hello, world\n", 13);
  f.count = n;
  f.open = openf;
  f.ctx = 0;
  return f;
}

static struct timespec in_ms(long ms)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  t.tv_sec += ms / 1000;
  t.tv_nsec += (ms % 1000) * 1000000;
  if (t.tv_nsec >= 1000000000) { t.tv_nsec -= 1000000000; ++t.tv_sec; }
  return t;
}

static long ms_since(const struct timespec *t0)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long) (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static struct clamd_result res = CLAMD_RESULT_ZERO;

/* one scan with a pool of n, from start, within ms */
static void scan(const struct clamd_server *srv, size_t n, size_t start,
                 const struct clamd_files *f, long ms)
{
  struct timespec d = in_ms(ms);
  ck_assert_int_eq(clamd_scan(srv, n, start, 0, f, &d, logline, 0, &res), 0);
}

static int res_why(const char *s) { return why_has(&res.why, s); }

static void one(const char *addr, const char *mode, const char *arg,
                size_t nfiles, long ms)
{
  struct clamd_server srv;
  struct clamd_files f = files(nfiles);
  start_fake(&srv, addr, mode, arg);
  scan(&srv, 1, 0, &f, ms);
}

START_TEST(test_fake_clean)
{
  struct clamd_server srv[2];
  struct clamd_files f = files(3);
  start_fake(&srv[0], "sock", "normal", "");
  start_fake(&srv[1], "tcp", "normal", "");
  scan(&srv[0], 1, 0, &f, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_uint_eq(res.replies, 5);           /* 3 files and the two samples */
  ck_assert_ptr_eq(res.served, &srv[0]);
  scan(&srv[1], 1, 0, &f, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_uint_eq(res.replies, 5);
  ck_assert_ptr_eq(res.served, &srv[1]);
  ck_assert_uint_eq(logs, 0);
}
END_TEST

/* conf-dbage: a server whose database is too old, or has no date, is
   passed over with one log line; the one that serves names its database */
/* "1.4.6/DAILY/" and ctime's form of now less ago seconds, as clamd says */
static void dbversion(char *out, size_t size, const char *daily, time_t ago)
{
  time_t t = time(0) - ago;
  struct tm tm;
  char date[64];
  ck_assert_ptr_nonnull(gmtime_r(&t, &tm));
  ck_assert_uint_gt(strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y", &tm), 0);
  snprintf(out, size, "1.4.6/%s/%s", daily, date);
}

START_TEST(test_fake_dbage)
{
  struct clamd_server srv[3];
  struct clamd_files f = files(2);
  char old[128];
  char fresh[128];
  char why[160];
  dbversion(old, sizeof old, "26000", 35 * 86400);
  dbversion(fresh, sizeof fresh, "27500", 3600);
  start_fake(&srv[0], "sock", "version", old);
  start_fake(&srv[1], "tcp", "normal", "");  /* "ClamAV 1.4.6": no date */
  start_fake(&srv[2], "sock", "version", fresh);
  res.maxdays = 0;  /* off: the first one serves */
  scan(srv, 3, 0, &f, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_ptr_eq(res.served, &srv[0]);
  ck_assert_uint_eq(res.replies, 4);  /* 2 files and the 2 samples: the VERSION reply not counted */
  ck_assert_uint_eq(res.db.len, 11);
  ck_assert_int_eq(memcmp(res.db.s, "1.4.6/26000", 11), 0);
  /* 10 days: the first is 35 days old, the second has no date */
  res.maxdays = 10;
  scan(srv, 3, 0, &f, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_ptr_eq(res.served, &srv[2]);
  ck_assert_int_eq(memcmp(res.db.s, "1.4.6/27500", 11), 0);
  ck_assert_uint_eq(logs, 2);
  snprintf(why, sizeof why, "database too old: %s", old);
  ck_assert_msg(res_why(why), "%.*s", (int) res.why.len, res.why.s);
  ck_assert(res_why("database has no date: 1.4.6"));
  /* 1 day: none left, the message is deferred */
  res.maxdays = 1;
  scan(srv, 2, 0, &f, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  res.maxdays = 0;
}
END_TEST

/* the judge: an accepted name is still a CLAMD_VIRUS, marked so; the
   worst judgement of a session counts */
static int judged;
static int judge_by_name(void *ctx, const char *name, size_t len)
{
  (void) ctx;
  ++judged;
  if (len >= 4 && !memcmp(name, "PUA.", 4)) return CLAMD_ACCEPT;
  if (len >= 5 && !memcmp(name, "Hold.", 5)) return CLAMD_DEFER;
  return CLAMD_REFUSE;
}

START_TEST(test_fake_judge)
{
  struct clamd_server srv[3];
  struct clamd_files f = files(3);
  start_fake(&srv[0], "sock", "found", "PUA.Win.Foo");
  start_fake(&srv[1], "sock", "found", "Hold.This");
  start_fake(&srv[2], "sock", "limits", "");
  res.judge = judge_by_name;
  judged = 0;
  scan(&srv[0], 1, 0, &f, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_VIRUS);
  ck_assert_int_eq(res.action, CLAMD_ACCEPT);
  ck_assert_int_eq(judged, 3);  /* each name, not the control sample */
  scan(&srv[1], 1, 0, &f, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_VIRUS);
  ck_assert_int_eq(res.action, CLAMD_DEFER);
  ck_assert_uint_eq(res.name.len, 9);
  scan(&srv[2], 1, 0, &f, 5000);  /* limit names are not judged */
  ck_assert_int_eq(res.verdict, CLAMD_LIMITS);
  ck_assert_int_eq(judged, 6);
  res.judge = 0;
  scan(&srv[0], 1, 0, &f, 5000);  /* no judge: every name refuses */
  ck_assert_int_eq(res.action, CLAMD_REFUSE);
}
END_TEST

START_TEST(test_fake_tcp6)
{
  struct clamd_server srv;
  struct clamd_files f = files(2);
  int s = socket(AF_INET6, SOCK_STREAM, 0);
  struct sockaddr_in6 a;
  memset(&a, 0, sizeof a);
  a.sin6_family = AF_INET6;
  a.sin6_addr.s6_addr[15] = 1;
  if (s == -1 || bind(s, (struct sockaddr *) &a, sizeof a) == -1) {
    if (s != -1) close(s);
    return;   /* no ::1 here */
  }
  close(s);
  start_fake(&srv, "tcp6", "normal", "");
  scan(&srv, 1, 0, &f, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_uint_eq(res.replies, 4);
}
END_TEST

/* big files and more files than the window: reads while it writes */
START_TEST(test_fake_big)
{
  struct clamd_server srv[2];
  struct clamd_files f = files(40);
  static char big[3 << 20];
  size_t i;
  for (i = 0; i < sizeof big; ++i) big[i] = (char) (i * 7 + (i >> 13));
  mkfile(5, big, sizeof big);
  mkfile(39, big, sizeof big - 12345);
  mkfile(7, "", 0);                      /* only the closing chunk */
  mkfile(8, big, CLAMD_CHUNK);           /* exactly one chunk */
  start_fake(&srv[0], "sock", "normal", "");
  start_fake(&srv[1], "tcp", "normal", "");
  scan(&srv[0], 1, 0, &f, 10000);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_uint_eq(res.replies, 42);
  scan(&srv[1], 1, 0, &f, 10000);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_uint_eq(res.replies, 42);
}
END_TEST

/* clamd past StreamMaxLength: the reply, then a reset under our writes;
   the reason is the reply's, whichever the client saw first */
START_TEST(test_fake_stream_limit)
{
  struct clamd_server srv;
  struct clamd_files f = files(2);
  static char big[4 << 20];
  int round;
  memset(big, 'x', sizeof big);
  mkfile(1, big, sizeof big);
  start_fake(&srv, "tcp", "stream-limit", "100000");
  for (round = 0; round < 20; ++round) {
    scan(&srv, 1, 0, &f, 10000);
    ck_assert_msg(res.verdict == CLAMD_TOOBIG && res_why("size limit exceeded"), "round %d, verdict %d, why: %.*s", round,
                  (int) res.verdict, (int) res.why.len, res.why.s);
  }
}
END_TEST

/* too big for every server of the pool: for good; for all but one that
   could not be asked (it may have the bigger limit): a deferral */
START_TEST(test_pool_stream_limit)
{
  struct clamd_server srv[2];
  struct clamd_files f = files(2);
  static char big[1 << 20];
  char path[128];
  memset(big, 'x', sizeof big);
  mkfile(1, big, sizeof big);
  start_fake(&srv[0], "tcp", "stream-limit", "100000");
  start_fake(&srv[1], "tcp", "stream-limit", "100000");
  scan(srv, 2, 0, &f, 10000);
  ck_assert_int_eq(res.verdict, CLAMD_TOOBIG);
  ck_assert_uint_eq(logs, 2);
  memset(&srv[1], 0, sizeof srv[1]);
  snprintf(path, sizeof path, "%s/nobody-here", dir);
  srv[1].family = AF_UNIX;
  srv[1].path = path;
  srv[1].text = path;
  scan(srv, 2, 0, &f, 10000);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert(res_why("size limit exceeded"));
  ck_assert(res_why("unable to connect"));
  scan(srv, 2, 1, &f, 10000);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
}
END_TEST

START_TEST(test_fake_found)
{
  one("sock", "found", "Some.Virus-1", 3, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_VIRUS);
  ck_assert_uint_eq(res.name.len, 12);
  ck_assert(!memcmp(res.name.s, "Some.Virus-1", 12));
  one("tcp", "found", "Other.Virus", 1, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_VIRUS);
  ck_assert(!memcmp(res.name.s, "Other.Virus", 11));
}
END_TEST

START_TEST(test_fake_limits)
{
  one("sock", "limits", "", 2, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_LIMITS);
  ck_assert(why_has(&res.name, "Heuristics.Limits.Exceeded.MaxFileSize"));
}
END_TEST

START_TEST(test_fake_ok_all)
{
  one("sock", "ok-all", "", 2, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert(res_why("the scanner did not detect its control sample"));
  ck_assert_uint_eq(logs, 1);
  one("tcp", "ok-all", "", 2, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert(res_why("control sample"));
}
END_TEST

START_TEST(test_fake_garbage)
{
  one("sock", "garbage", "", 2, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert(res_why("malformed reply"));
  ck_assert_uint_eq(logs, 1);
  ck_assert(strstr(lastlog, "malformed reply") != 0);
  ck_assert(strncmp(lastlog, dir, strlen(dir)) == 0);  /* names the server */
}
END_TEST

START_TEST(test_fake_error)
{
  one("sock", "error", "", 2, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert(res_why("error reply: Can't allocate memory ERROR") ||
            res_why("error reply: Can?t allocate memory ERROR"));
}
END_TEST

/* a clamd without AlertExceedsMax says OK to the alert sample: its
   answers do not count, unix and TCP; the next server of the pool that
   alerts serves the message */
START_TEST(test_fake_no_alert)
{
  struct clamd_server srv[2];
  struct clamd_files f = files(2);
  one("sock", "no-alert", "", 2, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert(res_why("AlertExceedsMax is off"));
  one("tcp", "no-alert", "", 2, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert(res_why("AlertExceedsMax is off"));
  start_fake(&srv[0], "sock", "no-alert", "");
  start_fake(&srv[1], "sock", "normal", "");
  logs = 0;
  scan(srv, 2, 0, &f, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_ptr_eq(res.served, &srv[1]);
  ck_assert_uint_eq(logs, 1);
  ck_assert(strstr(lastlog, "AlertExceedsMax is off") != 0);
}
END_TEST

/* a server whose alerting is proven (clamd_result's proven) gets no
   alert sample, and needs none: one reply fewer, nothing to report; an
   unproven one gets it and, reporting it, yields a proof (alerted) */
START_TEST(test_alert_proven)
{
  static const unsigned char yes[1] = { 1 };
  one("sock", "normal", "", 2, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_int_eq(res.alerted, 1);
  ck_assert_uint_eq(res.replies, 2 + 2);
  res.proven = yes;
  one("sock", "normal", "", 2, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_int_eq(res.alerted, 0);
  ck_assert_uint_eq(res.replies, 2 + 1); /* the control sample's only */
  one("sock", "no-alert", "", 2, 5000);   /* proven earlier: not asked */
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_int_eq(res.alerted, 0);
  one("tcp", "normal", "", 2, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_uint_eq(res.replies, 2 + 1);
  res.proven = 0;
}
END_TEST

/* per server, and in the early session too */
START_TEST(test_alert_proven_pool)
{
  static const unsigned char yes[1] = { 1 };
  static const unsigned char second[2] = { 0, 1 };
  struct clamd_server srv[2];
  struct clamd_files f = files(2);
  struct clamd_early e = CLAMD_EARLY_ZERO;
  struct timespec d = in_ms(5000);
  /* the unproven one must still report it */
  res.proven = second;
  start_fake(&srv[0], "sock", "no-alert", "");
  start_fake(&srv[1], "sock", "no-alert", "");
  logs = 0;
  scan(srv, 2, 0, &f, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_ptr_eq(res.served, &srv[1]);
  ck_assert_uint_eq(logs, 1);
  ck_assert(strstr(lastlog, "AlertExceedsMax is off") != 0);
  /* the early session keeps to it too */
  start_fake(&srv[0], "sock", "no-alert", "");
  res.proven = yes;
  ck_assert_int_eq(clamd_open(&e, srv, 1, 0, 0, &d, &res), 0);
  res.early = &e;
  scan(srv, 1, 0, &f, 5000);
  res.early = 0;
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_uint_eq(res.replies, 2 + 1);
  clamd_early_free(&e);
  res.proven = 0;
}
END_TEST

/* a proven server first must not lend its proof to the next: an unproven
   one that says OK to the alert sample still decides nothing */
START_TEST(test_alert_proven_first)
{
  static const unsigned char first[2] = { 1, 0 };
  struct clamd_server srv[2];
  struct clamd_files f = files(2);
  res.proven = first;
  start_fake(&srv[0], "sock", "error", "");
  start_fake(&srv[1], "sock", "no-alert", "");
  logs = 0;
  scan(srv, 2, 0, &f, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert(res_why("AlertExceedsMax is off"));
  res.proven = 0;
}
END_TEST

/* qscanq's own check before it keeps a proof (proof_check): only a
   server that reports both samples as it must */
static int checked(const char *mode)
{
  struct clamd_server srv;
  struct timespec d = in_ms(5000);
  int fd;
  int r;
  start_fake(&srv, "sock", mode, "");
  fd = clamd_connect(&srv, &d);
  ck_assert_int_ge(fd, 0);
  r = proof_check(fd, &d);
  close(fd);
  return r;
}

START_TEST(test_proof_check)
{
  ck_assert_int_eq(checked("normal"), 1);
  ck_assert_int_eq(checked("no-alert"), 0);
  ck_assert_int_eq(checked("ok-all"), 0);    /* not even the control sample */
  ck_assert_int_eq(checked("garbage"), 0);
}
END_TEST

START_TEST(test_fake_without_ids)
{
  one("sock", "ok-without-ids", "", 2, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert(res_why("malformed reply"));
  one("tcp", "ok-without-ids", "", 2, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
}
END_TEST

START_TEST(test_fake_out_of_order)
{
  one("sock", "out-of-order", "", CLAMD_WINDOW - 3, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_uint_eq(res.replies, CLAMD_WINDOW - 1);
  one("tcp", "out-of-order", "", 5, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
}
END_TEST

/* a server that holds every reply until zEND cannot get more than the
   window: the client stops sending and waits, then gives up in time */
START_TEST(test_fake_window)
{
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  one("sock", "out-of-order", "", CLAMD_WINDOW + 5, 700);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert(res_why("timed out waiting for a reply"));
  ck_assert_int_lt(ms_since(&t0), 2000);
}
END_TEST

START_TEST(test_fake_duplicate)
{
  one("sock", "duplicate", "", 2, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert(res_why("duplicate id"));
}
END_TEST

START_TEST(test_fake_unknown_id)
{
  one("tcp", "unknown-id", "", 2, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert(res_why("unknown id"));
}
END_TEST

START_TEST(test_fake_missing_reply)
{
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  one("sock", "no-reply-last", "", 3, 800);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  /* the fake closes after its replies: the client sees that first */
  ck_assert(res_why("connection closed mid-session") || res_why("timed out"));
  ck_assert_int_lt(ms_since(&t0), 2000);
}
END_TEST

START_TEST(test_fake_hang)
{
  struct timespec t0;
  long ms;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  one("tcp", "hang", "", 3, 800);
  ms = ms_since(&t0);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert(res_why("timed out"));
  ck_assert_int_ge(ms, 700);
  ck_assert_int_lt(ms, 2000);
}
END_TEST

/* a server that takes the session and never answers is hung: passed
   over after CLAMD_PROBE seconds, not after the whole time (issue 18/6) */
START_TEST(test_fake_hung_probe)
{
  struct timespec t0;
  long ms;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  one("sock", "hang", "", 2, 15000);
  ms = ms_since(&t0);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert_msg(res_why("hung: no answer to the control sample within 5 seconds"),
                "why: %.*s", (int) res.why.len, res.why.s);
  ck_assert_int_ge(ms, CLAMD_PROBE * 1000 - 100);
  ck_assert_int_lt(ms, CLAMD_PROBE * 1000 + 1000);
}
END_TEST

/* in a pool, a hung first server costs CLAMD_PROBE, not half the time */
START_TEST(test_pool_hung_first)
{
  struct clamd_server srv[2];
  struct clamd_files f = files(2);
  struct timespec t0;
  long ms;
  start_fake(&srv[0], "sock", "hang", "");
  start_fake(&srv[1], "tcp", "normal", "");
  clock_gettime(CLOCK_MONOTONIC, &t0);
  scan(srv, 2, 0, &f, 18000);
  ms = ms_since(&t0);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_ptr_eq(res.served, &srv[1]);
  ck_assert_uint_eq(logs, 1);
  ck_assert(strstr(lastlog, "hung: ") != 0);
  ck_assert_int_lt(ms, CLAMD_PROBE * 1000 + 1000);
}
END_TEST

/* a full listen queue on a unix socket (EAGAIN at once) is waited out
   until the deadline, and a server that makes room in time is reached
   (issue 18/7) */
START_TEST(test_connect_backlog)
{
  struct clamd_server srv;
  struct sockaddr_un a;
  struct timespec t0;
  struct timespec d;
  int queued[64];
  size_t nq = 0;
  pid_t pid;
  long ms;
  int l;
  int c;
  int w;
  memset(&srv, 0, sizeof srv);
  memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  snprintf(a.sun_path, sizeof a.sun_path, "%s/full", dir);
  srv.family = AF_UNIX;
  srv.path = a.sun_path;
  srv.text = a.sun_path;
  l = socket(AF_UNIX, SOCK_STREAM, 0);
  ck_assert_int_ge(l, 0);
  ck_assert_int_eq(bind(l, (struct sockaddr *) &a, sizeof a), 0);
  ck_assert_int_eq(listen(l, 0), 0);
  /* fill the queue: nobody accepts */
  for (;;) {
    ck_assert_uint_lt(nq, 64);
    c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ck_assert_int_ge(c, 0);
    if (connect(c, (struct sockaddr *) &a, sizeof a) == -1) {
      ck_assert_int_eq(errno, EAGAIN);
      close(c);
      break;
    }
    queued[nq++] = c;
  }
  clock_gettime(CLOCK_MONOTONIC, &t0);
  d = in_ms(400);
  ck_assert_int_eq(clamd_connect(&srv, &d), -1);
  ck_assert_int_eq(errno, ETIMEDOUT);
  ck_assert_int_ge(ms_since(&t0), 350);
  /* room after 300 ms: the connect waits for it */
  pid = fork();
  ck_assert_int_ge(pid, 0);
  if (!pid) {
    usleep(300000);
    _exit(accept(l, 0, 0) == -1);
  }
  clock_gettime(CLOCK_MONOTONIC, &t0);
  d = in_ms(3000);
  c = clamd_connect(&srv, &d);
  ms = ms_since(&t0);
  ck_assert_int_ge(c, 0);
  ck_assert_int_ge(ms, 250);
  ck_assert_int_lt(ms, 1500);
  close(c);
  ck_assert_int_eq(waitpid(pid, &w, 0), pid);
  ck_assert_int_eq(w, 0);
  while (nq) close(queued[--nq]);
  close(l);
}
END_TEST

START_TEST(test_fake_close)
{
  one("sock", "close-mid-session", "", 3, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert_msg(res_why("connection closed mid-session") || res_why("write: ") || res_why("read: ") ||
            res_why("sendmsg: "), "why: %.*s", (int) res.why.len, res.why.s);
}
END_TEST

START_TEST(test_fake_hostile_name)
{
  size_t i;
  one("sock", "hostile-name", "", 2, 5000);
  /* control characters and a reply past CLAMD_REPLYMAX are not clamd's */
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert(res_why("malformed reply") || res_why("reply too long"));
  for (i = 0; i < res.why.len; ++i)
    ck_assert(res.why.s[i] >= 32 && res.why.s[i] < 127);
  /* printable but outside the alphabet, and long: kept, sanitised, cut */
  one("tcp", "found", "Evil<script>\"$(rm -rf /)\";|`x`-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 1, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_VIRUS);
  ck_assert_uint_eq(res.name.len, CLAMD_NAMEMAX);
  ck_assert(!memcmp(res.name.s, "Evil?script????rm -rf /?????x?-AAA", 34));
}
END_TEST

START_TEST(test_pool_first_down)
{
  struct clamd_server srv[2];
  struct clamd_files f = files(2);
  char path[128];
  memset(&srv[0], 0, sizeof srv[0]);
  snprintf(path, sizeof path, "%s/nobody-here", dir);
  srv[0].family = AF_UNIX;
  srv[0].path = path;
  srv[0].text = path;
  start_fake(&srv[1], "sock", "normal", "");
  scan(srv, 2, 0, &f, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_ptr_eq(res.served, &srv[1]);
  ck_assert_uint_eq(logs, 1);
  ck_assert(strncmp(lastlog, path, strlen(path)) == 0);
  ck_assert(strstr(lastlog, "unable to connect") != 0);
}
END_TEST

START_TEST(test_pool_all_down)
{
  struct clamd_server srv[2];
  struct clamd_files f = files(1);
  char path[128];
  int s;
  struct sockaddr_in a;
  socklen_t al = sizeof a;
  memset(srv, 0, sizeof srv);
  snprintf(path, sizeof path, "%s/nobody-here", dir);
  srv[0].family = AF_UNIX;
  srv[0].path = path;
  srv[0].text = path;
  /* a port nobody listens on: bound, never listened to */
  s = socket(AF_INET, SOCK_STREAM, 0);
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ck_assert_int_eq(bind(s, (struct sockaddr *) &a, sizeof a), 0);
  ck_assert_int_eq(getsockname(s, (struct sockaddr *) &a, &al), 0);
  srv[1].family = AF_INET;
  srv[1].ip[0] = 127;
  srv[1].ip[3] = 1;
  srv[1].port = ntohs(a.sin_port);
  srv[1].text = "127.0.0.1:closed";
  scan(srv, 2, 1, &f, 5000);
  close(s);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert_ptr_null(res.served);
  ck_assert_uint_eq(logs, 2);
  /* one line naming each, in the order tried */
  ck_assert(res_why("127.0.0.1:closed: unable to connect: "));
  ck_assert(res_why("; "));
  ck_assert(res_why("nobody-here: unable to connect: "));
  ck_assert_ptr_eq(memmem(res.why.s, res.why.len, "127.0.0.1", 9), res.why.s);
}
END_TEST

START_TEST(test_pool_empty)
{
  struct clamd_files f = files(1);
  struct clamd_server none;
  scan(&none, 0, 0, &f, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert(res_why("no clamd servers"));
  ck_assert_uint_eq(logs, 0);
}
END_TEST

/* past the deadline: no server is tried, each is named */
START_TEST(test_pool_no_time)
{
  struct clamd_server srv[2];
  struct clamd_files f = files(1);
  start_fake(&srv[0], "sock", "normal", "");
  start_fake(&srv[1], "tcp", "normal", "");
  scan(srv, 2, 0, &f, 0);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert_uint_eq(logs, 2);
  ck_assert(res_why(": no time left; "));
  ck_assert(res_why("tcp: no time left"));
}
END_TEST

/* a hung server gets its share, and the next one still has time */
START_TEST(test_pool_share)
{
  struct clamd_server srv[2];
  struct clamd_files f = files(2);
  struct timespec t0;
  long ms;
  start_fake(&srv[0], "tcp", "hang", "");
  start_fake(&srv[1], "sock", "normal", "");
  clock_gettime(CLOCK_MONOTONIC, &t0);
  scan(srv, 2, 0, &f, 2 * CLAMD_MINSHARE * 1000);
  ms = ms_since(&t0);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_ptr_eq(res.served, &srv[1]);
  ck_assert_uint_eq(logs, 1);
  ck_assert(strstr(lastlog, "timed out") != 0);
  ck_assert_int_ge(ms, CLAMD_MINSHARE * 1000);
  ck_assert_int_lt(ms, CLAMD_MINSHARE * 1000 + 1000);
}
END_TEST

/* ERROR moves on to the next server; a virus is final */
START_TEST(test_pool_error_virus)
{
  struct clamd_server srv[3];
  struct clamd_files f = files(2);
  char count[128];
  snprintf(count, sizeof count, "%s/count", dir);
  start_fake(&srv[0], "sock", "error", "");
  start_fake(&srv[1], "sock", "found", "X.Y");
  start_fake(&srv[2], "sock", "count", count);
  scan(srv, 3, 0, &f, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_VIRUS);
  ck_assert_ptr_eq(res.served, &srv[1]);
  ck_assert_uint_eq(logs, 1);
  ck_assert(strstr(lastlog, "error reply") != 0);
  ck_assert_int_eq(access(count, F_OK), -1);   /* never asked */
}
END_TEST

/* the start spreads the load: each of two servers serves half */
START_TEST(test_pool_spread)
{
  struct clamd_server srv[2];
  struct clamd_files f = files(1);
  char c0[128], c1[128];
  struct stat st;
  size_t i;
  snprintf(c0, sizeof c0, "%s/count0", dir);
  snprintf(c1, sizeof c1, "%s/count1", dir);
  start_fake(&srv[0], "sock", "count", c0);
  start_fake(&srv[1], "tcp", "count", c1);
  for (i = 0; i < 10; ++i) {
    scan(srv, 2, i, &f, 5000);
    ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
    ck_assert_ptr_eq(res.served, &srv[i % 2]);
  }
  ck_assert_int_eq(stat(c0, &st), 0);
  ck_assert_int_eq(st.st_size, 5);
  ck_assert_int_eq(stat(c1, &st), 0);
  ck_assert_int_eq(st.st_size, 5);
}
END_TEST

/* a connection made by the caller: used, made non-blocking, not closed */
START_TEST(test_prefd)
{
  struct clamd_server srv[2];
  struct clamd_files f = files(2);
  struct sockaddr_un a;
  struct timespec d = in_ms(5000);
  int pre[2] = { -1, -1 };
  start_fake(&srv[0], "sock", "normal", "");
  start_fake(&srv[1], "sock", "ok-all", "");
  pre[1] = socket(AF_UNIX, SOCK_STREAM, 0);
  memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  strcpy(a.sun_path, srv[0].path);   /* the good one, handed in for #1 */
  ck_assert_int_eq(connect(pre[1], (struct sockaddr *) &a, sizeof a), 0);
  ck_assert_int_eq(clamd_scan(srv, 2, 1, pre, &f, &d, logline, 0, &res), 0);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_ptr_eq(res.served, &srv[1]);
  ck_assert_uint_eq(logs, 0);
  ck_assert(fcntl(pre[1], F_GETFL) & O_NONBLOCK);
  ck_assert_int_eq(close(pre[1]), 0);
}
END_TEST

/* a connect that the caller already tried and failed (qscanq's errno):
   passed over with that error, not tried again here */
START_TEST(test_prefail)
{
  struct clamd_server srv[2];
  struct clamd_files f = files(2);
  struct timespec d = in_ms(5000);
  int pre[2] = { CLAMD_PREFAIL(ECONNREFUSED), -1 };
  start_fake(&srv[0], "sock", "normal", "");
  start_fake(&srv[1], "sock", "normal", "");
  ck_assert_int_eq(clamd_scan(srv, 2, 0, pre, &f, &d, logline, 0, &res), 0);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_ptr_eq(res.served, &srv[1]);
  ck_assert_uint_eq(logs, 1);
  ck_assert(res_why(": unable to connect: "));
  ck_assert(res_why(error_str(ECONNREFUSED)));
}
END_TEST

/* clamd_open: the session opened before the files exist (#20). Its
   samples are answered while the caller is still "unpacking" (here:
   making the files), and clamd_scan goes on with it: one session, the
   files' replies and the two samples' */
START_TEST(test_early)
{
  struct clamd_server srv;
  struct clamd_early e = CLAMD_EARLY_ZERO;
  struct clamd_files f;
  struct timespec d = in_ms(5000);
  struct pollfd p;
  char path[128];
  snprintf(path, sizeof path, "%s/sessions", dir);
  start_fake(&srv, "sock", "count", path);
  res.maxdays = 0;
  ck_assert_int_eq(clamd_open(&e, &srv, 1, 7, 0, &d, &res), 0);
  ck_assert_int_eq(e.r, 1);
  ck_assert_int_eq(e.open, 1);
  ck_assert_int_ge(e.fd, 0);
  /* the server answers the samples before any file exists */
  p.fd = e.fd;
  p.events = POLLIN;
  ck_assert_int_eq(poll(&p, 1, 5000), 1);
  f = files(3);
  res.early = &e;
  ck_assert_int_eq(clamd_scan(&srv, 1, 7, 0, &f, &d, logline, 0, &res), 0);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_ptr_eq(res.served, &srv);
  ck_assert_uint_eq(res.replies, 3 + CLAMD_CONTROL + CLAMD_ALERT);
  ck_assert_uint_eq(logs, 0);
  ck_assert_int_eq(e.open, 0);
  ck_assert_int_eq(e.fd, -1);
  { struct stat st; ck_assert_int_eq(stat(path, &st), 0); ck_assert_int_eq(st.st_size, 1); } /* one session */
  res.early = 0;
  clamd_early_free(&e);
}
END_TEST

/* clamd_early_send: the first file goes out in the early session, before
   the others exist, and clamd_scan sends only the rest there: every file
   answered once (a file sent twice, or not at all, changes the count) */
START_TEST(test_early_send)
{
  struct clamd_server srv;
  struct clamd_early e = CLAMD_EARLY_ZERO;
  struct clamd_files f;
  struct timespec d = in_ms(5000);
  int fd;
  start_fake(&srv, "sock", "normal", "");
  ck_assert_int_eq(clamd_open(&e, &srv, 1, 0, 0, &d, &res), 0);
  mkfile(0, "hello, world\n", 13);
  fd = openf(0, 0);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(clamd_early_send(&e, fd), 0);
  close(fd);
  ck_assert_int_eq(e.r, 1);
  ck_assert_uint_eq(e.ss.filesdone, 1);
  ck_assert_int_eq(clamd_early_send(&e, 0), 0); /* once only */
  ck_assert_uint_eq(e.ss.filesdone, 1);
  f = files(3);
  res.early = &e;
  ck_assert_int_eq(clamd_scan(&srv, 1, 0, 0, &f, &d, logline, 0, &res), 0);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_uint_eq(res.replies, 3 + CLAMD_CONTROL + CLAMD_ALERT);
  ck_assert_uint_eq(logs, 0);
  res.early = 0;
  clamd_early_free(&e);
}
END_TEST

/* the early session's server fails the first file once it went out: the
   next server gets a session of its own with every file, the first one
   too, and finds the virus in them */
START_TEST(test_early_send_failover)
{
  struct clamd_server srv[2];
  struct clamd_early e = CLAMD_EARLY_ZERO;
  struct clamd_files f = files(2);
  struct timespec d = in_ms(5000);
  int fd;
  start_fake(&srv[0], "sock", "error", "");
  start_fake(&srv[1], "sock", "found", "Fake.Virus");
  ck_assert_int_eq(clamd_open(&e, srv, 2, 0, 0, &d, &res), 0);
  ck_assert_int_eq(e.r, 1);
  fd = openf(0, 0);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(clamd_early_send(&e, fd), 0);
  close(fd);
  ck_assert_uint_eq(e.ss.filesdone, 1);
  res.early = &e;
  ck_assert_int_eq(clamd_scan(srv, 2, 0, 0, &f, &d, logline, 0, &res), 0);
  ck_assert_int_eq(res.verdict, CLAMD_VIRUS);
  ck_assert_ptr_eq(res.served, &srv[1]);
  ck_assert_uint_eq(res.replies, 2 + CLAMD_CONTROL + CLAMD_ALERT);
  ck_assert_uint_eq(logs, 1);
  res.early = 0;
  clamd_early_free(&e);
}
END_TEST

/* a failed opening sends nothing */
START_TEST(test_early_send_failed)
{
  struct clamd_server srv;
  struct clamd_early e = CLAMD_EARLY_ZERO;
  struct timespec d = in_ms(5000);
  int pre[1] = { CLAMD_PREFAIL(ECONNREFUSED) };
  start_fake(&srv, "sock", "normal", "");
  ck_assert_int_eq(clamd_open(&e, &srv, 1, 0, pre, &d, &res), 0);
  ck_assert_int_eq(e.r, 0);
  ck_assert_int_eq(clamd_early_send(&e, 0), 0);
  ck_assert_int_eq(e.r, 0);
  ck_assert_uint_eq(e.ss.filesdone, 0);
  clamd_early_free(&e);
}
END_TEST

/* the early session's server fails its opening: that counts as its
   failure, logged once, and the pool goes on with the next server, which
   gets a session of its own */
START_TEST(test_early_first_fails)
{
  struct clamd_server srv[2];
  struct clamd_early e = CLAMD_EARLY_ZERO;
  struct clamd_files f = files(2);
  struct timespec d = in_ms(5000);
  int pre[2] = { CLAMD_PREFAIL(ECONNREFUSED), -1 };
  start_fake(&srv[0], "sock", "normal", "");
  start_fake(&srv[1], "sock", "normal", "");
  ck_assert_int_eq(clamd_open(&e, srv, 2, 2, pre, &d, &res), 0);
  ck_assert_int_eq(e.r, 0);
  ck_assert_uint_eq(e.server, 0);
  res.early = &e;
  ck_assert_int_eq(clamd_scan(srv, 2, 2, pre, &f, &d, logline, 0, &res), 0);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_ptr_eq(res.served, &srv[1]);
  ck_assert_uint_eq(logs, 1);
  ck_assert(res_why(": unable to connect: "));
  res.early = 0;
  clamd_early_free(&e);
}
END_TEST

/* a server that closes the session once it is open: its failure, found
   when the files go out, and the next server serves; a virus the early
   server never saw is still found by the next */
START_TEST(test_early_closed)
{
  struct clamd_server srv[2];
  struct clamd_early e = CLAMD_EARLY_ZERO;
  struct clamd_files f = files(2);
  struct timespec d = in_ms(5000);
  start_fake(&srv[0], "sock", "close-mid-session", "");
  start_fake(&srv[1], "sock", "found", "Fake.Virus");
  ck_assert_int_eq(clamd_open(&e, srv, 2, 0, 0, &d, &res), 0);
  res.early = &e;
  ck_assert_int_eq(clamd_scan(srv, 2, 0, 0, &f, &d, logline, 0, &res), 0);
  ck_assert_int_eq(res.verdict, CLAMD_VIRUS);
  ck_assert_ptr_eq(res.served, &srv[1]);
  ck_assert_uint_eq(logs, 1);
  ck_assert(strncmp(lastlog, srv[0].text, strlen(srv[0].text)) == 0);
  res.early = 0;
  clamd_early_free(&e);
}
END_TEST

/* an unpacking that outlasts CLAMD_PROBE: the samples' answers, there
   since long ago, are read before any wait, so the server is not taken
   for hung */
START_TEST(test_early_slow_unpack)
{
  struct clamd_server srv;
  struct clamd_early e = CLAMD_EARLY_ZERO;
  struct clamd_files f = files(2);
  struct timespec d = in_ms(20000);
  struct timespec past = { CLAMD_PROBE, 300000000 };
  struct pollfd p;
  start_fake(&srv, "sock", "normal", "");
  ck_assert_int_eq(clamd_open(&e, &srv, 1, 0, 0, &d, &res), 0);
  ck_assert_int_eq(e.r, 1);
  p.fd = e.fd;
  p.events = POLLIN;
  ck_assert_int_eq(poll(&p, 1, 5000), 1);
  while (nanosleep(&past, &past) == -1) ;
  res.early = &e;
  ck_assert_int_eq(clamd_scan(&srv, 1, 0, 0, &f, &d, logline, 0, &res), 0);
  ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
  ck_assert_uint_eq(logs, 0);
  res.early = 0;
  clamd_early_free(&e);
}
END_TEST

/* opened and never scanned (the message refused while unpacking): freed,
   its connection closed, the server sees the client go */
START_TEST(test_early_free)
{
  struct clamd_server srv;
  struct clamd_early e = CLAMD_EARLY_ZERO;
  struct timespec d = in_ms(5000);
  int fd;
  start_fake(&srv, "sock", "normal", "");
  ck_assert_int_eq(clamd_open(&e, &srv, 1, 0, 0, &d, &res), 0);
  ck_assert_int_eq(e.r, 1);
  fd = e.fd;
  clamd_early_free(&e);
  ck_assert_int_eq(e.fd, -1);
  ck_assert_int_eq(e.open, 0);
  ck_assert_int_eq(fcntl(fd, F_GETFD), -1);
  ck_assert_int_eq(errno, EBADF);
}
END_TEST

static int openfails(void *ctx, size_t i)
{
  (void) ctx;
  (void) i;
  errno = EACCES;
  return -1;
}

START_TEST(test_open_fails)
{
  struct clamd_server srv;
  struct clamd_files f = { 2, openfails, 0 };
  start_fake(&srv, "sock", "normal", "");
  scan(&srv, 1, 0, &f, 5000);
  ck_assert_int_eq(res.verdict, CLAMD_FAIL);
  ck_assert(res_why("unable to open file 0: "));
}
END_TEST

START_TEST(test_nomem)
{
  struct clamd_server srv;
  struct clamd_files f = files(2);
  struct timespec d = in_ms(5000);
  struct clamd_result r = CLAMD_RESULT_ZERO;
  start_fake(&srv, "sock", "normal", "");
  alloc_fail_after = 0;
  ck_assert_int_eq(clamd_scan(&srv, 1, 0, 0, &f, &d, logline, 0, &r), -1);
  ck_assert_int_eq(errno, ENOMEM);
  alloc_fail_after = 2;
  ck_assert_int_eq(clamd_scan(&srv, 1, 0, 0, &f, &d, logline, 0, &r), -1);
  alloc_fail_reset();
  ck_assert_int_eq(clamd_scan(&srv, 1, 0, 0, &f, &d, logline, 0, &r), 0);
  ck_assert_int_eq(r.verdict, CLAMD_CLEAN);
  stralloc_free(&r.name);
  stralloc_free(&r.why);
  stralloc_free(&r.db);
}
END_TEST

/* ---- against the real clamd (tests/t-clamd-client.sh) ---- */

static struct clamd_server real[2];

static int have_real(int say)
{
  const char *sock = getenv("QSQ_CLAMD_SOCK");
  const char *port = getenv("QSQ_CLAMD_PORT");
  if (!sock || !port) {
    if (say) fprintf(stderr, "clamd suite: no real clamd (QSQ_CLAMD_SOCK, QSQ_CLAMD_PORT unset): case \"real\" skipped\n");
    return 0;
  }
  memset(real, 0, sizeof real);
  real[0].family = AF_UNIX;
  real[0].path = sock;
  real[0].text = sock;
  real[1].family = AF_INET;
  real[1].ip[0] = 127;
  real[1].ip[3] = 1;
  real[1].port = (unsigned int) atoi(port);
  real[1].text = "127.0.0.1";
  return 1;
}

static void real_scan(int which, const struct clamd_files *f)
{
  scan(&real[which], 1, 0, f, 10000);
}

START_TEST(test_real_clean)
{
  struct clamd_files f = files(3);
  int w;
  if (!have_real(1)) return;
  for (w = 0; w < 2; ++w) {
    real_scan(w, &f);
    ck_assert_msg(res.verdict == CLAMD_CLEAN, "server %d: %d %.*s", w, (int) res.verdict,
                  (int) res.why.len, res.why.s);
    ck_assert_uint_eq(res.replies, 5);   /* the samples detected, files OK */
  }
}
END_TEST

START_TEST(test_real_eicar)
{
  struct clamd_files f = files(3);
  char e[CLAMD_EICARLEN];
  int w;
  if (!have_real(0)) return;
  clamd_eicar(e);
  mkfile(1, e, sizeof e);
  for (w = 0; w < 2; ++w) {
    real_scan(w, &f);
    ck_assert_int_eq(res.verdict, CLAMD_VIRUS);
    ck_assert_uint_eq(res.name.len, 28);
    ck_assert(!memcmp(res.name.s, "Qscanq.Test.Eicar.UNOFFICIAL", 28));
  }
}
END_TEST

/* the control samples alone: the real clamd (AlertExceedsMax yes) finds
   both, both ways: EICAR, and the alert sample as a limit exceeded */
START_TEST(test_real_control)
{
  struct clamd_files f = files(0);
  struct timespec d = in_ms(10000);
  int w;
  int fd;
  if (!have_real(0)) return;
  for (w = 0; w < 2; ++w) {
    fd = clamd_connect(&real[w], &d);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(clamd_session(&ss, fd, w == 0, &f, &d), 1);
    ck_assert_int_eq(ss.controlfound, 1);
    ck_assert_int_eq(ss.alertfound, 1);
    ck_assert_uint_eq(ss.replies, 3);  /* VERSION and the two samples */
    /* the engine's version alone ("1.4.6"): the test database has no
       daily, so no daily version and no date */
    ck_assert_uint_gt(ss.db.len, 0);
    ck_assert_ptr_null(memchr(ss.db.s, '/', ss.db.len));
    ck_assert_int_eq(ss.eof, 1);
    close(fd);
  }
}
END_TEST

/* many files and a big one: replies out of order, the window, chunks */
START_TEST(test_real_many)
{
  struct clamd_files f = files(50);
  static char big[90000];
  int w;
  if (!have_real(0)) return;
  memset(big, 'x', sizeof big);
  mkfile(17, big, sizeof big);
  mkfile(3, "", 0);
  mkfile(4, big, CLAMD_CHUNK);
  for (w = 0; w < 2; ++w) {
    real_scan(w, &f);
    ck_assert_int_eq(res.verdict, CLAMD_CLEAN);
    ck_assert_uint_eq(res.replies, 52);
  }
}
END_TEST

/* MaxFileSize 100K: the limits verdict, never a virus; StreamMaxLength
   150K: over TCP the data past it is never clean */
START_TEST(test_real_limits)
{
  struct clamd_files f = files(2);
  static char big[200000];
  int w;
  if (!have_real(0)) return;
  memset(big, 'y', sizeof big);
  mkfile(1, big, 120000);
  for (w = 0; w < 2; ++w) {
    real_scan(w, &f);
    ck_assert_int_eq(res.verdict, CLAMD_LIMITS);
    ck_assert(!memcmp(res.name.s, "Heuristics.Limits.Exceeded.", 27));
  }
  mkfile(1, big, sizeof big);
  real_scan(0, &f);     /* by descriptor: not cut, over MaxFileSize */
  ck_assert_int_eq(res.verdict, CLAMD_LIMITS);
  real_scan(1, &f);     /* by stream: cut at StreamMaxLength, for good */
  ck_assert_int_eq(res.verdict, CLAMD_TOOBIG);
  ck_assert(res_why("INSTREAM size limit exceeded"));
}
END_TEST

Suite *clamd_suite(void)
{
  Suite *s = suite_create("clamd");
  TCase *t = tcase_create("parse");
  /* test_alert_bytes runs gzip 101 times: seconds on a loaded machine */
  tcase_set_timeout(t, 30);
  tcase_add_test(t, test_parse_ok);
  tcase_add_test(t, test_parse_found);
  tcase_add_test(t, test_parse_error);
  tcase_add_test(t, test_parse_pong);
  tcase_add_test(t, test_parse_version);
  tcase_add_test(t, test_dbtime);
  tcase_add_test(t, test_parse_bad);
  tcase_add_test(t, test_parse_nul);
  tcase_add_test(t, test_parse_long_name);
  tcase_add_test(t, test_sanitise);
  tcase_add_test(t, test_eicar);
  tcase_add_test(t, test_crc32);
  tcase_add_test(t, test_crc32_sliced);
  tcase_add_test(t, test_alert_bytes);
  suite_add_tcase(s, t);

  t = tcase_create("match");
  tcase_add_checked_fixture(t, 0, teardown_session);
  tcase_add_test(t, test_match_out_of_order);
  tcase_add_test(t, test_match_bytewise);
  tcase_add_test(t, test_match_ids);
  tcase_add_test(t, test_match_error);
  tcase_add_test(t, test_match_limits);
  tcase_add_test(t, test_match_control);
  tcase_add_test(t, test_match_long);
  suite_add_tcase(s, t);

  t = tcase_create("fake");
  tcase_add_checked_fixture(t, setup_fake, teardown_fake);
  tcase_set_timeout(t, 20);
  tcase_add_test(t, test_fake_clean);
  tcase_add_test(t, test_fake_dbage);
  tcase_add_test(t, test_fake_judge);
  tcase_add_test(t, test_fake_tcp6);
  tcase_add_test(t, test_fake_big);
  tcase_add_test(t, test_fake_stream_limit);
  tcase_add_test(t, test_fake_no_alert);
  tcase_add_test(t, test_alert_proven);
  tcase_add_test(t, test_alert_proven_pool);
  tcase_add_test(t, test_alert_proven_first);
  tcase_add_test(t, test_proof_check);
  tcase_add_test(t, test_pool_stream_limit);
  tcase_add_test(t, test_fake_found);
  tcase_add_test(t, test_fake_limits);
  tcase_add_test(t, test_fake_ok_all);
  tcase_add_test(t, test_fake_garbage);
  tcase_add_test(t, test_fake_error);
  tcase_add_test(t, test_fake_without_ids);
  tcase_add_test(t, test_fake_out_of_order);
  tcase_add_test(t, test_fake_window);
  tcase_add_test(t, test_fake_duplicate);
  tcase_add_test(t, test_fake_unknown_id);
  tcase_add_test(t, test_fake_missing_reply);
  tcase_add_test(t, test_fake_hang);
  tcase_add_test(t, test_fake_hung_probe);
  tcase_add_test(t, test_pool_hung_first);
  tcase_add_test(t, test_connect_backlog);
  tcase_add_test(t, test_fake_close);
  tcase_add_test(t, test_fake_hostile_name);
  tcase_add_test(t, test_pool_first_down);
  tcase_add_test(t, test_pool_all_down);
  tcase_add_test(t, test_pool_empty);
  tcase_add_test(t, test_pool_no_time);
  tcase_add_test(t, test_pool_share);
  tcase_add_test(t, test_pool_error_virus);
  tcase_add_test(t, test_pool_spread);
  tcase_add_test(t, test_prefd);
  tcase_add_test(t, test_prefail);
  tcase_add_test(t, test_early);
  tcase_add_test(t, test_early_first_fails);
  tcase_add_test(t, test_early_send);
  tcase_add_test(t, test_early_send_failover);
  tcase_add_test(t, test_early_send_failed);
  tcase_add_test(t, test_early_closed);
  tcase_add_test(t, test_early_free);
  tcase_add_test(t, test_early_slow_unpack);
  tcase_add_test(t, test_open_fails);
  tcase_add_test(t, test_nomem);
  suite_add_tcase(s, t);

  t = tcase_create("real");
  tcase_add_checked_fixture(t, setup_fake, teardown_fake);
  tcase_set_timeout(t, 30);
  tcase_add_test(t, test_real_clean);
  tcase_add_test(t, test_real_eicar);
  tcase_add_test(t, test_real_control);
  tcase_add_test(t, test_real_many);
  tcase_add_test(t, test_real_limits);
  suite_add_tcase(s, t);
  return s;
}

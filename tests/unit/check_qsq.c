/* qsq/, what the programs share: the working folder's ID (make, parse,
   its lengths), the installed paths by name, the sanitizers (qsq_safe,
   qsq_printc, qsq_printable, the scanner report's qsq_report), the log
   prefix, the fd 0-1-2 guard and the signal reset. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "qsq.h"
#include "qsq_die.h"
#include "qsq_id.h"
#include "qsq_path.h"
#include "qsq_prefix.h"
#include "qsq_proc.h"
#include "qsq_report.h"
#include "qsq_safe.h"
#include "stralloc.h"
#include "strerr.h"
#include "unit.h"

/* ---- the ID ---- */

/* a TAI64N label: seconds 0x400000005f5e1000, nanoseconds 0x12345678 */
static const char label[QSQ_IDPACK] = {
  0x40, 0, 0, 0, 0x5f, 0x5e, 0x10, 0x00, 0x12, 0x34, 0x56, 0x78
};

START_TEST(test_id_make)
{
  char id[QSQ_IDMAX];
  size_t len = qsq_id_make(id, label, 0x1a2bUL, 3);
  ck_assert_str_eq(id, "@400000005f5e100012345678.1a2b.3");
  ck_assert_uint_eq(len, strlen(id));
  len = qsq_id_make(id, label, 0, 0);
  ck_assert_str_eq(id, "@400000005f5e100012345678.0.0");
  ck_assert_uint_eq(len, 29);
}
END_TEST

/* the longest ID: pid and counter at their widest; it fits QSQ_IDMAX */
START_TEST(test_id_lengths)
{
  char id[QSQ_IDMAX + 8];
  uint64_t sec = 0;
  size_t len;
  memset(id, 'X', sizeof id);
  len = qsq_id_make(id, label, ULONG_MAX, ULONG_MAX);
  ck_assert_uint_eq(len, strlen(id));
  ck_assert_uint_lt(len, QSQ_IDMAX);
  /* @ + 24 + . + the pid in hex + . + the counter in decimal */
  ck_assert_uint_eq(len, 1 + 2 * QSQ_IDPACK + 1 + 2 * sizeof(unsigned long) + 1 + (sizeof(unsigned long) == 8 ? 20 : 10));
  ck_assert_int_eq(id[len + 1], 'X'); /* nothing written past the NUL */
  ck_assert_int_eq(qsq_id_parse(id, &sec), 1);
}
END_TEST

START_TEST(test_id_round_trip)
{
  static const unsigned long pids[] = { 0, 1, 0xf, 0x10, 0x7fffffffUL, ULONG_MAX };
  static const unsigned long counters[] = { 0, 1, 9, 10, 12345, ULONG_MAX };
  char id[QSQ_IDMAX];
  char l[QSQ_IDPACK];
  size_t i;
  size_t j;
  for (i = 0; i < sizeof pids / sizeof pids[0]; ++i)
    for (j = 0; j < sizeof counters / sizeof counters[0]; ++j) {
      uint64_t sec = 0;
      size_t k;
      for (k = 0; k < QSQ_IDPACK; ++k) l[k] = (char) (i * 37 + j * 11 + k * 19);
      qsq_id_make(id, l, pids[i], counters[j]);
      ck_assert_msg(qsq_id_parse(id, &sec) == 1, "%s not parsed", id);
      /* the seconds are the label's first 8 bytes, big-endian */
      for (k = 0; k < 8; ++k)
        ck_assert_uint_eq((sec >> (8 * (7 - k))) & 0xff, (unsigned char) l[k]);
    }
}
END_TEST

START_TEST(test_id_parse_seconds)
{
  uint64_t sec = 0;
  ck_assert_int_eq(qsq_id_parse("@400000005f5e100012345678.1a2b.3", &sec), 1);
  ck_assert(sec == 0x400000005f5e1000ULL);
  /* older versions wrote the counter in hex: still a working folder */
  ck_assert_int_eq(qsq_id_parse("@400000005f5e100012345678.1a2b.ff", &sec), 1);
  /* 16 hex digits of pid, 20 digits of counter: the widest accepted */
  ck_assert_int_eq(qsq_id_parse("@400000005f5e100012345678.ffffffffffffffff.18446744073709551615", &sec), 1);
}
END_TEST

START_TEST(test_id_parse_malformed)
{
  static const char *const bad[] = {
    "",
    "@",
    "400000005f5e100012345678.1a2b.3",       /* no @ */
    "#400000005f5e100012345678.1a2b.3",      /* another first byte */
    "@400000005f5e10001234567.1a2b.3",       /* 23 hex digits */
    "@400000005f5e1000123456789.1a2b.3",     /* 25 */
    "@400000005F5E100012345678.1a2b.3",      /* upper case */
    "@400000005g5e100012345678.1a2b.3",      /* not hex */
    "@400000005f5e100012345678",             /* no pid, no counter */
    "@400000005f5e100012345678.",
    "@400000005f5e100012345678.1a2b",        /* no counter */
    "@400000005f5e100012345678.1a2b.",       /* empty counter */
    "@400000005f5e100012345678..3",          /* empty pid */
    "@400000005f5e100012345678.1A2B.3",      /* upper-case pid */
    "@400000005f5e100012345678.1a2b.3.",     /* a fourth field */
    "@400000005f5e100012345678.1a2b.3.4",
    "@400000005f5e100012345678.1a2b.3x",     /* junk after the counter */
    "@400000005f5e100012345678.1a2b.3 ",
    "@400000005f5e100012345678.1a2b.3/",
    "@400000005f5e100012345678.1a2b-3",      /* another separator */
    "@400000005f5e100012345678.10000000000000000.3",       /* 17 hex digits of pid */
    "@400000005f5e100012345678.1a2b.184467440737095516150", /* 21 digits of counter */
    "@400000005f5e100012345678.1a2b.3\n",
    ".", "..", "verdict", "work",
  };
  size_t i;
  for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    uint64_t sec = 42;
    ck_assert_msg(qsq_id_parse(bad[i], &sec) == 0, "accepted \"%s\"", bad[i]);
    ck_assert_msg(sec == 42, "\"%s\" changed *sec", bad[i]);
  }
}
END_TEST

/* every ID with one byte changed to a byte that does not belong there */
START_TEST(test_id_parse_mutations)
{
  char id[QSQ_IDMAX];
  size_t len = qsq_id_make(id, label, 0x1a2bUL, 37);
  size_t i;
  for (i = 0; i < len; ++i) {
    static const char subst[] = "@.gG/ \001\377";
    size_t k;
    for (k = 0; k < sizeof subst - 1; ++k) {
      char m[QSQ_IDMAX];
      uint64_t sec;
      if (subst[k] == id[i]) continue;
      memcpy(m, id, len + 1);
      m[i] = subst[k];
      /* a dot in the pid or the counter makes four fields or an empty one */
      ck_assert_msg(qsq_id_parse(m, &sec) == 0, "accepted \"%s\"", m);
    }
  }
}
END_TEST

/* ---- the installed paths ---- */

START_TEST(test_paths)
{
  ck_assert_str_eq(QSQ_PATH_SPOOL, "/qscanq/spool");
  ck_assert_str_eq(QSQ_PATH_CONTROL, "/qscanq/cleanq/supervise/control");
  ck_assert_str_eq(QSQ_PATH_QSCANQ, "/bin/qscanq");
  ck_assert_str_eq(QSQ_PATH_STDIN, "/bin/qscanq-stdin");
  ck_assert_str_eq(QSQ_PATH_RUNCLEANQ, "/bin/run-cleanq");
  ck_assert_str_eq(QSQ_PATH_BINQUEUE, "/bin/qmail-queue");
  ck_assert_str_eq(QSQ_PATH_REALQUEUE, "/qscanq/qmail-queue");
  ck_assert_str_eq(QSQ_QUEUELINK, "../bin/qmail-queue");
  /* hier.c's relative names */
  ck_assert_str_eq(QSQ_SPOOL, "qscanq/spool");
  ck_assert_str_eq(QSQ_SUPERVISE, "qscanq/cleanq/supervise");
  ck_assert_str_eq(QSQ_CLEANQLOG, "qscanq/cleanq/log");
  ck_assert_str_eq(QSQ_BIN "/" QSQ_CLEANQPROG, "bin/cleanq");
}
END_TEST

START_TEST(test_hierpath)
{
  stralloc sa = STRALLOC_ZERO;
  ck_assert_int_eq(qsq_hierpath(&sa, "/var/qmail", "", 0), 1);
  ck_assert_str_eq(sa.s, "/var/qmail");
  ck_assert_int_eq(qsq_hierpath(&sa, "/var/qmail", QSQ_SPOOL, 0), 1);
  ck_assert_str_eq(sa.s, "/var/qmail/qscanq/spool");
  ck_assert_int_eq(qsq_hierpath(&sa, "/var/qmail", QSQ_SUPERVISE, QSQ_CONTROL), 1);
  ck_assert_str_eq(sa.s, "/var/qmail" QSQ_PATH_CONTROL);   /* as run-cleanq opens it */
  ck_assert_int_eq(qsq_hierpath(&sa, "/h", "", "x"), 1);
  ck_assert_str_eq(sa.s, "/h/x");
  ck_assert_uint_eq(sa.len, 5);                             /* the NUL counted */
  stralloc_free(&sa);
  alloc_fail_reset();
  alloc_fail_after = 0;
  ck_assert_int_eq(qsq_hierpath(&sa, "/h", "bin", "qscanq"), 0);
  alloc_fail_after = -1;
  stralloc_free(&sa);
}
END_TEST

/* the exit codes are qmail-queue's table (SPEC 6) and daemontools' */
START_TEST(test_exit_codes)
{
  ck_assert_int_eq(QSQ_EXIT_VIRUS, 31);
  ck_assert_int_eq(QSQ_EXIT_NOMEM, 51);
  ck_assert_int_eq(QSQ_EXIT_WRITE, 53);
  ck_assert_int_eq(QSQ_EXIT_READ, 54);
  ck_assert_int_eq(QSQ_EXIT_TEMP, 71);
  ck_assert_int_eq(QSQ_EXIT_BUG, 81);
  ck_assert_int_eq(QSQ_EXIT_REPLY, 82);
  ck_assert_int_eq(QSQ_EXIT_USAGE, 100);
  ck_assert_int_eq(QSQ_EXIT_FAIL, 111);
  ck_assert_int_eq(QSQ_REPLYFD, 6);
}
END_TEST

/* ---- the sanitizers ---- */

START_TEST(test_safe)
{
  char out[16];
  size_t len;
  memset(out, 'X', sizeof out);
  len = qsq_safe(out, 0, sizeof out, "ab\ncd", "abcd", 10);
  ck_assert_str_eq(out, "ab?cd");
  ck_assert_uint_eq(len, 5);
  len = qsq_safe(out, len, sizeof out, "zz", "z", 1);      /* max: one byte */
  ck_assert_str_eq(out, "ab?cdz");
  ck_assert_uint_eq(len, 6);
  len = qsq_safe(out, len, sizeof out, "", "", 5);          /* nothing */
  ck_assert_uint_eq(len, 6);
  ck_assert_str_eq(out, "ab?cdz");
  /* size: room for the NUL is kept, never more is written */
  memset(out, 'X', sizeof out);
  len = qsq_safe(out, 0, 8, "0123456789", "0123456789", 100);
  ck_assert_uint_eq(len, 7);
  ck_assert_str_eq(out, "0123456");
  ck_assert_int_eq(out[8], 'X');
  len = qsq_safe(out, len, 8, "9", "9", 1);                 /* full */
  ck_assert_uint_eq(len, 7);
  /* the NUL of the alphabet is no member: high bytes and \0 stop or turn */
  len = qsq_safe(out, 0, sizeof out, "\377a\001", "a", 10);
  ck_assert_str_eq(out, "?a?");
}
END_TEST

START_TEST(test_printc)
{
  int c;
  for (c = 0; c < 256; ++c) {
    char got = qsq_printc((char) c);
    if (c >= 32 && c < 127) ck_assert_int_eq(got, c);
    else ck_assert_int_eq(got, '?');
  }
}
END_TEST

START_TEST(test_printable)
{
  char out[8];
  size_t len;
  memset(out, 'X', sizeof out);
  len = qsq_printable(out, "a\0b\r\n\033", 6, 7);
  ck_assert_uint_eq(len, 6);
  ck_assert(!memcmp(out, "a?b???", 7));              /* NUL-terminated */
  len = qsq_printable(out, "0123456789", 10, 4);     /* cut at max */
  ck_assert_uint_eq(len, 4);
  ck_assert_str_eq(out, "0123");
  len = qsq_printable(out, "", 0, 4);
  ck_assert_uint_eq(len, 0);
  ck_assert_str_eq(out, "");
}
END_TEST

/* ---- the scanner report ---- */

static char lines[8][QSQ_LOGLINE + 8];
static size_t lens[8];
static int nlines;

static void take(void *ctx, const char *line, size_t len)
{
  ck_assert_ptr_eq(ctx, lines);
  ck_assert_uint_eq(strlen(line), len);
  ck_assert_uint_le(len, QSQ_LOGLINE);
  if (nlines < 8) {
    memcpy(lines[nlines], line, len + 1);
    lens[nlines] = len;
  }
  ++nlines;
}

static void report_reset(struct qsq_report *r)
{
  struct qsq_report z = QSQ_REPORT_ZERO(take, lines);
  *r = z;
  nlines = 0;
}

START_TEST(test_report_lines)
{
  static const char text[] = "/x/1: OK\n/x/2: Eicar FOUND\r\n\033[2Jbad\n";
  struct qsq_report r;
  size_t i;
  /* split at every byte: the same three lines */
  for (i = 0; i <= sizeof text - 1; ++i) {
    report_reset(&r);
    qsq_report_feed(&r, text, i);
    qsq_report_feed(&r, text + i, sizeof text - 1 - i);
    qsq_report_end(&r);
    ck_assert_int_eq(nlines, 3);
    ck_assert_str_eq(lines[0], "/x/1: OK");
    ck_assert_str_eq(lines[1], "/x/2: Eicar FOUND?");
    ck_assert_str_eq(lines[2], "?[2Jbad");
    ck_assert_int_eq(r.sawerror, 0);
  }
  /* a last line without a newline is relayed; an empty end is not */
  report_reset(&r);
  qsq_report_feed(&r, "a\nb", 3);
  ck_assert_int_eq(nlines, 1);
  qsq_report_end(&r);
  ck_assert_int_eq(nlines, 2);
  ck_assert_str_eq(lines[1], "b");
  qsq_report_end(&r);
  ck_assert_int_eq(nlines, 2);
  /* empty lines are lines */
  report_reset(&r);
  qsq_report_feed(&r, "\n\n", 2);
  qsq_report_end(&r);
  ck_assert_int_eq(nlines, 2);
  ck_assert_uint_eq(lens[0], 0);
}
END_TEST

START_TEST(test_report_long)
{
  static char big[3 * QSQ_LOGLINE];
  struct qsq_report r;
  memset(big, 'L', sizeof big);
  report_reset(&r);
  qsq_report_feed(&r, big, sizeof big);
  qsq_report_feed(&r, "\nnext\n", 6);
  ck_assert_int_eq(nlines, 2);
  ck_assert_uint_eq(lens[0], QSQ_LOGLINE);   /* cut; the rest dropped */
  ck_assert_str_eq(lines[1], "next");
  qsq_report_end(&r);                        /* the cut ended with its line */
  ck_assert_int_eq(nlines, 2);
  /* a line exactly QSQ_LOGLINE long, cut or not, then the end: one line */
  report_reset(&r);
  qsq_report_feed(&r, big, QSQ_LOGLINE);
  qsq_report_end(&r);
  ck_assert_int_eq(nlines, 1);
  report_reset(&r);
  qsq_report_feed(&r, big, QSQ_LOGLINE + 1);
  qsq_report_end(&r);
  ck_assert_int_eq(nlines, 1);
  ck_assert_uint_eq(lens[0], QSQ_LOGLINE);
}
END_TEST

START_TEST(test_report_error)
{
  static char big[QSQ_LOGLINE];
  struct qsq_report r;
  report_reset(&r);
  qsq_report_feed(&r, "LibClamAV Error: cli_scan", 25);
  ck_assert_int_eq(r.sawerror, 1);
  report_reset(&r);
  qsq_report_feed(&r, "x: ERR", 6);
  qsq_report_feed(&r, "OR\n", 3);             /* split across reads */
  ck_assert_int_eq(r.sawerror, 1);
  report_reset(&r);
  qsq_report_feed(&r, "ERR\nOR error eRROR\n", 19); /* not across lines, not lower case */
  ck_assert_int_eq(r.sawerror, 0);
  /* past the cut nothing is looked at */
  memset(big, 'L', sizeof big);
  report_reset(&r);
  qsq_report_feed(&r, big, sizeof big);
  qsq_report_feed(&r, "ERROR\n", 6);
  ck_assert_int_eq(r.sawerror, 0);
  ck_assert_int_eq(nlines, 1);
}
END_TEST

/* ---- the log prefix ---- */

START_TEST(test_prefix)
{
  char p[QSQ_PREFIX];
  size_t len;
  len = qsq_prefix(p, "@400000005f5e100012345678.1a2b.3", 1001, 0);
  ck_assert_str_eq(p, "qscanq: @400000005f5e100012345678.1a2b.3 uid 1001: ");
  ck_assert_uint_eq(len, strlen(p));
  qsq_prefix(p, 0, 0, 0);                          /* qscanq before its folder */
  ck_assert_str_eq(p, "qscanq: uid 0: ");
  qsq_prefix(p, "@ab.1.2", 7, "2001:db8::1");
  ck_assert_str_eq(p, "qscanq: @ab.1.2 uid 7 ip 2001:db8::1: ");
  qsq_prefix(p, "@ab.1.2", 7, "192.0.2.1");
  ck_assert_str_eq(p, "qscanq: @ab.1.2 uid 7 ip 192.0.2.1: ");
  /* qscanq-stdin run by hand with no ID, or an empty one */
  qsq_prefix(p, "?", 5, 0);
  ck_assert_str_eq(p, "qscanq: ? uid 5: ");
  qsq_prefix(p, "", 5, 0);
  ck_assert_str_eq(p, "qscanq:  uid 5: ");
}
END_TEST

START_TEST(test_prefix_hostile)
{
  char p[QSQ_PREFIX];
  char big[300];
  char uid[32];
  size_t len;
  qsq_prefix(p, "@x\nqscanq: fake", 1, "1.2.3.4\n5 uid 0: forged");
  ck_assert_str_eq(p, "qscanq: @????ca????fa?e uid 1 ip 1.2.3.4?5???d?0:?f???ed: ");
  ck_assert_ptr_null(strchr(p, '\n'));
  /* ID and IP are cut at 64 bytes each; the longest prefix fits */
  memset(big, 'a', sizeof big - 1);
  big[sizeof big - 1] = 0;
  len = qsq_prefix(p, big, ULONG_MAX, big);
  ck_assert_uint_eq(len, strlen(p));
  ck_assert_uint_lt(len, QSQ_PREFIX);
  snprintf(uid, sizeof uid, "%lu", ULONG_MAX);
  ck_assert_uint_eq(len, 8 + 64 + 1 + 4 + strlen(uid) + 4 + 64 + 2);
}
END_TEST

/* ---- the fd guard and the signal reset (in children: they change the
   process for good) ---- */

static int accmode(int fd)
{
  int f = fcntl(fd, F_GETFL);
  return f == -1 ? -1 : (f & O_ACCMODE);
}

static void fds_closed(void)
{
  close(0);
  close(1);
  close(2);
  CHILD_CHECK(qsq_fds() == 0);
  CHILD_CHECK(accmode(0) == O_WRONLY);  /* a message that reads as closed */
  CHILD_CHECK(accmode(1) == O_RDONLY);
  CHILD_CHECK(accmode(2) == O_RDONLY);
  _exit(0);
}

static void fds_one_closed(void)
{
  int null = open("/dev/null", O_RDWR);
  int probe;
  int high;
  CHILD_CHECK(null > 2);
  CHILD_CHECK(dup2(null, 0) == 0 && dup2(null, 2) == 2);
  probe = open("/dev/null", O_RDONLY); /* the lowest free fd above 2 */
  CHILD_CHECK(probe > 2);
  close(probe);
  close(1);
  CHILD_CHECK(qsq_fds() == 0);
  CHILD_CHECK(accmode(0) == O_RDWR);   /* open ones are left alone */
  CHILD_CHECK(accmode(1) == O_RDONLY);
  CHILD_CHECK(accmode(2) == O_RDWR);
  high = open("/dev/null", O_RDONLY);  /* nothing else was opened */
  CHILD_CHECK(high == probe);
  _exit(0);
}

static void fds_open_already(void)
{
  int a = open("/dev/null", O_RDONLY);
  int b;
  CHILD_CHECK(a != -1);
  close(a);
  CHILD_CHECK(qsq_fds() == 0);
  b = open("/dev/null", O_RDONLY);
  CHILD_CHECK(b == a);                 /* no fd leaked */
  _exit(0);
}

START_TEST(test_fds)
{
  ck_assert_child_ok(fds_closed);
  ck_assert_child_ok(fds_one_closed);
  ck_assert_child_ok(fds_open_already);
}
END_TEST

static void handler(int sig) { (void) sig; }

static void sig_reset_child(void)
{
  struct sigaction sa;
  sigset_t set;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  CHILD_CHECK(sigaction(SIGALRM, &sa, 0) == 0);
  sa.sa_handler = SIG_IGN;
  CHILD_CHECK(sigaction(SIGPIPE, &sa, 0) == 0);
  CHILD_CHECK(sigaction(SIGXFSZ, &sa, 0) == 0);
  sigemptyset(&set);
  sigaddset(&set, SIGALRM);
  sigaddset(&set, SIGTERM);
  CHILD_CHECK(sigprocmask(SIG_BLOCK, &set, 0) == 0);
  alarm(100);
  CHILD_CHECK(qsq_sig_reset() == 0);
  CHILD_CHECK(alarm(0) == 0);          /* the alarm was cancelled */
  CHILD_CHECK(sigaction(SIGALRM, 0, &sa) == 0 && sa.sa_handler == SIG_DFL);
  CHILD_CHECK(sigaction(SIGPIPE, 0, &sa) == 0 && sa.sa_handler == SIG_DFL);
  CHILD_CHECK(sigaction(SIGXFSZ, 0, &sa) == 0 && sa.sa_handler == SIG_DFL);
  CHILD_CHECK(sigprocmask(SIG_BLOCK, 0, &set) == 0);
  CHILD_CHECK(!sigismember(&set, SIGALRM) && !sigismember(&set, SIGTERM));
  _exit(0);
}

START_TEST(test_sig_reset)
{
  ck_assert_child_ok(sig_reset_child);
}
END_TEST

/* ---- the one way to give up on a message ---- */

/* runs qsq_die(code, ...) in a child with fd 2 on a pipe: its status and
   what it wrote */
static int die_in_child(int decided, int code, const char *a, const char *b,
                        const char *c, int sys, char *out, size_t max)
{
  int pi[2];
  pid_t pid;
  int w = -1;
  size_t n;
  ck_assert_int_eq(pipe(pi), 0);
  pid = fork();
  ck_assert_int_ne(pid, -1);
  if (pid == 0) {
    close(pi[0]);
    if (dup2(pi[1], 2) != 2) _exit(99);
    errno = ENOENT;
    if (decided == code) qsq_die(code, "qscanq: @ab.1.2 uid 7: ", a, b, c, sys ? &strerr_sys : 0);
    qsq_dietold(decided, code, "qscanq: @ab.1.2 uid 7: ", a, b, c, sys ? &strerr_sys : 0);
  }
  close(pi[1]);
  n = read_all(pi[0], out, max - 1);
  out[n] = 0;
  close(pi[0]);
  ck_assert_int_eq(waitpid(pid, &w, 0), pid);
  return w;
}

START_TEST(test_die)
{
  char out[512];
  int w;
  w = die_in_child(QSQ_EXIT_TEMP, QSQ_EXIT_TEMP, "unable to switch to ", "x", "/work: ", 0, out, sizeof out);
  ck_assert(WIFEXITED(w) && WEXITSTATUS(w) == QSQ_EXIT_TEMP);
  ck_assert_str_eq(out, "qscanq: @ab.1.2 uid 7: deferred (71): unable to switch to x/work: \n");
  w = die_in_child(QSQ_EXIT_VIRUS, QSQ_EXIT_VIRUS, "virus found: ", "Eicar", 0, 0, out, sizeof out);
  ck_assert(WIFEXITED(w) && WEXITSTATUS(w) == QSQ_EXIT_VIRUS);
  ck_assert_str_eq(out, "qscanq: @ab.1.2 uid 7: refused (31): virus found: Eicar\n");
  w = die_in_child(QSQ_EXIT_REPLY, QSQ_EXIT_REPLY, "x", 0, 0, 0, out, sizeof out);
  ck_assert(WIFEXITED(w) && WEXITSTATUS(w) == QSQ_EXIT_REPLY);
  ck_assert_str_eq(out, "qscanq: @ab.1.2 uid 7: deferred (82): x\n");
  /* told 82, the reason on fd 6: the word is still the decided code's */
  w = die_in_child(QSQ_EXIT_VIRUS, QSQ_EXIT_REPLY, "virus found: ", "Eicar", 0, 0, out, sizeof out);
  ck_assert(WIFEXITED(w) && WEXITSTATUS(w) == QSQ_EXIT_REPLY);
  ck_assert_str_eq(out, "qscanq: @ab.1.2 uid 7: refused (82): virus found: Eicar\n");
  w = die_in_child(QSQ_EXIT_TEMP, QSQ_EXIT_REPLY, "x", 0, 0, 0, out, sizeof out);
  ck_assert(WIFEXITED(w) && WEXITSTATUS(w) == QSQ_EXIT_REPLY);
  ck_assert_str_eq(out, "qscanq: @ab.1.2 uid 7: deferred (82): x\n");
  /* with the system's error: one line, after the text */
  w = die_in_child(QSQ_EXIT_READ, QSQ_EXIT_READ, "unable to read the message: ", 0, 0, 1, out, sizeof out);
  ck_assert(WIFEXITED(w) && WEXITSTATUS(w) == QSQ_EXIT_READ);
  ck_assert(!strncmp(out, "qscanq: @ab.1.2 uid 7: deferred (54): unable to read the message: ", 66));
  ck_assert_uint_gt(strlen(out), 67);
  ck_assert_ptr_eq(strchr(out, '\n'), out + strlen(out) - 1);
}
END_TEST

/* the word follows from the code: qmail-queue's 11 to 40 refuse for good */
START_TEST(test_word)
{
  static const int refused[] = { QSQ_EXIT_PERM, QSQ_EXIT_VIRUS, QSQ_EXIT_PERMLAST };
  static const int deferred[] = { 0, QSQ_EXIT_PERM - 1, QSQ_EXIT_PERMLAST + 1, QSQ_EXIT_NOMEM,
                                  QSQ_EXIT_WRITE, QSQ_EXIT_READ, QSQ_EXIT_TEMP, QSQ_EXIT_BUG,
                                  QSQ_EXIT_REPLY, -1 };
  size_t i;
  ck_assert_int_eq(QSQ_EXIT_PERM, 11);
  ck_assert_int_eq(QSQ_EXIT_PERMLAST, 40);
  for (i = 0; i < sizeof refused / sizeof refused[0]; ++i) ck_assert_str_eq(qsq_word(refused[i]), "refused");
  for (i = 0; i < sizeof deferred / sizeof deferred[0]; ++i) ck_assert_str_eq(qsq_word(deferred[i]), "deferred");
}
END_TEST

Suite *qsq_suite(void)
{
  Suite *s = suite_create("qsq");
  TCase *t = tcase_create("id");
  tcase_add_test(t, test_id_make);
  tcase_add_test(t, test_id_lengths);
  tcase_add_test(t, test_id_round_trip);
  tcase_add_test(t, test_id_parse_seconds);
  tcase_add_test(t, test_id_parse_malformed);
  tcase_add_test(t, test_id_parse_mutations);
  suite_add_tcase(s, t);
  t = tcase_create("names");
  tcase_add_test(t, test_paths);
  tcase_add_test(t, test_hierpath);
  tcase_add_test(t, test_exit_codes);
  suite_add_tcase(s, t);
  t = tcase_create("sanitizers");
  tcase_add_test(t, test_safe);
  tcase_add_test(t, test_printc);
  tcase_add_test(t, test_printable);
  tcase_add_test(t, test_report_lines);
  tcase_add_test(t, test_report_long);
  tcase_add_test(t, test_report_error);
  tcase_add_test(t, test_prefix);
  tcase_add_test(t, test_prefix_hostile);
  suite_add_tcase(s, t);
  t = tcase_create("process");
  tcase_add_test(t, test_die);
  tcase_add_test(t, test_word);
  tcase_add_test(t, test_fds);
  tcase_add_test(t, test_sig_reset);
  suite_add_tcase(s, t);
  return s;
}

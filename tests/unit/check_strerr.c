#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "error.h"
#include "strerr.h"
#include "subfd.h"
#include "unit.h"

/* fd 2 of the child is one end of a SOCK_SEQPACKET pair, so every
   write(2) arrives as one record: the tests see how many writes a
   message took, not only its bytes. fd 1 is another such socket, which
   must stay silent. */

#define MAXREC 16

struct capture {
  int status;
  int nrec;
  size_t len[MAXREC];
  char rec[MAXREC][1024];
  size_t outlen;          /* bytes that reached fd 1 */
  char all[4096];         /* every record of fd 2, concatenated */
  size_t alllen;
};

static struct capture cap;

static void capture(void (*fn)(void))
{
  int err[2];
  int out[2];
  pid_t pid;
  char junk[64];
  memset(&cap, 0, sizeof cap);
  ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, err), 0);
  ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, out), 0);
  pid = fork();
  ck_assert_int_ne(pid, -1);
  if (pid == 0) {
    close(err[0]);
    close(out[0]);
    if (dup2(err[1], 2) == -1 || dup2(out[1], 1) == -1) _exit(99);
    close(err[1]);
    close(out[1]);
    fn();
    _exit(0);
  }
  close(err[1]);
  close(out[1]);
  for (;;) {
    char buf[2048];
    ssize_t r = recv(err[0], buf, sizeof buf, 0);
    if (r == -1 && errno == EINTR) continue;
    if (r <= 0) break;
    ck_assert_int_lt(cap.nrec, MAXREC);
    ck_assert_int_le(r, 1024);
    memcpy(cap.rec[cap.nrec], buf, (size_t) r);
    cap.len[cap.nrec++] = (size_t) r;
    ck_assert_uint_le(cap.alllen + (size_t) r, sizeof cap.all);
    memcpy(cap.all + cap.alllen, buf, (size_t) r);
    cap.alllen += (size_t) r;
  }
  for (;;) {
    ssize_t r = recv(out[0], junk, sizeof junk, 0);
    if (r == -1 && errno == EINTR) continue;
    if (r <= 0) break;
    cap.outlen += (size_t) r;
  }
  close(err[0]);
  close(out[0]);
  ck_assert_int_eq(waitpid(pid, &cap.status, 0), pid);
}

/* Exactly one write of exactly s, nothing on fd 1, normal exit 0. */
static void ck_one_record(const char *s)
{
  ck_assert_int_eq(cap.nrec, 1);
  ck_assert_uint_eq(cap.len[0], strlen(s));
  ck_assert_mem_eq(cap.rec[0], s, strlen(s));
  ck_assert_uint_eq(cap.outlen, 0);
}

static void warn_plain(void) { strerr_warn2("prog: ", "warning: something odd", 0); }

START_TEST(test_strerr_warn_plain)
{
  capture(warn_plain);
  ck_assert_int_eq(cap.status, 0);
  ck_one_record("prog: warning: something odd\n");
}
END_TEST

static void warn_six(void) { strerr_warn("a", "b", "c", "d", "e", "f", 0); }

START_TEST(test_strerr_warn_six)
{
  capture(warn_six);
  ck_one_record("abcdef\n");
}
END_TEST

/* Null parts are skipped, wherever they are. */
static void warn_gaps(void) { strerr_warn("x", 0, "y", 0, 0, "z", 0); }

START_TEST(test_strerr_warn_gaps)
{
  capture(warn_gaps);
  ck_one_record("xyz\n");
}
END_TEST

static void warn_none(void) { strerr_warn(0, 0, 0, 0, 0, 0, 0); }

START_TEST(test_strerr_warn_empty)
{
  capture(warn_none);
  ck_one_record("\n");
}
END_TEST

static void warn_sys(void)
{
  errno = ENOENT;
  strerr_warn("qscanq: ", "unable to open ", "msg", ": ", 0, 0, &strerr_sys);
}

START_TEST(test_strerr_warn_sys)
{
  char want[256];
  strcpy(want, "qscanq: unable to open msg: ");
  strcat(want, error_str(ENOENT));
  strcat(want, "\n");
  capture(warn_sys);
  ck_assert_int_eq(cap.status, 0);
  ck_one_record(want);
}
END_TEST

static void warn_chain(void)
{
  static struct strerr inner;
  static struct strerr outer;
  inner.who = 0;
  inner.x = "inner";
  inner.y = "-";
  inner.z = "end";
  outer.who = &inner;
  outer.x = "outer: ";
  outer.y = 0;
  outer.z = 0;
  strerr_warn1("msg: ", &outer);
}

START_TEST(test_strerr_warn_chain)
{
  capture(warn_chain);
  ck_one_record("msg: outer: inner-end\n");
}
END_TEST

/* strerr_sys can sit at the end of a chain too; errno is read when
   strerr_warn is called with &strerr_sys, so set it up by hand here. */
static void warn_chain_sys(void)
{
  static struct strerr first;
  errno = EACCES;
  strerr_sysinit();
  first.who = &strerr_sys;
  first.x = "cannot write: ";
  first.y = 0;
  first.z = 0;
  errno = 0;   /* must not matter any more */
  strerr_warn2("prog: ", "fatal: ", &first);
}

START_TEST(test_strerr_warn_chain_sys)
{
  char want[256];
  strcpy(want, "prog: fatal: cannot write: ");
  strcat(want, error_str(EACCES));
  strcat(want, "\n");
  capture(warn_chain_sys);
  ck_one_record(want);
}
END_TEST

START_TEST(test_strerr_sysinit)
{
  errno = ENOSPC;
  strerr_sysinit();
  errno = 0;
  ck_assert_ptr_null(strerr_sys.who);
  ck_assert_str_eq(strerr_sys.x, error_str(ENOSPC));
  ck_assert_str_eq(strerr_sys.y, "");
  ck_assert_str_eq(strerr_sys.z, "");
}
END_TEST

/* Output already pending in subfderr goes out first, on its own. */
static void warn_after_pending(void)
{
  substdio_puts(subfderr, "pending ");
  strerr_warn1("message", 0);
}

START_TEST(test_strerr_warn_flushes_pending)
{
  capture(warn_after_pending);
  ck_assert_int_eq(cap.nrec, 2);
  ck_assert_uint_eq(cap.len[0], 8);
  ck_assert_mem_eq(cap.rec[0], "pending ", 8);
  ck_assert_uint_eq(cap.len[1], 8);
  ck_assert_mem_eq(cap.rec[1], "message\n", 8);
}
END_TEST

/* Longer than subfderr's buffer: every byte arrives, in order. */
static char longmsg[1001];
static void warn_long(void)
{
  strerr_warn3("long: ", longmsg, " done", 0);
}

START_TEST(test_strerr_warn_long)
{
  size_t i;
  for (i = 0; i < 1000; ++i) longmsg[i] = (char) ('a' + i % 26);
  longmsg[1000] = 0;
  capture(warn_long);
  ck_assert_int_eq(cap.status, 0);
  ck_assert_uint_eq(cap.alllen, 6 + 1000 + 5 + 1);
  ck_assert_mem_eq(cap.all, "long: ", 6);
  ck_assert_mem_eq(cap.all + 6, longmsg, 1000);
  ck_assert_mem_eq(cap.all + 1006, " done\n", 6);
  ck_assert_uint_eq(cap.outlen, 0);
}
END_TEST

/* Two warnings: two writes, nothing left behind in between. */
static void warn_twice(void)
{
  strerr_warn1("one", 0);
  strerr_warn1("two", 0);
}

START_TEST(test_strerr_warn_twice)
{
  capture(warn_twice);
  ck_assert_int_eq(cap.nrec, 2);
  ck_assert_mem_eq(cap.rec[0], "one\n", 4);
  ck_assert_mem_eq(cap.rec[1], "two\n", 4);
}
END_TEST

static void die_x(void)
{
  strerr_die2x(111, "prog: ", "fatal: out of memory");
}

START_TEST(test_strerr_die_x)
{
  capture(die_x);
  ck_assert(WIFEXITED(cap.status));
  ck_assert_int_eq(WEXITSTATUS(cap.status), 111);
  ck_one_record("prog: fatal: out of memory\n");
}
END_TEST

static void die_sys(void)
{
  errno = ENOSPC;
  strerr_die4sys(53, "qscanq-stdin: ", "fatal: ", "unable to write msg", ": ");
}

START_TEST(test_strerr_die_sys)
{
  char want[256];
  strcpy(want, "qscanq-stdin: fatal: unable to write msg: ");
  strcat(want, error_str(ENOSPC));
  strcat(want, "\n");
  capture(die_sys);
  ck_assert(WIFEXITED(cap.status));
  ck_assert_int_eq(WEXITSTATUS(cap.status), 53);
  ck_one_record(want);
}
END_TEST

/* strerr_die exits at once, without running atexit handlers. */
static void atexit_marker(void)
{
  ssize_t w = write(1, "atexit ran", 10);
  (void) w;
}

static void die_skips_atexit(void)
{
  atexit(atexit_marker);
  strerr_die1x(0, "bye");
}

START_TEST(test_strerr_die_exit_now)
{
  capture(die_skips_atexit);
  ck_assert(WIFEXITED(cap.status));
  ck_assert_int_eq(WEXITSTATUS(cap.status), 0);
  ck_one_record("bye\n");
}
END_TEST

/* The macros pass their arguments in order. */
static void die_macros(void)
{
  strerr_die3x(7, "1", "2", "3");
}

START_TEST(test_strerr_die_macros)
{
  capture(die_macros);
  ck_assert_int_eq(WEXITSTATUS(cap.status), 7);
  ck_one_record("123\n");
}
END_TEST

Suite *strerr_suite(void)
{
  Suite *s = suite_create("strerr");
  TCase *tc = tcase_create("strerr");
  tcase_add_test(tc, test_strerr_warn_plain);
  tcase_add_test(tc, test_strerr_warn_six);
  tcase_add_test(tc, test_strerr_warn_gaps);
  tcase_add_test(tc, test_strerr_warn_empty);
  tcase_add_test(tc, test_strerr_warn_sys);
  tcase_add_test(tc, test_strerr_warn_chain);
  tcase_add_test(tc, test_strerr_warn_chain_sys);
  tcase_add_test(tc, test_strerr_sysinit);
  tcase_add_test(tc, test_strerr_warn_flushes_pending);
  tcase_add_test(tc, test_strerr_warn_long);
  tcase_add_test(tc, test_strerr_warn_twice);
  tcase_add_test(tc, test_strerr_die_x);
  tcase_add_test(tc, test_strerr_die_sys);
  tcase_add_test(tc, test_strerr_die_exit_now);
  tcase_add_test(tc, test_strerr_die_macros);
  suite_add_tcase(s, tc);
  return s;
}

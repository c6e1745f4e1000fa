#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>
#include "sig.h"
#include "wait.h"
#include "unit.h"

static pid_t child_exiting(int code, long delay_ms)
{
  pid_t pid = fork();
  ck_assert_int_ne(pid, -1);
  if (pid == 0) {
    if (delay_ms) sleep_ms(delay_ms);
    _exit(code);
  }
  return pid;
}

START_TEST(test_wait_pid_exit_codes)
{
  static const int codes[] = { 0, 1, 31, 42, 100, 111, 255 };
  size_t i;
  for (i = 0; i < sizeof codes / sizeof codes[0]; ++i) {
    int w = -1;
    pid_t pid = child_exiting(codes[i], 0);
    ck_assert_int_eq(wait_pid(&w, pid), pid);
    ck_assert_msg(!wait_crashed(w), "exit %d seen as a crash", codes[i]);
    ck_assert_int_eq(wait_exitcode(w), codes[i]);
  }
}
END_TEST

/* Exit codes above 255 are taken modulo 256 by the kernel. */
START_TEST(test_wait_pid_exit_256)
{
  int w = -1;
  pid_t pid = child_exiting(256 + 7, 0);
  ck_assert_int_eq(wait_pid(&w, pid), pid);
  ck_assert_int_eq(wait_exitcode(w), 7);
}
END_TEST

START_TEST(test_wait_pid_crash)
{
  static const int sigs[] = { SIGKILL, SIGTERM, SIGSEGV, SIGABRT };
  size_t i;
  for (i = 0; i < sizeof sigs / sizeof sigs[0]; ++i) {
    int w = -1;
    pid_t pid = fork();
    ck_assert_int_ne(pid, -1);
    if (pid == 0) {
      struct rlimit rl;
      rl.rlim_cur = rl.rlim_max = 0;              /* no core file */
      setrlimit(RLIMIT_CORE, &rl);
      signal(sigs[i], SIG_DFL);
      kill(getpid(), sigs[i]);
      _exit(0);
    }
    ck_assert_int_eq(wait_pid(&w, pid), pid);
    ck_assert_msg(wait_crashed(w), "signal %d not seen as a crash", sigs[i]);
    ck_assert_int_eq(wait_termsig(w), sigs[i]);
  }
}
END_TEST

/* Waits for the right child, not just any. */
START_TEST(test_wait_pid_specific)
{
  int w = -1;
  pid_t slow = child_exiting(2, 200);
  pid_t fast = child_exiting(3, 0);
  ck_assert_int_eq(wait_pid(&w, slow), slow);
  ck_assert_int_eq(wait_exitcode(w), 2);
  ck_assert_int_eq(wait_pid(&w, fast), fast);
  ck_assert_int_eq(wait_exitcode(w), 3);
}
END_TEST

START_TEST(test_wait_pid_no_child)
{
  int w = -1;
  errno = 0;
  ck_assert_int_eq(wait_pid(&w, getpid()), -1);
  ck_assert_int_eq(errno, ECHILD);
  errno = 0;
  ck_assert_int_eq(wait_pid(&w, -1), -1);          /* none at all */
  ck_assert_int_eq(errno, ECHILD);
}
END_TEST

/* wait_pid goes on waiting through signals. */
static volatile sig_atomic_t alarms;
static void on_alarm(int sig) { (void) sig; ++alarms; }

START_TEST(test_wait_pid_eintr)
{
  struct itimerval it;
  int w = -1;
  pid_t pid;
  alarms = 0;
  ck_assert_int_eq(sig_catch(SIGALRM, on_alarm), 0);
  pid = child_exiting(9, 300);
  memset(&it, 0, sizeof it);
  it.it_value.tv_usec = 40000;
  it.it_interval.tv_usec = 40000;
  ck_assert_int_eq(setitimer(ITIMER_REAL, &it, 0), 0);
  ck_assert_int_eq(wait_pid(&w, pid), pid);
  memset(&it, 0, sizeof it);
  setitimer(ITIMER_REAL, &it, 0);
  ck_assert_int_ge(alarms, 2);
  ck_assert_int_eq(wait_exitcode(w), 9);
  sig_default(SIGALRM);
}
END_TEST

START_TEST(test_wait_nohang)
{
  int w = -1;
  pid_t pid;
  pid_t r = 0;
  int tries;
  int pi[2];
  errno = 0;
  ck_assert_int_eq(wait_nohang(&w), -1);           /* no children */
  ck_assert_int_eq(errno, ECHILD);
  ck_assert_int_eq(pipe(pi), 0);
  pid = fork();
  ck_assert_int_ne(pid, -1);
  if (pid == 0) {                                  /* runs until told */
    char c;
    close(pi[1]);
    _exit(read(pi[0], &c, 1) == 0 ? 5 : 6);
  }
  close(pi[0]);
  ck_assert_int_eq(wait_nohang(&w), 0);            /* running: 0 at once */
  sleep_ms(50);
  ck_assert_int_eq(wait_nohang(&w), 0);
  close(pi[1]);                                    /* now let it exit */
  for (tries = 0; tries < 500; ++tries) {
    r = wait_nohang(&w);
    if (r) break;
    sleep_ms(10);
  }
  ck_assert_int_eq(r, pid);
  ck_assert(!wait_crashed(w));
  ck_assert_int_eq(wait_exitcode(w), 5);
  errno = 0;
  ck_assert_int_eq(wait_nohang(&w), -1);           /* reaped */
  ck_assert_int_eq(errno, ECHILD);
}
END_TEST

START_TEST(test_wait_nohang_crash)
{
  int w = -1;
  pid_t r = 0;
  int tries;
  pid_t pid = fork();
  ck_assert_int_ne(pid, -1);
  if (pid == 0) {
    signal(SIGKILL, SIG_DFL);
    kill(getpid(), SIGKILL);
    _exit(0);
  }
  for (tries = 0; tries < 500; ++tries) {
    r = wait_nohang(&w);
    if (r) break;
    sleep_ms(10);
  }
  ck_assert_int_eq(r, pid);
  ck_assert(wait_crashed(w));
  ck_assert_int_eq(wait_termsig(w), SIGKILL);
}
END_TEST

Suite *wait_suite(void)
{
  Suite *s = suite_create("wait");
  TCase *tc = tcase_create("wait");
  tcase_add_test(tc, test_wait_pid_exit_codes);
  tcase_add_test(tc, test_wait_pid_exit_256);
  tcase_add_test(tc, test_wait_pid_crash);
  tcase_add_test(tc, test_wait_pid_specific);
  tcase_add_test(tc, test_wait_pid_no_child);
  tcase_add_test(tc, test_wait_pid_eintr);
  tcase_add_test(tc, test_wait_nohang);
  tcase_add_test(tc, test_wait_nohang_crash);
  suite_add_tcase(s, tc);
  return s;
}

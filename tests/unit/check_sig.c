#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include "sig.h"
#include "unit.h"

static volatile sig_atomic_t caught;
static volatile sig_atomic_t caught_count;
static void handler(int sig) { caught = sig; ++caught_count; }

/* Tests run in forked children, but also leave things clean for
   CK_FORK=no. */
static void setup(void)
{
  sigset_t ss;
  sigemptyset(&ss);
  sigprocmask(SIG_SETMASK, &ss, 0);
  caught = 0;
  caught_count = 0;
}

static void teardown(void)
{
  sigset_t ss;
  sigemptyset(&ss);
  sigprocmask(SIG_SETMASK, &ss, 0);
  signal(SIGUSR1, SIG_DFL);
  signal(SIGUSR2, SIG_DFL);
  signal(SIGALRM, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
}

static int blocked(int sig)
{
  sigset_t ss;
  ck_assert_int_eq(sigprocmask(SIG_SETMASK, 0, &ss), 0);
  return sigismember(&ss, sig);
}

static int is_pending(int sig)
{
  sigset_t ss;
  ck_assert_int_eq(sigpending(&ss), 0);
  return sigismember(&ss, sig);
}

START_TEST(test_sig_catch)
{
  struct sigaction sa;
  ck_assert_int_eq(sig_catch(SIGUSR1, handler), 0);
  ck_assert_int_eq(sigaction(SIGUSR1, 0, &sa), 0);
  ck_assert(sa.sa_handler == handler);
  ck_assert_int_eq(sa.sa_flags & SA_RESTART, 0);   /* EINTR wanted */
  ck_assert_int_eq(sa.sa_flags & SA_RESETHAND, 0); /* stays installed */
  ck_assert_int_eq(raise(SIGUSR1), 0);
  ck_assert_int_eq(caught, SIGUSR1);
  ck_assert_int_eq(raise(SIGUSR1), 0);
  ck_assert_int_eq(caught_count, 2);
}
END_TEST

START_TEST(test_sig_catch_invalid)
{
  errno = 0;
  ck_assert_int_eq(sig_catch(SIGKILL, handler), -1);
  ck_assert_int_eq(errno, EINVAL);
  errno = 0;
  ck_assert_int_eq(sig_catch(0, handler), -1);
  ck_assert_int_eq(errno, EINVAL);
  errno = 0;
  ck_assert_int_eq(sig_catch(100000, handler), -1);
  ck_assert_int_eq(errno, EINVAL);
  errno = 0;
  ck_assert_int_eq(sig_default(SIGSTOP), -1);
  ck_assert_int_eq(errno, EINVAL);
  errno = 0;
  ck_assert_int_eq(sig_ignore(SIGKILL), -1);
  ck_assert_int_eq(errno, EINVAL);
}
END_TEST

/* No SA_RESTART: a blocking read is interrupted with EINTR. */
START_TEST(test_sig_catch_interrupts)
{
  int pi[2];
  char c;
  struct itimerval it;
  ssize_t r;
  ck_assert_int_eq(pipe(pi), 0);
  ck_assert_int_eq(sig_catch(SIGALRM, handler), 0);
  memset(&it, 0, sizeof it);
  it.it_value.tv_usec = 20000;
  ck_assert_int_eq(setitimer(ITIMER_REAL, &it, 0), 0);
  errno = 0;
  r = read(pi[0], &c, 1);                          /* no writer data: blocks */
  ck_assert_int_eq(r, -1);
  ck_assert_int_eq(errno, EINTR);
  ck_assert_int_eq(caught, SIGALRM);
  close(pi[0]);
  close(pi[1]);
}
END_TEST

START_TEST(test_sig_block_unblock)
{
  ck_assert_int_eq(sig_catch(SIGUSR1, handler), 0);
  ck_assert_int_eq(blocked(SIGUSR1), 0);
  ck_assert_int_eq(sig_block(SIGUSR1), 0);
  ck_assert_int_eq(blocked(SIGUSR1), 1);
  ck_assert_int_eq(blocked(SIGUSR2), 0);           /* only that one */
  ck_assert_int_eq(raise(SIGUSR1), 0);
  ck_assert_int_eq(caught, 0);                      /* held back */
  ck_assert_int_eq(is_pending(SIGUSR1), 1);
  ck_assert_int_eq(sig_block(SIGUSR1), 0);          /* idempotent */
  ck_assert_int_eq(blocked(SIGUSR1), 1);
  ck_assert_int_eq(sig_unblock(SIGUSR1), 0);        /* delivered now */
  ck_assert_int_eq(caught, SIGUSR1);
  ck_assert_int_eq(blocked(SIGUSR1), 0);
  ck_assert_int_eq(is_pending(SIGUSR1), 0);
  ck_assert_int_eq(sig_unblock(SIGUSR1), 0);        /* already unblocked */
  ck_assert_int_eq(blocked(SIGUSR1), 0);
}
END_TEST

START_TEST(test_sig_block_keeps_others)
{
  ck_assert_int_eq(sig_block(SIGUSR1), 0);
  ck_assert_int_eq(sig_block(SIGUSR2), 0);          /* adds, not replaces */
  ck_assert_int_eq(blocked(SIGUSR1), 1);
  ck_assert_int_eq(blocked(SIGUSR2), 1);
  ck_assert_int_eq(sig_unblock(SIGUSR2), 0);        /* removes only one */
  ck_assert_int_eq(blocked(SIGUSR1), 1);
  ck_assert_int_eq(blocked(SIGUSR2), 0);
}
END_TEST

START_TEST(test_sig_block_invalid)
{
  errno = 0;
  ck_assert_int_eq(sig_block(100000), -1);
  ck_assert_int_eq(errno, EINVAL);
  errno = 0;
  ck_assert_int_eq(sig_unblock(-1), -1);
  ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(test_sig_blocknone)
{
  sigset_t ss;
  int sig;
  int any = 0;
  ck_assert_int_eq(sig_block(SIGUSR1), 0);
  ck_assert_int_eq(sig_block(SIGUSR2), 0);
  ck_assert_int_eq(sig_block(SIGALRM), 0);
  ck_assert_int_eq(sig_block(SIGCHLD), 0);
  ck_assert_int_eq(sig_blocknone(), 0);
  ck_assert_int_eq(sigprocmask(SIG_SETMASK, 0, &ss), 0);
  for (sig = 1; sig < 32; ++sig)
    if (sigismember(&ss, sig) == 1) any = sig;
  ck_assert_int_eq(any, 0);
  ck_assert_int_eq(sig_blocknone(), 0);             /* with nothing blocked */
  ck_assert_int_eq(blocked(SIGUSR1), 0);
}
END_TEST

START_TEST(test_sig_blocknone_delivers)
{
  ck_assert_int_eq(sig_catch(SIGUSR2, handler), 0);
  ck_assert_int_eq(sig_block(SIGUSR2), 0);
  ck_assert_int_eq(raise(SIGUSR2), 0);
  ck_assert_int_eq(caught, 0);
  ck_assert_int_eq(sig_blocknone(), 0);
  ck_assert_int_eq(caught, SIGUSR2);
}
END_TEST

START_TEST(test_sig_ignore)
{
  struct sigaction sa;
  ck_assert_int_eq(sig_catch(SIGUSR1, handler), 0);
  ck_assert_int_eq(sig_ignore(SIGUSR1), 0);
  ck_assert_int_eq(sigaction(SIGUSR1, 0, &sa), 0);
  ck_assert(sa.sa_handler == SIG_IGN);
  ck_assert_int_eq(raise(SIGUSR1), 0);              /* would kill by default */
  ck_assert_int_eq(caught, 0);
}
END_TEST

static void default_kills(void)
{
  CHILD_CHECK(sig_catch(SIGTERM, handler) == 0);
  CHILD_CHECK(raise(SIGTERM) == 0);
  CHILD_CHECK(caught == SIGTERM);
  CHILD_CHECK(sig_default(SIGTERM) == 0);
  raise(SIGTERM);
  // cppcheck-suppress unreachableCode ; raise returns if sig_default failed to restore SIGTERM: that is the test
  child_fail(__FILE__, __LINE__, "survived SIGTERM after sig_default");
}

START_TEST(test_sig_default)
{
  struct sigaction sa;
  int w;
  ck_assert_int_eq(sig_catch(SIGUSR1, handler), 0);
  ck_assert_int_eq(sig_default(SIGUSR1), 0);
  ck_assert_int_eq(sigaction(SIGUSR1, 0, &sa), 0);
  ck_assert(sa.sa_handler == SIG_DFL);
  w = child_run(default_kills);
  ck_assert_msg(WIFSIGNALED(w) && WTERMSIG(w) == SIGTERM, "status %d: %s", w, child_report);
}
END_TEST

Suite *sig_suite(void)
{
  Suite *s = suite_create("sig");
  TCase *tc = tcase_create("sig");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_sig_catch);
  tcase_add_test(tc, test_sig_catch_invalid);
  tcase_add_test(tc, test_sig_catch_interrupts);
  tcase_add_test(tc, test_sig_block_unblock);
  tcase_add_test(tc, test_sig_block_keeps_others);
  tcase_add_test(tc, test_sig_block_invalid);
  tcase_add_test(tc, test_sig_blocknone);
  tcase_add_test(tc, test_sig_blocknone_delivers);
  tcase_add_test(tc, test_sig_ignore);
  tcase_add_test(tc, test_sig_default);
  suite_add_tcase(s, tc);
  return s;
}

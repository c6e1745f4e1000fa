#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "fd.h"
#include "unit.h"

static int is_open(int fd)
{
  return fcntl(fd, F_GETFD) != -1;
}

static int spare_fd(void)
{
  int fd = unused_fd();
  ck_assert_int_ge(fd, 50);
  return fd;
}

START_TEST(test_fd_copy)
{
  int pi[2];
  int to = spare_fd();
  char c = 0;
  ck_assert_int_eq(pipe(pi), 0);
  ck_assert_int_eq(is_open(to), 0);
  ck_assert_int_eq(fd_copy(to, pi[1]), 0);
  ck_assert_int_eq(is_open(to), 1);
  ck_assert_int_eq(is_open(pi[1]), 1);            /* from stays open */
  ck_assert_int_eq(write(to, "q", 1), 1);
  ck_assert_int_eq(read(pi[0], &c, 1), 1);
  ck_assert_int_eq(c, 'q');
  close(to);
  close(pi[0]);
  close(pi[1]);
}
END_TEST

/* An fd already open at to is replaced, and loses close-on-exec. */
START_TEST(test_fd_copy_replaces)
{
  int pi[2];
  int to = open("/dev/null", O_WRONLY | O_CLOEXEC);
  char c = 0;
  ck_assert_int_ge(to, 0);
  ck_assert_int_eq(pipe(pi), 0);
  ck_assert_int_ne(fcntl(to, F_GETFD) & FD_CLOEXEC, 0);
  ck_assert_int_eq(fd_copy(to, pi[1]), 0);
  ck_assert_int_eq(fcntl(to, F_GETFD) & FD_CLOEXEC, 0);
  ck_assert_int_eq(write(to, "r", 1), 1);         /* now the pipe, not null */
  ck_assert_int_eq(read(pi[0], &c, 1), 1);
  ck_assert_int_eq(c, 'r');
  close(to);
  close(pi[0]);
  close(pi[1]);
}
END_TEST

START_TEST(test_fd_copy_same_and_bad)
{
  int pi[2];
  int bad = spare_fd();
  ck_assert_int_eq(pipe(pi), 0);
  ck_assert_int_eq(fd_copy(pi[0], pi[0]), 0);
  ck_assert_int_eq(is_open(pi[0]), 1);
  errno = 0;
  ck_assert_int_eq(fd_copy(pi[1], bad), -1);
  ck_assert_int_eq(errno, EBADF);
  ck_assert_int_eq(is_open(pi[1]), 1);             /* to untouched */
  errno = 0;
  ck_assert_int_eq(fd_copy(-1, pi[0]), -1);
  ck_assert_int_eq(errno, EBADF);
  close(pi[0]);
  close(pi[1]);
}
END_TEST

START_TEST(test_fd_move)
{
  int pi[2];
  int to = spare_fd();
  char c = 0;
  ck_assert_int_eq(pipe(pi), 0);
  ck_assert_int_eq(fd_move(to, pi[1]), 0);
  ck_assert_int_eq(is_open(to), 1);
  ck_assert_int_eq(is_open(pi[1]), 0);             /* from is closed */
  ck_assert_int_eq(write(to, "m", 1), 1);
  ck_assert_int_eq(read(pi[0], &c, 1), 1);
  ck_assert_int_eq(c, 'm');
  close(to);
  ck_assert_int_eq(read(pi[0], &c, 1), 0);         /* no writer left */
  close(pi[0]);
}
END_TEST

START_TEST(test_fd_move_same_and_bad)
{
  int pi[2];
  int bad = spare_fd();
  ck_assert_int_eq(pipe(pi), 0);
  ck_assert_int_eq(fd_move(pi[1], pi[1]), 0);
  ck_assert_int_eq(is_open(pi[1]), 1);             /* not closed */
  errno = 0;
  ck_assert_int_eq(fd_move(pi[1], bad), -1);
  ck_assert_int_eq(errno, EBADF);
  ck_assert_int_eq(is_open(pi[1]), 1);
  errno = 0;
  ck_assert_int_eq(fd_move(-1, pi[0]), -1);
  ck_assert_int_eq(errno, EBADF);
  ck_assert_int_eq(is_open(pi[0]), 1);             /* failed: from kept */
  close(pi[0]);
  close(pi[1]);
}
END_TEST

/* The standard use: move a pipe onto fd 0 in a child. */
static void move_to_stdin(void)
{
  int pi[2];
  char buf[8];
  CHILD_CHECK(pipe(pi) == 0);
  CHILD_CHECK(write(pi[1], "in", 2) == 2);
  close(pi[1]);
  CHILD_CHECK(fd_move(0, pi[0]) == 0);
  CHILD_CHECK(fcntl(pi[0], F_GETFD) == -1);
  CHILD_CHECK(read(0, buf, sizeof buf) == 2);
  CHILD_CHECK(buf[0] == 'i' && buf[1] == 'n');
}

START_TEST(test_fd_move_stdin)
{
  ck_assert_child_ok(move_to_stdin);
}
END_TEST

/* Every descriptor from the given one up is closed, the high ones too;
   those below stay. (From a spare one up: Check has its own below.) */
START_TEST(test_fd_closefrom)
{
  int pi[2];
  int from = spare_fd();
  ck_assert_int_eq(pipe(pi), 0);
  ck_assert_int_lt(pi[1], from);
  ck_assert_int_eq(fd_copy(from, pi[0]), 0);
  ck_assert_int_eq(fd_copy(from + 900, pi[0]), 0);
  ck_assert_int_eq(fd_closefrom(from), 0);
  ck_assert_int_eq(is_open(pi[0]), 1);
  ck_assert_int_eq(is_open(pi[1]), 1);
  ck_assert_int_eq(is_open(from), 0);
  ck_assert_int_eq(is_open(from + 900), 0);
  ck_assert_int_eq(fd_closefrom(from), 0);            /* nothing left: fine */
  close(pi[0]);
  close(pi[1]);
}
END_TEST

Suite *fd_suite(void)
{
  Suite *s = suite_create("fd");
  TCase *tc = tcase_create("fd");
  tcase_add_test(tc, test_fd_copy);
  tcase_add_test(tc, test_fd_copy_replaces);
  tcase_add_test(tc, test_fd_copy_same_and_bad);
  tcase_add_test(tc, test_fd_move);
  tcase_add_test(tc, test_fd_move_same_and_bad);
  tcase_add_test(tc, test_fd_move_stdin);
  tcase_add_test(tc, test_fd_closefrom);
  suite_add_tcase(s, tc);
  return s;
}

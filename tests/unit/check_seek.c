#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include "open.h"
#include "seek.h"
#include "unit.h"

START_TEST(test_seek_begin)
{
  char buf[16];
  int fd;
  int pi[2];
  int bad;
  char fn[] = "/tmp/qsq-seek.XXXXXX";
  fd = mkstemp(fn);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, "rewind me", 9), 9);
  close(fd);
  fd = open_read(fn);
  ck_assert_int_ge(fd, 0);
  ck_assert_uint_eq(read_all(fd, buf, sizeof buf), 9);
  ck_assert_uint_eq(read_all(fd, buf, sizeof buf), 0);
  ck_assert_int_eq(seek_begin(fd), 0);
  ck_assert_uint_eq(read_all(fd, buf, sizeof buf), 9);
  ck_assert_mem_eq(buf, "rewind me", 9);
  ck_assert_int_eq(seek_begin(fd), 0);             /* twice: still 0 */
  ck_assert_int_eq(lseek(fd, 0, SEEK_CUR), 0);
  close(fd);
  /* Writes after a rewind overwrite from the start. */
  fd = open_write(fn);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, "abc", 3), 3);
  ck_assert_int_eq(seek_begin(fd), 0);
  ck_assert_int_eq(write(fd, "X", 1), 1);
  close(fd);
  fd = open_read(fn);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(unlink(fn), 0);
  ck_assert_uint_eq(read_all(fd, buf, sizeof buf), 9);
  close(fd);
  ck_assert_mem_eq(buf, "Xbcind me", 9);
  ck_assert_int_eq(pipe(pi), 0);
  errno = 0;
  ck_assert_int_eq(seek_begin(pi[0]), -1);
  ck_assert_int_eq(errno, ESPIPE);
  close(pi[0]);
  close(pi[1]);
  bad = unused_fd();
  ck_assert_int_ge(bad, 0);
  errno = 0;
  ck_assert_int_eq(seek_begin(bad), -1);
  ck_assert_int_eq(errno, EBADF);
}
END_TEST

Suite *seek_suite(void)
{
  Suite *s = suite_create("seek");
  TCase *tc = tcase_create("seek");
  tcase_add_test(tc, test_seek_begin);
  suite_add_tcase(s, tc);
  return s;
}

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "open.h"
#include "unit.h"

static char dir[64];

static void setup(void)
{
  strcpy(dir, "/tmp/qsq-unit.XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(dir));
  ck_assert_int_eq(chdir(dir), 0);
  umask(022);
}

static void teardown(void)
{
  static const char *const names[] = { "f", "g", "link", "dangling", "target", "fifo" };
  size_t i;
  for (i = 0; i < sizeof names / sizeof names[0]; ++i) unlink(names[i]);
  if (chdir("/") == 0) rmdir(dir);
}

static void put_file(const char *fn, const char *s)
{
  int fd = open(fn, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, s, strlen(s)), (ssize_t) strlen(s));
  close(fd);
}

static size_t get_file(const char *fn, char *buf, size_t len)
{
  int fd = open(fn, O_RDONLY);
  size_t n;
  ck_assert_int_ge(fd, 0);
  n = read_all(fd, buf, len);
  close(fd);
  return n;
}

static mode_t mode_of(int fd)
{
  struct stat st;
  ck_assert_int_eq(fstat(fd, &st), 0);
  return st.st_mode & 07777;
}

START_TEST(test_open_read)
{
  char buf[16];
  int fd;
  errno = 0;
  ck_assert_int_eq(open_read("f"), -1);
  ck_assert_int_eq(errno, ENOENT);
  put_file("f", "contents");
  fd = open_read("f");
  ck_assert_int_ge(fd, 0);
  ck_assert_uint_eq(read_all(fd, buf, sizeof buf), 8);
  ck_assert_mem_eq(buf, "contents", 8);
  errno = 0;
  ck_assert_int_eq(write(fd, "x", 1), -1);         /* read-only */
  ck_assert_int_eq(errno, EBADF);
  close(fd);
  errno = 0;
  ck_assert_int_eq(open_read("f/x"), -1);
  ck_assert_int_eq(errno, ENOTDIR);
}
END_TEST

START_TEST(test_open_excl)
{
  char buf[16];
  int fd;
  fd = open_excl("f");
  ck_assert_int_ge(fd, 0);
  ck_assert_uint_eq(mode_of(fd), 0600);
  ck_assert_int_eq(write(fd, "new", 3), 3);
  errno = 0;
  ck_assert_int_eq(read(fd, buf, 1), -1);          /* write-only */
  ck_assert_int_eq(errno, EBADF);
  close(fd);
  errno = 0;
  ck_assert_int_eq(open_excl("f"), -1);            /* second call */
  ck_assert_int_eq(errno, EEXIST);
  ck_assert_uint_eq(get_file("f", buf, sizeof buf), 3); /* untouched */
  ck_assert_mem_eq(buf, "new", 3);
}
END_TEST

/* 0600 exactly, whatever the umask allows. */
START_TEST(test_open_excl_mode_umask0)
{
  int fd;
  umask(0);
  fd = open_excl("g");
  ck_assert_int_ge(fd, 0);
  ck_assert_uint_eq(mode_of(fd), 0600);
  close(fd);
  umask(077);
  ck_assert_int_eq(unlink("g"), 0);
  fd = open_excl("g");
  ck_assert_int_ge(fd, 0);
  ck_assert_uint_eq(mode_of(fd), 0600);
  close(fd);
}
END_TEST

START_TEST(test_open_excl_symlink)
{
  struct stat st;
  char buf[16];
  /* A dangling symlink: the target must not be created through it. */
  ck_assert_int_eq(symlink("target", "dangling"), 0);
  errno = 0;
  ck_assert_int_eq(open_excl("dangling"), -1);
  ck_assert_int_eq(errno, EEXIST);
  errno = 0;
  ck_assert_int_eq(lstat("target", &st), -1);
  ck_assert_int_eq(errno, ENOENT);
  /* A symlink to an existing file: refused, file untouched. */
  put_file("target", "old");
  ck_assert_int_eq(symlink("target", "link"), 0);
  errno = 0;
  ck_assert_int_eq(open_excl("link"), -1);
  ck_assert_int_eq(errno, EEXIST);
  ck_assert_uint_eq(get_file("target", buf, sizeof buf), 3);
  ck_assert_mem_eq(buf, "old", 3);
}
END_TEST

START_TEST(test_open_excl_missing_dir)
{
  errno = 0;
  ck_assert_int_eq(open_excl("nodir/f"), -1);
  ck_assert_int_eq(errno, ENOENT);
}
END_TEST

START_TEST(test_open_trunc)
{
  char buf[32];
  int fd;
  umask(0);
  fd = open_trunc("f");                            /* creates */
  ck_assert_int_ge(fd, 0);
  ck_assert_uint_eq(mode_of(fd), 0644);
  ck_assert_int_eq(write(fd, "first version", 13), 13);
  close(fd);
  fd = open_trunc("f");                            /* truncates */
  ck_assert_int_ge(fd, 0);
  ck_assert_uint_eq(get_file("f", buf, sizeof buf), 0);
  ck_assert_int_eq(write(fd, "v2", 2), 2);
  errno = 0;
  ck_assert_int_eq(read(fd, buf, 1), -1);
  ck_assert_int_eq(errno, EBADF);
  close(fd);
  ck_assert_uint_eq(get_file("f", buf, sizeof buf), 2);
  ck_assert_mem_eq(buf, "v2", 2);
  ck_assert_int_eq(chmod("f", 0600), 0);           /* keeps an old mode */
  fd = open_trunc("f");
  ck_assert_uint_eq(mode_of(fd), 0600);
  close(fd);
}
END_TEST

START_TEST(test_open_write)
{
  char buf[32];
  int fd;
  errno = 0;
  ck_assert_int_eq(open_write("f"), -1);           /* never creates */
  ck_assert_int_eq(errno, ENOENT);
  put_file("f", "hello world");
  fd = open_write("f");
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, "HE", 2), 2);         /* no truncation, at 0 */
  errno = 0;
  ck_assert_int_eq(read(fd, buf, 1), -1);
  ck_assert_int_eq(errno, EBADF);
  close(fd);
  ck_assert_uint_eq(get_file("f", buf, sizeof buf), 11);
  ck_assert_mem_eq(buf, "HEllo world", 11);
}
END_TEST

/* cleanq's control FIFO: no reader means ENXIO at once, not a hang. */
START_TEST(test_open_write_fifo)
{
  struct timespec t0;
  struct timespec t1;
  int rfd;
  int fd;
  char c = 0;
  ck_assert_int_eq(mkfifo("fifo", 0600), 0);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  errno = 0;
  ck_assert_int_eq(open_write("fifo"), -1);
  ck_assert_int_eq(errno, ENXIO);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  ck_assert_int_lt(t1.tv_sec - t0.tv_sec, 2);
  rfd = open("fifo", O_RDONLY | O_NONBLOCK);
  ck_assert_int_ge(rfd, 0);
  fd = open_write("fifo");                         /* a reader: fine */
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, "a", 1), 1);
  ck_assert_int_eq(read(rfd, &c, 1), 1);
  ck_assert_int_eq(c, 'a');
  close(fd);
  close(rfd);
}
END_TEST

Suite *open_suite(void)
{
  Suite *s = suite_create("open");
  TCase *tc = tcase_create("open");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_open_read);
  tcase_add_test(tc, test_open_excl);
  tcase_add_test(tc, test_open_excl_mode_umask0);
  tcase_add_test(tc, test_open_excl_symlink);
  tcase_add_test(tc, test_open_excl_missing_dir);
  tcase_add_test(tc, test_open_trunc);
  tcase_add_test(tc, test_open_write);
  tcase_add_test(tc, test_open_write_fifo);
  suite_add_tcase(s, tc);
  return s;
}

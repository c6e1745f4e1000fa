#define _GNU_SOURCE /* prctl names */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "proof.h"
#include "unit.h"

/* proof/: the alert sample's proof, per clamd process */

#define BOOT "0a1b2c3d-4e5f-6789-abcd-ef0123456789"

static const char stat_clamd[] =
  "4242 (clamd) S 1 4242 4242 0 -1 4194560 9303 0 0 0 51 12 0 0 20 0 3 0 "
  "987654321 1234567 890 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 17 1 0 0 0 0 0\n";

START_TEST(test_proof_stat)
{
  unsigned long start = 7;
  char buf[512];
  ck_assert_int_eq(proof_stat(stat_clamd, sizeof stat_clamd - 1, &start), 1);
  ck_assert_uint_eq(start, 987654321UL);
  /* the name ends at the last ')': one that only looks like clamd */
  strcpy(buf, "4242 (clamd) x) S 1 4242 4242 0 -1 4194560 9303 0 0 0 51 12 0 0 20 0 3 0 555 1\n");
  ck_assert_int_eq(proof_stat(buf, strlen(buf), &start), 0);
  strcpy(buf, "4242 (sh) S 1 4242 4242 0 -1 4194560 9303 0 0 0 51 12 0 0 20 0 3 0 555 1\n");
  ck_assert_int_eq(proof_stat(buf, strlen(buf), &start), 0);
  strcpy(buf, "4242 (clamdx) S 1 4242 4242 0 -1 4194560 9303 0 0 0 51 12 0 0 20 0 3 0 555 1\n");
  ck_assert_int_eq(proof_stat(buf, strlen(buf), &start), 0);
  /* cut before the field, or the field not a number */
  strcpy(buf, "4242 (clamd) S 1 4242 4242 0 -1 4194560 9303 0 0 0 51 12 0 0 20 0 3 0");
  ck_assert_int_eq(proof_stat(buf, strlen(buf), &start), 0);
  strcpy(buf, "4242 (clamd) S 1 4242 4242 0 -1 4194560 9303 0 0 0 51 12 0 0 20 0 3 0 x5 1\n");
  ck_assert_int_eq(proof_stat(buf, strlen(buf), &start), 0);
  strcpy(buf, "4242 (clamd) S 1 4242 4242 0 -1 4194560 9303 0 0 0 51 12 0 0 20 0 3 0 99999999999999999999999 1\n");
  ck_assert_int_eq(proof_stat(buf, strlen(buf), &start), 0);
  ck_assert_int_eq(proof_stat("", 0, &start), 0);
  ck_assert_int_eq(proof_stat("4242 (clamd", 11, &start), 0);
  /* every prefix of a good line: never a read past its end */
  {
    size_t n;
    for (n = 0; n < sizeof stat_clamd - 1; ++n) {
      char *cut = malloc(n ? n : 1);
      memcpy(cut, stat_clamd, n);
      (void) proof_stat(cut, n, &start);
      free(cut);
    }
  }
}
END_TEST

START_TEST(test_proof_fmt_path)
{
  struct proof_id id = { 4242, 987654321UL, BOOT };
  struct proof_id other = id;
  char line[PROOF_LINE];
  char p[32];
  size_t n = proof_fmt(line, &id);
  ck_assert_uint_eq(n, strlen("clamd 4242 987654321 " BOOT "\n"));
  ck_assert(memcmp(line, "clamd 4242 987654321 " BOOT "\n", n) == 0);
  ck_assert_int_eq(proof_same(&id, &other), 1);
  other.boot[35] = '0';
  ck_assert_int_eq(proof_same(&id, &other), 0);       /* another boot */
  other = id;
  other.start++;
  ck_assert_int_eq(proof_same(&id, &other), 0);
  other = id;
  other.pid++;
  ck_assert_int_eq(proof_same(&id, &other), 0);
  id.pid = (unsigned long) -1;
  id.start = (unsigned long) -1;
  ck_assert_uint_le(proof_fmt(line, &id), PROOF_LINE);
  ck_assert_int_eq(proof_path(p, sizeof p, "/a/clamd.ctl"), 1);
  ck_assert_str_eq(p, "/a/clamd.ctl.alerted");
  ck_assert_int_eq(proof_path(p, 20, "/a/clamd.ctl"), 0);
  ck_assert_int_eq(proof_path(p, 21, "/a/clamd.ctl"), 1);
}
END_TEST

/* kept, then believed only in a folder of ours that others may not
   write, from a regular file of ours, for the same id (the suite runs as
   root: the effective uid is 0) */
START_TEST(test_proof_keep_held)
{
  char dir[] = "/tmp/qsq-proof.XXXXXX";
  char sock[128];
  char p[80];
  char other[96];
  struct proof_id id = { 4242, 987654321UL, BOOT };
  struct proof_id next = { 4242, 987654322UL, BOOT };
  const char *base;
  int dirfd;
  struct stat st;
  FILE *f;
  ck_assert_ptr_nonnull(mkdtemp(dir));
  snprintf(sock, sizeof sock, "%s/clamd.ctl", dir);
  ck_assert_int_eq(proof_path(p, sizeof p, sock), 1);
  ck_assert_int_eq(proof_held(p, &id), 0);            /* none yet */
  ck_assert_int_eq(proof_keep(p, &id), 0);
  ck_assert_int_eq(stat(p, &st), 0);
  ck_assert_int_eq(st.st_mode & 07777, 0600);
  ck_assert_int_eq(proof_held(p, &id), 1);
  ck_assert_int_eq(proof_held(p, &next), 0);          /* another process */
  ck_assert_int_eq(proof_keep(p, &next), 0);          /* replaced whole */
  ck_assert_int_eq(proof_held(p, &next), 1);
  ck_assert_int_eq(proof_held(p, &id), 0);
  /* no temporary file left beside it */
  snprintf(other, sizeof other, "%s.%lu", p, (unsigned long) getpid());
  ck_assert_int_eq(access(other, F_OK), -1);
  /* a file of another owner's */
  ck_assert_int_eq(chown(p, 65534, 65534), 0);
  ck_assert_int_eq(proof_held(p, &next), 0);
  ck_assert_int_eq(chown(p, 0, 0), 0);
  ck_assert_int_eq(proof_held(p, &next), 1);
  /* a longer file that starts with the right line */
  f = fopen(p, "a");
  ck_assert_ptr_nonnull(f);
  fputs("x", f);
  fclose(f);
  ck_assert_int_eq(proof_held(p, &next), 0);
  /* a symbolic link to a good proof */
  snprintf(other, sizeof other, "%s/good", dir);
  ck_assert_int_eq(rename(p, other), 0);
  ck_assert_int_eq(proof_keep(other, &next), 0);
  ck_assert_int_eq(symlink(other, p), 0);
  ck_assert_int_eq(proof_held(p, &next), 0);
  ck_assert_int_eq(unlink(p), 0);
  /* a folder others may write: neither kept nor believed */
  ck_assert_int_eq(proof_keep(p, &next), 0);
  ck_assert_int_eq(chmod(dir, 0777), 0);
  ck_assert_int_eq(proof_dir(p, &base), -1);
  ck_assert_int_eq(proof_held(p, &next), 0);
  errno = 0;
  ck_assert_int_eq(proof_keep(p, &id), -1);
  ck_assert_int_eq(errno, EPERM);
  ck_assert_int_eq(chmod(dir, 0730), 0);              /* a group may: ours */
  ck_assert_int_eq(proof_held(p, &next), 1);
  /* a folder of another owner's */
  ck_assert_int_eq(chown(dir, 65534, 0), 0);
  ck_assert_int_eq(proof_held(p, &next), 0);
  ck_assert_int_eq(chown(dir, 0, 0), 0);
  ck_assert_int_eq(proof_dir("clamd.ctl.alerted", &base), -1); /* no folder named */
  ck_assert_int_eq(proof_dir("/tmp/", &base), -1);    /* no file named */
  dirfd = proof_dir(p, &base);
  ck_assert_int_ge(dirfd, 0);
  ck_assert_str_eq(base, "clamd.ctl.alerted");
  close(dirfd);
  /* a folder reached through a symbolic link as its last step */
  snprintf(other, sizeof other, "%s.link", dir);
  ck_assert_int_eq(symlink(dir, other), 0);
  snprintf(sock, sizeof sock, "%s/clamd.ctl.alerted", other);
  ck_assert_int_eq(proof_dir(sock, &base), -1);
  ck_assert_int_eq(proof_held(sock, &next), 0);
  ck_assert_int_eq(unlink(other), 0);
  snprintf(other, sizeof other, "%s/good", dir);
  ck_assert_int_eq(unlink(p), 0);
  ck_assert_int_eq(unlink(other), 0);
  ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* the listening process: a child named clamd is one, with its start
   time; this process, named otherwise, is none */
START_TEST(test_proof_peer)
{
  char dir[] = "/tmp/qsq-peer.XXXXXX";
  struct sockaddr_un a;
  struct proof_id id;
  char statpath[64];
  char buf[1024];
  unsigned long start;
  int ready[2];
  int lfd;
  int fd;
  pid_t pid;
  FILE *f;
  size_t n;
  int i;
  char c;
  ck_assert_ptr_nonnull(mkdtemp(dir));
  memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  snprintf(a.sun_path, sizeof a.sun_path, "%s/s", dir);
  for (i = 0; i < 2; ++i) {
    ck_assert_int_eq(pipe(ready), 0);
    pid = fork();
    ck_assert_int_ne(pid, -1);
    if (pid == 0) {
      if (i == 1) (void) prctl(PR_SET_NAME, "clamd");
      lfd = socket(AF_UNIX, SOCK_STREAM, 0);
      if (lfd == -1 || bind(lfd, (struct sockaddr *) &a, sizeof a) == -1 || listen(lfd, 1) == -1) _exit(1);
      if (write(ready[1], "r", 1) != 1) _exit(1);
      pause();
      _exit(0);
    }
    close(ready[1]);
    ck_assert_int_eq(read(ready[0], &c, 1), 1);
    close(ready[0]);
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    ck_assert_int_eq(connect(fd, (struct sockaddr *) &a, sizeof a), 0);
    if (i == 0) ck_assert_int_eq(proof_peer(fd, &id), 0);
    else {
      ck_assert_int_eq(proof_peer(fd, &id), 1);
      ck_assert_uint_eq(id.pid, (unsigned long) pid);
      snprintf(statpath, sizeof statpath, "/proc/%d/stat", (int) pid);
      f = fopen(statpath, "r");
      ck_assert_ptr_nonnull(f);
      n = fread(buf, 1, sizeof buf, f);
      fclose(f);
      ck_assert_int_eq(proof_stat(buf, n, &start), 1);
      ck_assert_uint_eq(id.start, start);
      f = fopen("/proc/sys/kernel/random/boot_id", "r");
      ck_assert_ptr_nonnull(f);
      n = fread(buf, 1, sizeof buf, f);
      fclose(f);
      ck_assert_uint_eq(n, PROOF_BOOTLEN + 1);
      ck_assert(memcmp(id.boot, buf, PROOF_BOOTLEN) == 0);
    }
    close(fd);
    kill(pid, SIGKILL);
    ck_assert_int_eq(waitpid(pid, 0, 0), pid);
    unlink(a.sun_path);
  }
  /* not a socket at all */
  ck_assert_int_eq(proof_peer(0 + 1000, &id), 0);
  rmdir(dir);
}
END_TEST

Suite *proof_suite(void)
{
  Suite *s = suite_create("proof");
  TCase *tc = tcase_create("proof");
  tcase_add_test(tc, test_proof_stat);
  tcase_add_test(tc, test_proof_fmt_path);
  tcase_add_test(tc, test_proof_keep_held);
  tcase_add_test(tc, test_proof_peer);
  suite_add_tcase(s, tc);
  return s;
}

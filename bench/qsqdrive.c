/* bench/qsqdrive: the timing driver of make bench (not part of qscanq).
 *
 *   qsqdrive USER CONC COUNT -- PROG ARG...
 *
 * Becomes USER for good (real, effective and saved uid and gid, no
 * supplementary groups; "-" keeps the current user), then runs PROG ARG...
 * COUNT times, with at most CONC runs in flight at once (CONC parallel
 * callers), stdin, stdout and stderr on /dev/null. One line per run on
 * stdout, in the order they end:
 *   run WALL_NS USER_US SYS_US MAXRSS_KB STATUS
 * WALL_NS is from just before fork to the return of wait4; USER_US and
 * SYS_US are the CPU time of the run and of every descendant it waited for
 * (wait4's rusage), MAXRSS_KB the largest resident set among them, STATUS
 * the raw wait status. Then one line:
 *   total WALL_NS COUNT
 * from the first fork to the last wait. Exit 111 on trouble of its own. */
#define _GNU_SOURCE
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAXCONC 256

static void die(const char *what)
{
  fprintf(stderr, "qsqdrive: fatal: %s: %s\n", what, strerror(errno));
  exit(111);
}

static long long now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long us(struct timeval tv) { return (long long) tv.tv_sec * 1000000LL + tv.tv_usec; }

int main(int argc, char **argv)
{
  static pid_t pids[MAXCONC];
  static long long starts[MAXCONC];
  char **cmd;
  int conc, count, started = 0, done = 0, inflight = 0, i, null;
  long long t0;

  if (argc < 6 || strcmp(argv[4], "--") != 0) {
    fprintf(stderr, "usage: qsqdrive USER CONC COUNT -- PROG ARG...\n");
    return 111;
  }
  conc = atoi(argv[2]);
  count = atoi(argv[3]);
  cmd = argv + 5;
  if (conc < 1 || conc > MAXCONC || count < 0) { fprintf(stderr, "qsqdrive: bad CONC or COUNT\n"); return 111; }
  if (strcmp(argv[1], "-") != 0) {
    struct passwd *pw = getpwnam(argv[1]);
    if (!pw) { fprintf(stderr, "qsqdrive: no user %s\n", argv[1]); return 111; }
    if (setgroups(0, 0) == -1) die("setgroups");
    if (setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) == -1) die("setresgid");
    if (setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) == -1) die("setresuid");
    if (setuid(0) == 0) { fprintf(stderr, "qsqdrive: the drop did not hold\n"); return 111; }
  }
  null = open("/dev/null", O_RDWR);
  if (null == -1) die("open /dev/null");
  setvbuf(stdout, 0, _IOFBF, 1 << 16);

  t0 = now();
  while (done < count) {
    while (inflight < conc && started < count) {
      long long t = now();
      pid_t pid = fork();
      if (pid == -1) die("fork");
      if (pid == 0) {
        if (dup2(null, 0) == -1 || dup2(null, 1) == -1 || dup2(null, 2) == -1) _exit(111);
        execv(cmd[0], cmd);
        _exit(127);
      }
      for (i = 0; i < conc; ++i) if (!pids[i]) { pids[i] = pid; starts[i] = t; break; }
      ++inflight;
      ++started;
    }
    {
      struct rusage ru;
      int wstat;
      pid_t pid = wait4(-1, &wstat, 0, &ru);
      long long t = now();
      if (pid == -1) { if (errno == EINTR) continue; die("wait4"); }
      for (i = 0; i < conc; ++i) if (pids[i] == pid) break;
      if (i == conc) continue; /* not one of ours (cannot happen) */
      pids[i] = 0;
      --inflight;
      ++done;
      printf("run %lld %lld %lld %ld %d\n", t - starts[i], us(ru.ru_utime), us(ru.ru_stime), ru.ru_maxrss, wstat);
    }
  }
  printf("total %lld %d\n", now() - t0, count);
  if (fflush(stdout) == EOF) die("write");
  return 0;
}

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "fmt.h"
#include "strerr.h"
#include "subfd.h"
#include "substdio.h"

/* bench/rtime DIR INPUT PROG ARGS...: runs PROG in DIR, with INPUT on fd 0
   and /dev/null on fds 1 and 2, and prints on stdout its wall-clock time
   in microseconds, the CPU time (user and system) in microseconds and the
   peak resident memory, in KB, of the largest process it ran (ru_maxrss
   of the children). No shell in between, so the
   memory is the program's own. */

#define FATAL "rtime: fatal: "

int main(int argc, char **argv)
{
  struct timespec t0, t1;
  struct rusage ru;
  char num[FMT_ULONG];
  unsigned long us, cpu;
  int status;
  pid_t pid;
  if (argc < 4) strerr_die1x(100, "rtime: usage: rtime DIR INPUT PROG [ARGS]");
  if (chdir(argv[1]) == -1) strerr_die3sys(111, FATAL, "unable to chdir to ", argv[1]);
  if (clock_gettime(CLOCK_MONOTONIC, &t0) == -1) strerr_die2sys(111, FATAL, "clock: ");
  pid = fork();
  if (pid == -1) strerr_die2sys(111, FATAL, "unable to fork: ");
  if (!pid) {
    int fd = open(argv[2], O_RDONLY);
    int null = open("/dev/null", O_WRONLY);
    if (fd == -1 || null == -1) strerr_die3sys(111, FATAL, "unable to open ", argv[2]);
    if (dup2(fd, 0) == -1 || dup2(null, 1) == -1 || dup2(null, 2) == -1) strerr_die2sys(111, FATAL, "dup2: ");
    execvp(argv[3], argv + 3);
    strerr_die3sys(111, FATAL, "unable to run ", argv[3]);
  }
  if (waitpid(pid, &status, 0) == -1) strerr_die2sys(111, FATAL, "waitpid: ");
  if (clock_gettime(CLOCK_MONOTONIC, &t1) == -1) strerr_die2sys(111, FATAL, "clock: ");
  if (getrusage(RUSAGE_CHILDREN, &ru) == -1) strerr_die2sys(111, FATAL, "getrusage: ");
  us = (unsigned long) ((t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000);
  cpu = (unsigned long) (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000UL +
        (unsigned long) (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
  if (substdio_put(subfdout, num, fmt_ulong(num, us)) == -1 ||
      substdio_puts(subfdout, " ") == -1 ||
      substdio_put(subfdout, num, fmt_ulong(num, cpu)) == -1 ||
      substdio_puts(subfdout, " ") == -1 ||
      substdio_put(subfdout, num, fmt_ulong(num, (unsigned long) ru.ru_maxrss)) == -1 ||
      substdio_puts(subfdout, "\n") == -1 ||
      substdio_flush(subfdout) == -1)
    strerr_die2sys(111, FATAL, "unable to write: ");
  /* the program's own failure is the caller's business: pass it on */
  if (!WIFEXITED(status)) return 81;
  return WEXITSTATUS(status);
}

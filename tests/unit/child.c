/* Forked children for tests that change process state for good
   (uids, fd 2, signal dispositions, exit codes). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>
#include "unit.h"

char child_report[512];
static int child_fd = -1;

void child_fail(const char *file, int line, const char *what)
{
  char buf[400];
  size_t n = 0;
  int len;
  len = snprintf(buf, sizeof buf, "%s:%d: %s (errno %d)", file, line, what, errno);
  if (len > 0) n = (size_t) len < sizeof buf ? (size_t) len : sizeof buf - 1;
  if (child_fd != -1) {
    ssize_t w = write(child_fd, buf, n);
    (void) w;
  }
  _exit(1);
}

int child_run(void (*fn)(void))
{
  int pi[2];
  pid_t pid;
  int w;
  size_t got;
  child_report[0] = 0;
  if (pipe(pi) == -1) return -1;
  pid = fork();
  if (pid == -1) return -1;
  if (pid == 0) {
    close(pi[0]);
    child_fd = pi[1];
    fn();
    _exit(0);
  }
  close(pi[1]);
  got = read_all(pi[0], child_report, sizeof child_report - 1);
  child_report[got] = 0;
  close(pi[0]);
  while (waitpid(pid, &w, 0) == -1)
    if (errno != EINTR) return -1;
  return w;
}

size_t read_all(int fd, char *buf, size_t len)
{
  size_t got = 0;
  while (got < len) {
    ssize_t r = read(fd, buf + got, len - got);
    if (r == -1 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t) r;
  }
  return got;
}

void sleep_ms(long ms)
{
  struct timespec ts;
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (ms % 1000) * 1000000L;
  while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
    ;
}

int unused_fd(void)
{
  int fd = open("/dev/null", O_RDONLY);
  int high;
  if (fd == -1) return -1;
  high = fcntl(fd, F_DUPFD, 50);
  close(fd);
  if (high != -1) close(high);
  return high;
}

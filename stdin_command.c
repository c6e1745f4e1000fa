#define _GNU_SOURCE /* pipe2 */
#include <fcntl.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>
#include "auto_scanner.h"
#include "byte.h"
#include "error.h"
#include "fd.h"
#include "fmt.h"
#include "seek.h"
#include "sig.h"
#include "str.h"
#include "strerr.h"
#include "substdio.h"
#include "verdict.h"
#include "wait.h"
#include "qsq_proc.h"
#include "qsq_report.h"
#include "stdin_command.h"

#define WATCHED (IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | \
                 IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF)

void commandform_copy(struct commandform *f, int msgfd)
{
  static char inbuf[65536];
  static char outbuf[65536];
  substdio ssin;
  substdio ssout;
  int fd = open("parts/msg", O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0400);
  if (fd == -1) exit_write(f->x, "unable to create the scanner's copy: ");
  if (seek_begin(msgfd) == -1) exit_read(f->x, "unable to rewind the copy: ");
  substdio_fdbuf(&ssin, substdio_read, msgfd, inbuf, sizeof inbuf);
  substdio_fdbuf(&ssout, substdio_write, fd, outbuf, sizeof outbuf);
  switch (substdio_copy(&ssout, &ssin)) {
    case -2: exit_read(f->x, "unable to read the copy: ");
    case -3: exit_write(f->x, "unable to write the scanner's copy: ");
  }
  if (substdio_flush(&ssout) == -1) exit_write(f->x, "unable to write the scanner's copy: ");
  f->named = fd;
  /* from here the queued copy has no name */
  if (unlink("msg") == -1) exit_tempsys(f->x, "unable to unlink the private copy: ");
}

/* In that order: the chmods must not show up as changes. */
void commandform_guard(struct commandform *f)
{
  static stralloc path = STRALLOC_ZERO;
  struct parts *p = &f->parts;
  size_t i;
  size_t off;
  parts_list(p, f->x);
  f->x->fate.parts = p->n ? (long) p->n - 1 : 0; /* less parts/msg, the scanner's copy */
  for (i = 0; i < p->n; ++i) {
    if (!stralloc_copys(&path, "parts/") || !stralloc_cats(&path, parts_name(p, i)) || !stralloc_0(&path))
      exit_nomem(f->x);
    /* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): stralloc_0 succeeded, so path.s is set */
    if (chmod(path.s, 0400) == -1) exit_tempsys(f->x, "unable to make a part read-only: ");
  }
  f->watch = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  if (f->watch == -1) exit_tempsys(f->x, "unable to watch the scan folder (see fs.inotify.max_user_instances): ");
  for (off = 0; p->dirs.s && off < p->dirs.len; off += str_len(p->dirs.s + off) + 1)
    if (inotify_add_watch(f->watch, p->dirs.s + off, WATCHED | IN_DONT_FOLLOW | IN_ONLYDIR) == -1)
      exit_tempsys(f->x, "unable to watch the scan folder (see fs.inotify.max_user_watches): ");
  for (i = 0; i < p->n; ++i) {
    if (!stralloc_copys(&path, "parts/") || !stralloc_cats(&path, parts_name(p, i)) || !stralloc_0(&path))
      exit_nomem(f->x);
    if (inotify_add_watch(f->watch, path.s, WATCHED | IN_DONT_FOLLOW) == -1)
      exit_tempsys(f->x, "unable to watch a part (see fs.inotify.max_user_watches): ");
  }
}

void commandform_unchanged(struct commandform *f, int msgfd)
{
  static char a[65536];
  static char b[65536];
  struct stat st;
  off_t at = 0;
  ssize_t r = read(f->watch, a, sizeof a);
  if (r > 0) exit_temp(f->x, "the scan folder changed during the scan", 0);
  if (r == -1 && errno != error_again) exit_tempsys(f->x, "unable to read the watch on the scan folder: ");
  if (fstat(f->named, &st) == -1) exit_tempsys(f->x, "unable to stat the scanner's copy: ");
  if (st.st_nlink != 1) exit_temp(f->x, "the scanner's copy changed during the scan", 0);
  for (;;) {
    ssize_t ra = pread(msgfd, a, sizeof a, at);
    ssize_t rb;
    if (ra == -1) exit_read(f->x, "unable to read the copy: ");
    rb = pread(f->named, b, (size_t) ra + 1 > sizeof b ? sizeof b : (size_t) ra + 1, at);
    if (rb == -1) exit_read(f->x, "unable to read the scanner's copy: ");
    if (ra != rb || !byte_equal(a, (size_t) ra, b)) exit_temp(f->x, "the scanner's copy is not the message", 0);
    if (!ra) break;
    at += ra;
  }
}

/* Runs prog (an absolute path) with args and env in folder dir, in its own
   process group, with fd 0 from fd0 and fds 1 and 2 onto out. Nothing else
   of ours reaches it: not the envelope on fd 1, not fd 6. */
static pid_t start(struct stdin_exit *x, char *const *args, char *const *env, const char *dir, int fd0, int out)
{
  pid_t pid;
  if (sig_block(SIGALRM) == -1) exit_tempsys(x, "unable to block SIGALRM: ");
  pid = fork();
  if (pid == -1) exit_tempsys(x, "unable to fork: ");
  if (pid == 0) {
    if (setpgid(0, 0) == -1) _exit(QSQ_EXIT_TEMP);
    if (qsq_sig_reset() == -1) _exit(QSQ_EXIT_TEMP);
    if (chdir(dir) == -1) _exit(QSQ_EXIT_TEMP);
    if (fd_copy(0, fd0) == -1 || fd_copy(1, out) == -1 || fd_copy(2, out) == -1) _exit(QSQ_EXIT_TEMP);
    close(QSQ_REPLYFD);
    execve(args[0], args, env);
    strerr_die4sys(QSQ_EXIT_TEMP, x->prefix, "unable to run ", args[0], ": ");
  }
  (void) setpgid(pid, pid); /* also here, so the kill can never miss it */
  x->running = pid;
  if (sig_unblock(SIGALRM) == -1) exit_tempsys(x, "unable to unblock SIGALRM: ");
  if (x->timedout) (void) kill(-pid, SIGKILL);
  return pid;
}

static int reap(struct stdin_exit *x, pid_t pid)
{
  int wstat;
  for (;;) {
    pid_t r = waitpid(pid, &wstat, 0);
    if (r == pid) break;
    if (r == -1 && errno == error_intr) continue;
    exit_tempsys(x, "unable to wait for a child: ");
  }
  x->running = 0;
  return wstat;
}

static const char *codestr(int code)
{
  static char num[FMT_ULONG];
  num[fmt_ulong(num, (unsigned long) code)] = 0;
  return num;
}

/* One relayed line, unless VERDICT_SCANLINES were relayed already: a
   message with thousands of infected parts must not rotate the log away. */
static void relayline(void *ctx, const char *line, size_t len)
{
  struct commandform *f = ctx;
  outcome_found(&f->x->fate, line, len);
  if (f->relayed >= VERDICT_SCANLINES) { ++f->hidden; return; }
  ++f->relayed;
  strerr_warn3(f->x->prefix, "scanner: ", line, 0);
}

/* Relays the scanner's report to the log, one sanitised line at a time, and
   notes whether it mentioned an error. */
static int relay(struct commandform *f, int fd)
{
  struct qsq_report report = QSQ_REPORT_ZERO(relayline, f);
  char buf[4096];
  for (;;) {
    ssize_t r;
    if (f->x->timedout) break; /* a child that left the group may hold the pipe */
    r = read(fd, buf, sizeof buf);
    if (r == -1) {
      if (errno == error_intr && !f->x->timedout) continue;
      break;
    }
    if (r == 0) break;
    qsq_report_feed(&report, buf, (size_t) r);
  }
  qsq_report_end(&report);
  if (f->hidden) {
    char num[FMT_ULONG];
    num[fmt_ulong(num, f->hidden)] = 0;
    strerr_warn4(f->x->prefix, num, " more ", "scanner lines not shown", 0);
  }
  return report.sawerror;
}

void commandform_scan(struct commandform *f)
{
  static char path[] = "PATH=/usr/bin:/bin";
  static char tmpdir[] = "TMPDIR=../tmp";
  struct stdin_exit *x = f->x;
  char *env[3];
  int pfd[2];
  int wstat;
  int code;
  int sawerror;
  pid_t pid;
  int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null == -1) exit_tempsys(x, "unable to open /dev/null: ");
  if (pipe2(pfd, O_CLOEXEC) == -1) exit_tempsys(x, "unable to make a pipe: ");
  /* A fixed environment: nothing of the caller's reaches the scanner. */
  env[0] = path;
  env[1] = tmpdir;
  env[2] = 0;
  pid = start(x, auto_scanner, env, "parts", null, pfd[1]);
  close(pfd[1]);
  close(null);
  sawerror = relay(f, pfd[0]);
  close(pfd[0]);
  wstat = reap(x, pid);
  if (x->timedout) exit_temp(x, "the scanner ran out of time", 0);
  if (wait_crashed(wstat)) exit_temp(x, "the scanner crashed, signal ", codestr(wait_termsig(wstat)));
  code = wait_exitcode(wstat);
  if (code == 1) exit_refused(x, "virus found", 0);
  if (code != 0) exit_temp(x, "the scanner could not decide, exit ", codestr(code));
  if (sawerror) exit_temp(x, "the scanner said clean but reported an error", 0);
}

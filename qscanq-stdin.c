#define _GNU_SOURCE /* pipe2 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "auto_home.h"
#include "auto_scanner.h"
#include "auto_timeout.h"
#include "auto_qmail.h"
#include "byte.h"
#include "env.h"
#include "error.h"
#include "fd.h"
#include "fmt.h"
#include "open.h"
#include "seek.h"
#include "sig.h"
#include "str.h"
#include "strerr.h"
#include "substdio.h"
#include "verdict.h"
#include "wait.h"
#include "outcome.h"

/* qscanq-stdin: runs as the caller, in spool/@ID/work, which qscanq made.
   Saves the message to msg, unpacks it into parts/ with reformime, scans
   parts/ (which also holds msg) with the scanner from conf-scanner, and
   execs the real qmail-queue for clean mail. Every other outcome is an
   exit code from qmail-queue's table and one line on fd 2 saying why.
   fd 1 (the envelope) is never read or written here: qmail-queue gets the
   caller's pipe untouched. */

#define QUEUE_PROG "/qscanq/qmail-queue"
#define QSCANQ_PROG "/bin/qscanq"
#define UNPACKER "/bin/reformime"

/* What a refused or deferred message's log line says first. */
#define REFUSED "refused"
#define DEFERRED "deferred"

/* Output lines of the scanner are cut to this length in the log. */
#define LOGLINE 400

/* cleanup() descends at most this deep: qscanq-stdin's own folders are
   flat, and cleanq removes anything deeper that a killed scanner left. */
#define CLEANUP_DEPTH 8

static char prefix[200];     /* "qscanq: @ID uid N ip X: " */
static char pathbuf[1024];
static char msgbuf[65536];
static char copybuf[65536];

static volatile sig_atomic_t timedout = 0;
static volatile pid_t running = 0; /* process group to kill at the deadline */

/* Appends s to prefix, keeping only bytes that are safe in a log line. */
static size_t addsafe(size_t len, const char *s, const char *allowed, size_t max)
{
  size_t n = 0;
  for (; *s && n < max && len + 1 < sizeof prefix; ++s, ++n)
    prefix[len++] = (char) (allowed[str_chr(allowed, *s)] ? *s : '?');
  prefix[len] = 0;
  return len;
}

static void makeprefix(const char *id)
{
  char num[FMT_ULONG];
  const char *ip = env_get("TCPREMOTEIP");
  size_t len = 0;
  len = addsafe(len, "qscanq: ", "qscan: ", 8);
  len = addsafe(len, id, "@.0123456789abcdef", 64);
  len = addsafe(len, " uid ", " uid", 5);
  num[fmt_ulong(num, (unsigned long) getuid())] = 0;
  len = addsafe(len, num, "0123456789", FMT_ULONG);
  if (ip) {
    len = addsafe(len, " ip ", " ip", 4);
    len = addsafe(len, ip, "0123456789abcdefABCDEF.:", 64);
  }
  addsafe(len, ": ", ": ", 2);
}

/* What is known of the message so far, for the reply on fd 6 and the facts
   qscanq's summary line is built from (outcome.c). */
static struct outcome fate = OUTCOME_ZERO;

static void homepath(const char *suffix)
{
  if (!str_join(pathbuf, sizeof pathbuf, auto_home, suffix)) strerr_die3x(71, prefix, DEFERRED, " (71): conf-home is too long");
}

/* Removes dirfd/name and, if it is a folder, what is inside, not following
   symbolic links. Best effort: whatever stays, cleanq removes later. */
static void removeat(int dirfd, const char *name, int depth)
{
  int fd;
  DIR *dir;
  struct dirent *de;
  if (unlinkat(dirfd, name, 0) == 0 || errno != error_isdir) return;
  if (depth <= 0) return;
  fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd == -1) return;
  dir = fdopendir(fd);
  if (!dir) { close(fd); return; }
  while ((de = readdir(dir)))
    if (!str_equal(de->d_name, ".") && !str_equal(de->d_name, ".."))
      removeat(fd, de->d_name, depth - 1);
  closedir(dir);
  (void) unlinkat(dirfd, name, AT_REMOVEDIR);
}

/* Leaves work/ empty, or as near as the caller's rights allow. */
static void cleanup(void)
{
  removeat(AT_FDCWD, "parts", CLEANUP_DEPTH);
  removeat(AT_FDCWD, "tmp", CLEANUP_DEPTH);
  (void) unlink("msg");
}

__attribute__((noreturn))
static void finish(int code, const char *verdict, const char *why, const char *detail, const struct strerr *se)
{
  char num[FMT_ULONG + 3];
  size_t len = 0;
  static struct strerr saved;
  if (se == &strerr_sys) { /* errno now, before cleanup() changes it */
    strerr_sysinit();
    saved = strerr_sys;
    se = &saved;
  }
  code = outcome_tell(&fate, code, timedout); /* 82 when fd 6 got the reason */
  num[len++] = ' ';
  num[len++] = '(';
  len += fmt_ulong(num + len, (unsigned long) code);
  num[len++] = ')';
  num[len] = 0;
  cleanup();
  strerr_die(code, prefix, verdict, num, ": ", why, detail, se);
}

/* Exit code for a failed write of the copy or a folder: qmail-queue's 51
   for memory, 53 for the disk and everything else about writing. */
static int writecode(int e)
{
  return e == error_nomem ? 51 : 53;
}

/* Writes the copy through the one fd that the unpacker, the checks and
   qmail-queue later read, so that nothing can swap msg in between. */
static int savemessage(void)
{
  substdio ssin;
  substdio ssout;
  int fd = open("msg", O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd == -1) finish(writecode(errno), DEFERRED, "unable to create the copy of the message: ", "", &strerr_sys);
  substdio_fdbuf(&ssin, substdio_read, 0, msgbuf, sizeof msgbuf);
  substdio_fdbuf(&ssout, substdio_write, fd, copybuf, sizeof copybuf);
  switch (substdio_copy(&ssout, &ssin)) {
    case -2: finish(54, DEFERRED, "unable to read the message: ", "", &strerr_sys);
    case -3: finish(writecode(errno), DEFERRED, "unable to write the copy of the message: ", "", &strerr_sys);
  }
  if (substdio_flush(&ssout) == -1) finish(writecode(errno), DEFERRED, "unable to write the copy of the message: ", "", &strerr_sys);
  return fd;
}

/* The read-only fd that everything after the copy uses (qmail-queue gets
   it on fd 0), checked to be the very file that was written. */
static int readonly(int written)
{
  struct stat w;
  struct stat r;
  int fd = open("msg", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd == -1) finish(54, DEFERRED, "unable to reopen the copy: ", "", &strerr_sys);
  if (fstat(written, &w) == -1 || fstat(fd, &r) == -1) finish(71, DEFERRED, "unable to stat the copy: ", "", &strerr_sys);
  if (w.st_dev != r.st_dev || w.st_ino != r.st_ino) finish(71, DEFERRED, "msg is not the copy that was written", "", 0);
  if (close(written) == -1) finish(writecode(errno), DEFERRED, "unable to write the copy of the message: ", "", &strerr_sys);
  return fd;
}

/* parts/ for reformime's output and the scan, tmp/ for the scanner's own
   files. Both 0777 inside the closed spool, so that cleanq (the qscanq
   user) can empty them if this process dies before cleanup(). */
static void makefolders(int msgfd)
{
  static char probe[4096];
  struct stat copy;
  struct stat linked;
  int fd;
  if (mkdir("parts", 0700) == -1 || chmod("parts", 0777) == -1 ||
      mkdir("tmp", 0700) == -1 || chmod("tmp", 0777) == -1)
    finish(writecode(errno), DEFERRED, "unable to make the scan folders: ", "", &strerr_sys);
  /* The raw copy is scanned too, so the scanner's own MIME parser sees the
     message as well. */
  if (link("msg", "parts/msg") == -1)
    finish(writecode(errno), DEFERRED, "unable to link the copy into the scan folder: ", "", &strerr_sys);
  if (fstat(msgfd, &copy) == -1 || lstat("parts/msg", &linked) == -1)
    finish(71, DEFERRED, "unable to stat the copy: ", "", &strerr_sys);
  if (copy.st_dev != linked.st_dev || copy.st_ino != linked.st_ino)
    finish(71, DEFERRED, "parts/msg is not the copy that was written", "", 0);
  /* ClamAV answers OK without scanning when it cannot write its temporary
     files, so make sure it can before asking it anything. */
  fd = open_excl("tmp/probe");
  if (fd == -1) finish(writecode(errno), DEFERRED, "the scanner's temporary folder is not writable: ", "", &strerr_sys);
  if (substdio_allwrite(substdio_write, fd, probe, sizeof probe) == -1 || close(fd) == -1)
    finish(writecode(errno), DEFERRED, "the scanner's temporary folder is not writable: ", "", &strerr_sys);
  if (unlink("tmp/probe") == -1) finish(71, DEFERRED, "unable to remove tmp/probe: ", "", &strerr_sys);
}

static void deadline(int sig)
{
  (void) sig;
  timedout = 1;
  if (running > 0) (void) kill(-running, SIGKILL);
  alarm(1); /* again, in case a blocking read missed this one */
}

/* Runs prog (an absolute path) with args and env in folder dir, in its own
   process group, with fd 0 from fd0 and fds 1 and 2 onto out. Nothing else
   of ours reaches it: not the envelope on fd 1, not fd 6. */
static pid_t start(char *const *args, char *const *env, const char *dir, int fd0, int out)
{
  pid_t pid;
  if (sig_block(SIGALRM) == -1) finish(71, DEFERRED, "unable to block SIGALRM: ", "", &strerr_sys);
  pid = fork();
  if (pid == -1) finish(71, DEFERRED, "unable to fork: ", "", &strerr_sys);
  if (pid == 0) {
    if (setpgid(0, 0) == -1) _exit(71);
    if (sig_default(SIGALRM) == -1 || sig_default(SIGXFSZ) == -1 || sig_default(SIGPIPE) == -1) _exit(71);
    if (sig_blocknone() == -1) _exit(71);
    if (chdir(dir) == -1) _exit(71);
    if (fd_copy(0, fd0) == -1 || fd_copy(1, out) == -1 || fd_copy(2, out) == -1) _exit(71);
    close(6);
    execve(args[0], args, env);
    strerr_die4sys(71, prefix, "unable to run ", args[0], ": ");
  }
  (void) setpgid(pid, pid); /* also here, so the kill can never miss it */
  running = pid;
  if (sig_unblock(SIGALRM) == -1) finish(71, DEFERRED, "unable to unblock SIGALRM: ", "", &strerr_sys);
  if (timedout) (void) kill(-pid, SIGKILL);
  return pid;
}

static int reap(pid_t pid)
{
  int wstat;
  for (;;) {
    pid_t r = waitpid(pid, &wstat, 0);
    if (r == pid) break;
    if (r == -1 && errno == error_intr) continue;
    finish(71, DEFERRED, "unable to wait for a child: ", "", &strerr_sys);
  }
  running = 0;
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
static unsigned long relayed;
static unsigned long hidden;

static void relayline(const char *label, const char *line, size_t len)
{
  outcome_found(&fate, line, len);
  if (relayed >= VERDICT_SCANLINES) { ++hidden; return; }
  ++relayed;
  strerr_warn3(prefix, label, line, 0);
}

/* Relays a child's report to the log, one sanitised line at a time, and
   notes whether it mentioned an error. */
static int relay(int fd, const char *label)
{
  char buf[4096];
  char line[LOGLINE + 1];
  size_t len = 0;
  int cut = 0;
  int sawerror = 0;
  for (;;) {
    ssize_t r;
    size_t i;
    if (timedout) break; /* a child that left the group may hold the pipe */
    r = read(fd, buf, sizeof buf);
    if (r == -1) {
      if (errno == error_intr && !timedout) continue;
      break;
    }
    if (r == 0) break;
    for (i = 0; i < (size_t) r; ++i) {
      char ch = buf[i];
      if (ch == '\n') {
        line[len] = 0;
        relayline(label, line, len);
        len = 0;
        cut = 0;
        continue;
      }
      if (len == LOGLINE) { cut = 1; continue; }
      line[len++] = (char) ((ch >= 32 && ch < 127) ? ch : '?');
      if (len >= 5 && (byte_equal(line + len - 5, 5, "ERROR") || byte_equal(line + len - 5, 5, "Error")))
        sawerror = 1;
    }
  }
  if (len || cut) {
    line[len] = 0;
    relayline(label, line, len);
  }
  if (hidden) {
    char num[FMT_ULONG];
    num[fmt_ulong(num, hidden)] = 0;
    strerr_warn4(prefix, num, " more ", "scanner lines not shown", 0);
    hidden = 0;
  }
  return sawerror;
}

/* The parts reformime made, for the summary line. */
static void countparts(void)
{
  DIR *dir = opendir("parts");
  struct dirent *de;
  long n = 0;
  if (!dir) return;
  while ((de = readdir(dir)))
    if (!str_equal(de->d_name, ".") && !str_equal(de->d_name, "..") && !str_equal(de->d_name, "msg")) ++n;
  closedir(dir);
  fate.parts = n;
}

static void unpack(int msgfd)
{
  char *args[2];
  char *noenv[1];
  int pfd[2];
  int wstat;
  int code;
  pid_t pid;
  homepath(UNPACKER);
  args[0] = pathbuf;
  args[1] = 0;
  noenv[0] = 0;
  if (seek_begin(msgfd) == -1) finish(54, DEFERRED, "unable to rewind the copy: ", "", &strerr_sys);
  /* reformime's own lines go to the log with the ID, like the scanner's */
  if (pipe2(pfd, O_CLOEXEC) == -1) finish(71, DEFERRED, "unable to make a pipe: ", "", &strerr_sys);
  pid = start(args, noenv, "parts", msgfd, pfd[1]);
  close(pfd[1]);
  (void) relay(pfd[0], "");
  close(pfd[0]);
  relayed = 0;
  wstat = reap(pid);
  if (timedout) finish(71, DEFERRED, "unpacking ran out of time", "", 0);
  if (wait_crashed(wstat)) finish(81, DEFERRED, "reformime crashed, signal ", codestr(wait_termsig(wstat)), 0);
  code = wait_exitcode(wstat);
  switch (code) {
    case 0: countparts(); return;
    case 31: finish(31, REFUSED, "the message is beyond the unpacker's limits and can never be scanned", "", 0);
    case 51: case 53: case 54: finish(code, DEFERRED, "reformime failed, exit ", codestr(code), 0);
    default: finish(71, DEFERRED, "reformime failed, exit ", codestr(code), 0);
  }
}

static void scan(void)
{
  static char path[] = "PATH=/usr/bin:/bin";
  static char tmpdir[] = "TMPDIR=../tmp";
  char *env[3];
  int pfd[2];
  int wstat;
  int code;
  int sawerror;
  pid_t pid;
  int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null == -1) finish(71, DEFERRED, "unable to open /dev/null: ", "", &strerr_sys);
  if (pipe2(pfd, O_CLOEXEC) == -1) finish(71, DEFERRED, "unable to make a pipe: ", "", &strerr_sys);
  /* A fixed environment: nothing of the caller's reaches the scanner. */
  env[0] = path;
  env[1] = tmpdir;
  env[2] = 0;
  pid = start(auto_scanner, env, "parts", null, pfd[1]);
  close(pfd[1]);
  close(null);
  sawerror = relay(pfd[0], "scanner: ");
  close(pfd[0]);
  wstat = reap(pid);
  if (timedout) finish(71, DEFERRED, "the scanner ran out of time", "", 0);
  if (wait_crashed(wstat)) finish(71, DEFERRED, "the scanner crashed, signal ", codestr(wait_termsig(wstat)), 0);
  code = wait_exitcode(wstat);
  if (code == 1) finish(31, REFUSED, "virus found", "", 0);
  if (code != 0) finish(71, DEFERRED, "the scanner could not decide, exit ", codestr(code), 0);
  if (sawerror) finish(71, DEFERRED, "the scanner said clean but reported an error", "", 0);
}

/* A clean verdict counts only if the scanner saw what we gave it: if the
   working folder was emptied under the scan (it must not be, see cleanq's
   lock rule), the copy has lost its names. */
static void unchanged(int msgfd)
{
  struct stat st;
  if (fstat(msgfd, &st) == -1) finish(71, DEFERRED, "unable to stat the copy: ", "", &strerr_sys);
  if (st.st_nlink != 2) finish(71, DEFERRED, "the working folder changed during the scan", "", 0);
}

/* Execs the real qmail-queue with the copy on fd 0 and the caller's
   envelope pipe still on fd 1. */
static void queue(int msgfd)
{
  struct stat self;
  struct stat real;
  static char name[] = "qmail-queue";
  char *args[2];
  homepath(QSCANQ_PROG);
  if (stat(pathbuf, &self) == -1) finish(71, DEFERRED, "unable to stat qscanq: ", "", &strerr_sys);
  homepath(QUEUE_PROG);
  if (stat(pathbuf, &real) == -1) finish(71, DEFERRED, "unable to find the real qmail-queue: ", "", &strerr_sys);
  if (real.st_dev == self.st_dev && real.st_ino == self.st_ino)
    finish(71, DEFERRED, "qscanq/qmail-queue leads back to qscanq itself: ", "check install-wrap (see install-wrap(8))", 0);
  if (seek_begin(msgfd) == -1) finish(54, DEFERRED, "unable to rewind the copy: ", "", &strerr_sys);
  if (fd_move(0, msgfd) == -1) finish(71, DEFERRED, "unable to move the copy to fd 0: ", "", &strerr_sys);
  cleanup(); /* the open copy on fd 0 outlives its names */
  /* qmail-queue keeps its own 24-hour alarm: leave it nothing blocked,
     ignored or pending. */
  alarm(0);
  if (sig_default(SIGALRM) == -1 || sig_default(SIGXFSZ) == -1 || sig_default(SIGPIPE) == -1 || sig_blocknone() == -1)
    finish(71, DEFERRED, "unable to restore signals: ", "", &strerr_sys);
  args[0] = name;
  args[1] = 0;
  outcome_queue(&fate);
  execv(pathbuf, args);
  finish(71, DEFERRED, "unable to run the real qmail-queue: ", "", &strerr_sys);
}

int main(int argc, char **argv)
{
  int msgfd;
  struct stat st;
  makeprefix(argc > 1 ? argv[1] : "?");
  outcome_start(&fate, argc > 1 ? argv[1] : "?", argc > 2 ? argv[2] : 0, auto_scanner[0]);
  umask(077);
  /* Other processes of the same uid (every SMTP session runs as qmaild)
     may not trace us or reach the copy through /proc/PID/cwd. */
  (void) prctl(PR_SET_DUMPABLE, 0);
  /* A file size limit must become EFBIG (53), not a crash; a closed log
     must not kill us half way. */
  if (sig_ignore(SIGXFSZ) == -1 || sig_ignore(SIGPIPE) == -1 || sig_default(SIGCHLD) == -1)
    finish(71, DEFERRED, "unable to set up signals: ", "", &strerr_sys);

  msgfd = readonly(savemessage());
  if (fstat(msgfd, &st) == 0) fate.bytes = (unsigned long) st.st_size;
  makefolders(msgfd);

  if (sig_catch(SIGALRM, deadline) == -1) finish(71, DEFERRED, "unable to catch SIGALRM: ", "", &strerr_sys);
  alarm((unsigned int) auto_timeout);
  fate.stage = VERDICT_UNPACKING;
  unpack(msgfd);
  fate.stage = VERDICT_SCANNING;
  scan();
  alarm(0);
  unchanged(msgfd);
  fate.stage = VERDICT_QUEUEING;
  queue(msgfd);
  return 71;
}

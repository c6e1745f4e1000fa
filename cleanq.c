#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "auto_home.h"
#include "auto_timeout.h"
#include "byte.h"
#include "error.h"
#include "fmt.h"
#include "qsq.h"
#include "qsq_path.h"
#include "sig.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"
#include "subfd.h"
#include "substdio.h"
#include "sweep.h"
#include "taia.h"
#include "verdict.h"

/* cleanq: deletes the working folders in the spool that are no longer in
   use. Runs for ever under supervise, as the qscanq user; sweeps at start,
   whenever it gets SIGALRM (run-cleanq, svc -a), and every INTERVAL seconds
   anyway. Logs what it deletes on stdout, one line per folder.

   It never follows a symbolic link and never leaves the spool: every name
   is opened relative to a descriptor of the folder that holds it, with
   O_NOFOLLOW, and a folder on another file system is not entered. Nothing
   recurses: a subfolder is emptied one level deep and its own subfolders
   are moved up into the working folder, where they wait their turn, so a
   nesting of any depth costs constant memory and linear time. Every loop
   is bounded: the work on one folder in one sweep by BUDGET, the rest by
   what is in the spool, which only qscanq and cleanq write.

   The remover and the decision on each entry of the spool are sweep/'s
   (with their unit tests); this file gathers the facts, acts and logs. */

#define FATAL "cleanq: fatal: "

/* Seconds between timed sweeps, however often cleanq is woken meanwhile. */
#define INTERVAL 300
/* A working folder younger than this is in use whatever its mode: qscanq
   sets the sticky bit with mkdir, then again with chmod in case the system
   dropped it, and this covers the time in between (microseconds). Longer
   would only leave done folders lying about: in-use folders are marked,
   and qscanq's lock covers slow messages. */
#define GRACE 10
/* Steps on one working folder in one sweep: one for each entry read,
   SWEEP_FOLDERSTEPS for each folder entered (it takes that many times the
   system calls). A caller's process whose current folder is inside a
   folder of its own (it can have one through its scanner's /proc/PID/cwd)
   can keep making folders there for as long as cleanq moves them up,
   each pass making progress: without a bound that would keep cleanq in
   that folder for ever. The budget is a few seconds of work, and far
   above what a message leaves: reformime makes at most MIME_MAXPARTS
   (100,000) files, in a handful of folders. Past it the folder waits,
   logged, for the next timed sweep, and the sweep goes on. */
#define BUDGET 250000

/* 1 if some process holds the lock on spool/name: qscanq keeps one on
   its folder for as long as it runs, so a folder that is old but still
   locked is a slow message, not an abandoned one. */
static int locked(int spoolfd, const char *name)
{
  int held;
  int fd = openat(spoolfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd == -1) return errno != error_noent; /* unsure: leave it for now */
  held = flock(fd, LOCK_SH | LOCK_NB) == -1;
  close(fd);
  return held;
}

static int quitting; /* SIGTERM or SIGINT arrived: stop at the next safe point */
static int timed;    /* a timed sweep (at start, then every INTERVAL s): retries stuck folders */

static int stopping(void);

/* The remover (sweep/), for one folder of the spool at a time; its dev is
   the spool's, set at start. */
static struct sweep rm = { .budget = BUDGET, .stop = stopping };

/* Folders that could not be deleted: those of the last sweep, and this one's.
   A folder in stuck is left alone until the next timed sweep, so that a
   caller's unremovable leftovers cost one log line every few minutes, not
   one per message. Each list holds names ending in NUL. */
static stralloc stuck = STRALLOC_ZERO;
static stralloc stucknow = STRALLOC_ZERO;

/* ---- the log: best effort, since the only alternative is to stop cleaning */

static void out(const char *s, size_t len)
{
  (void) substdio_put(subfdout, s, len);
}

static void outs(const char *s)
{
  out(s, str_len(s));
}

static void outulong(unsigned long u)
{
  char num[FMT_ULONG];
  out(num, fmt_ulong(num, u));
}

/* A name as it may be found in the spool: any byte but NUL and /. Whatever
   is not printable ASCII, and the backslash and space, become \xHH, so that
   one entry is one line and no raw byte reaches the log. */
static void outname(const char *s)
{
  for (; *s; ++s) {
    unsigned char ch = (unsigned char) *s;
    if (ch > ' ' && ch < 127 && ch != '\\')
      out(s, 1);
    else {
      char hex[4];
      hex[0] = '\\';
      hex[1] = 'x';
      hex[2] = "0123456789abcdef"[ch >> 4];
      hex[3] = "0123456789abcdef"[ch & 15];
      out(hex, 4);
    }
  }
}

static void outline(void)
{
  outs("\n");
  (void) substdio_flush(subfdout);
}

/* ---- signals */

/* A pending SIGTERM or SIGINT: both stay blocked, so nothing is ever
   interrupted half-way; cleanq looks for them between two entries. */
static int stopping(void)
{
  sigset_t pending;
  if (!quitting && sigpending(&pending) == 0 &&
      (sigismember(&pending, SIGTERM) == 1 || sigismember(&pending, SIGINT) == 1))
    quitting = 1;
  return quitting;
}

static void nomem(void)
{
  strerr_die2x(QSQ_EXIT_FAIL, FATAL, "out of memory");
}

/* The summary line qscanq left in a done folder (spool/name/verdict), for
   the administrator's log: the caller's fd 2, where qscanq wrote it first,
   may lead nowhere. Only qscanq writes there, but it is read as if anyone
   could have: no link followed, a regular file only, its first line, at
   most VERDICT_LINE bytes, printable ASCII, and it must name this folder.
   Its length (0: nothing to log) into line, which ends in NUL. */
static size_t readverdict(int spoolfd, const char *name, char *line)
{
  char buf[VERDICT_LINE];
  struct stat st;
  size_t len = 0;
  size_t n;
  int dir;
  int fd;
  line[0] = 0;
  dir = openat(spoolfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (dir == -1) return 0;
  fd = openat(dir, "verdict", O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  close(dir);
  if (fd == -1) return 0;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
    while (len < sizeof buf) {
      ssize_t r = read(fd, buf + len, sizeof buf - len);
      if (r <= 0) break;
      len += (size_t) r;
    }
  close(fd);
  n = verdict_clean(line, VERDICT_LINE, buf, len);
  line[n] = 0;
  if (!n) return 0;
  if (!str_start(line, "qscanq: ") || !str_start(line + 8, name) || line[8 + str_len(name)] != ' ') {
    n = fmt_str(line, "(a verdict that does not name its folder)");
    line[n] = 0;
  }
  return n;
}

static void logfailure(const char *name)
{
  outs("warning: unable to delete ");
  outname(name);
  outs(": ");
  if (rm.exhausted) {
    outs("over the budget of ");
    outulong(BUDGET);
    outs(" steps in one sweep (is something still writing in it?)");
  }
  else if (rm.errnum) {
    outs(rm.errwhat);
    outname(rm.errname);
    outs(": ");
    outs(error_str(rm.errnum));
  }
  else
    outs("still not empty after several passes");
  outline();
}

static void addstuck(const char *name)
{
  if (!stralloc_cats(&stucknow, name) || !stralloc_0(&stucknow)) nomem();
}

static const char *kind(mode_t m)
{
  if (S_ISDIR(m)) return "folder";
  if (S_ISREG(m)) return "file";
  if (S_ISLNK(m)) return "symbolic link";
  if (S_ISFIFO(m)) return "named pipe";
  if (S_ISSOCK(m)) return "socket";
  return "device";
}

/* Something that is no working folder of qscanq's: nobody but qscanq writes
   in the spool, so it should not be there. Removed, and logged. */
static int suspicious(int spoolfd, const char *name, mode_t mode)
{
  int r;
  if (S_ISDIR(mode))
    r = sweep_remove(&rm, spoolfd, name);
  else {
    sweep_fresh(&rm);
    r = unlinkat(spoolfd, name, 0);
    if (r == -1 && errno == error_noent) return 0;
    if (r == -1) sweep_failed(&rm, "unable to remove ", name);
  }
  if (quitting) return 0;
  if (r == -1) { logfailure(name); return -1; }
  outs("suspicious: deleted ");
  outs(kind(mode));
  outs(" ");
  outname(name);
  outline();
  return 1;
}

static unsigned long millis(const struct timespec *a, const struct timespec *b)
{
  long ms = (b->tv_sec - a->tv_sec) * 1000L + (b->tv_nsec - a->tv_nsec) / 1000000L;
  return ms < 0 ? 0 : (unsigned long) ms;
}

/* Deletes the done folder spool/name, or the abandoned one (age s old),
   and logs it. 1 when it is gone, 0 when the sweep was stopped, -1 when
   it could not be deleted (logged). */
static int delete(int spoolfd, const char *name, int marked, uint64_t age)
{
  static char verdict[VERDICT_LINE + 1];
  if (!marked) (void) readverdict(spoolfd, name, verdict);
  else verdict[0] = 0;
  if (sweep_remove(&rm, spoolfd, name) == 0) {
    if (verdict[0]) {
      if (verdict[0] == '(') { outs("verdict "); outs(name); outs(": "); }
      outs(verdict);
      outline();
    }
    outs("deleted ");
    outs(name);
    if (marked) {
      outs(": abandoned after ");
      outulong((unsigned long) age);
      outs(" s");
    }
    else
      outs(": done");
    outline();
    return 1;
  }
  if (quitting) {
    outs("leaving ");
    outs(name);
    outs(" half-deleted for the next run");
    outline();
    return 0;
  }
  logfailure(name);
  return -1;
}

/* What a sweep did, for its summary line. */
struct tally {
  unsigned long deleted;
  unsigned long inuse;
  unsigned long odd;      /* suspicious entries deleted */
  unsigned long failures;
  unsigned long skipped;  /* stuck before, left for the timed sweep */
};

/* Finds out what sweep_decide asks about spool/name, decides, and acts. */
static void entry(int spoolfd, const char *name, uint64_t now, struct tally *t)
{
  struct sweep_rules rules = { .grace = GRACE, .abandon = 3 * (uint64_t) auto_timeout };
  struct sweep_entry e = { .name = name, .now = now, .timed = timed };
  struct stat st;
  uint64_t age;
  int r;

  for (;;)
    switch (sweep_decide(&e, &rules, &age)) {
      case SWEEP_IGNORE: return;
      case SWEEP_ASKSTAT:
        if (fstatat(spoolfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) { e.stat = SWEEP_STAT_OK; e.mode = st.st_mode; }
        else e.stat = errno == error_noent ? SWEEP_STAT_GONE : SWEEP_STAT_FAILED;
        break;
      case SWEEP_ASKSTUCK:
        e.stuck = sweep_listed(stuck.s, stuck.len, name) ? SWEEP_YES : SWEEP_NO;
        break;
      case SWEEP_ASKLOCK:
        e.lock = locked(spoolfd, name) ? SWEEP_YES : SWEEP_NO;
        break;
      case SWEEP_STATFAIL:
        sweep_fresh(&rm);
        sweep_failed(&rm, "unable to stat ", name);
        logfailure(name);
        ++t->failures;
        return;
      case SWEEP_INUSE: ++t->inuse; return;
      case SWEEP_WAIT: addstuck(name); ++t->skipped; return;
      case SWEEP_SUSPICIOUS:
        r = suspicious(spoolfd, name, e.mode);
        if (r == 1) ++t->odd;
        if (r == -1) { addstuck(name); ++t->failures; }
        return;
      case SWEEP_DONE:
      case SWEEP_ABANDONED:
        r = delete(spoolfd, name, (e.mode & S_ISVTX) != 0, age);
        if (r == 1) ++t->deleted;
        if (r == -1) { addstuck(name); ++t->failures; }
        return;
    }
}

static void sweep(void)
{
  struct tally t = { 0 };
  struct timespec start, end;
  struct taia now;
  struct dirent *de;
  DIR *d;

  if (clock_gettime(CLOCK_MONOTONIC, &start) == -1) byte_zero(&start, sizeof start);
  stucknow.len = 0;
  d = opendir(".");
  if (!d) {
    strerr_warn2("warning: unable to read the spool: ", 0, &strerr_sys);
    return;
  }
  taia_now(&now);
  while (!stopping()) {
    errno = 0;
    de = readdir(d);
    if (!de) {
      if (errno) strerr_warn2("warning: unable to read the spool: ", 0, &strerr_sys);
      break;
    }
    entry(dirfd(d), de->d_name, now.sec.x, &t);
  }
  closedir(d);
  if (!stralloc_copy(&stuck, &stucknow)) nomem();

  if (t.deleted || t.odd || t.failures) {
    if (clock_gettime(CLOCK_MONOTONIC, &end) == -1) end = start;
    outs("sweep: ");
    outulong(t.deleted);
    outs(" deleted, ");
    outulong(t.inuse);
    outs(" in use, ");
    outulong(t.odd);
    outs(" suspicious, ");
    outulong(t.failures + t.skipped);
    outs(" stuck, ");
    outulong(millis(&start, &end));
    outs(" ms");
    outline();
  }
}

/* A file system mounted over the spool (or the spool moved, removed,
   replaced) leaves cleanq sweeping the folder it opened, while qscanq,
   which finds the spool by its path, fills the new one: every message
   is then deferred once that one is full. So, before each sweep: is the
   path still the folder cleanq is in? If not, cleanq says so and exits
   111, and supervise starts it again, on whatever the path now is: a
   fresh start needs no state carried over (the old folder's stuck list,
   its device for the remover). */
static void samespool(const char *path)
{
  struct stat here;
  struct stat there;

  if (stat(".", &here) == -1) strerr_die2sys(QSQ_EXIT_FAIL, FATAL, "unable to stat the spool: ");
  if (stat(path, &there) == -1)
    strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "the spool is gone, exiting to start again: unable to stat ", path, ": ");
  if (here.st_dev != there.st_dev || here.st_ino != there.st_ino)
    strerr_die4x(QSQ_EXIT_FAIL, FATAL, path, " is no longer the folder cleanq sweeps (a file system mounted over it, or the spool replaced): exiting, to start again on the new one", "");
}

static void monotonic(struct timespec *t)
{
  if (clock_gettime(CLOCK_MONOTONIC, t) == -1) strerr_die2sys(QSQ_EXIT_FAIL, FATAL, "unable to read the clock: ");
}

/* Waits for SIGALRM or SIGHUP (a wake-up), SIGTERM or SIGINT (quitting),
   or the deadline. The signals stay blocked and are taken here, so one that
   arrives during a sweep is kept pending and starts the next sweep at once:
   no wake-up is ever lost, and nothing spins. */
static void waitforwake(const sigset_t *set, const struct timespec *deadline)
{
  struct timespec now;
  struct timespec left;
  int sig;

  for (;;) {
    monotonic(&now);
    left.tv_sec = deadline->tv_sec - now.tv_sec;
    left.tv_nsec = deadline->tv_nsec - now.tv_nsec;
    if (left.tv_nsec < 0) { left.tv_nsec += 1000000000L; --left.tv_sec; }
    if (left.tv_sec < 0) return;
    sig = sigtimedwait(set, 0, &left);
    if (sig == SIGTERM || sig == SIGINT) { quitting = 1; return; }
    if (sig == SIGALRM || sig == SIGHUP) return;
    if (sig == -1 && errno == error_again) return;
    if (sig == -1 && errno != error_intr) strerr_die2sys(QSQ_EXIT_FAIL, FATAL, "unable to wait for signals: ");
  }
}

int main(void)
{
  static stralloc path = STRALLOC_ZERO;
  struct timespec next;
  struct timespec now;
  struct stat st;
  sigset_t set;

  /* Blocked first, then given their default action: a signal ignored when
     it arrives would be thrown away even while blocked. */
  if (sigemptyset(&set) == -1 || sigaddset(&set, SIGALRM) == -1 || sigaddset(&set, SIGHUP) == -1 ||
      sigaddset(&set, SIGTERM) == -1 || sigaddset(&set, SIGINT) == -1 ||
      sigprocmask(SIG_BLOCK, &set, 0) == -1)
    strerr_die2sys(QSQ_EXIT_FAIL, FATAL, "unable to block signals: ");
  if (sig_default(SIGALRM) == -1 || sig_default(SIGHUP) == -1 ||
      sig_default(SIGTERM) == -1 || sig_default(SIGINT) == -1)
    strerr_die2sys(QSQ_EXIT_FAIL, FATAL, "unable to set signal actions: ");
  /* A dead log must not stop the cleaning: writes then just fail. */
  if (sig_ignore(SIGPIPE) == -1) strerr_die2sys(QSQ_EXIT_FAIL, FATAL, "unable to ignore SIGPIPE: ");

  if (!stralloc_copys(&path, auto_home) || !stralloc_cats(&path, QSQ_PATH_SPOOL) || !stralloc_0(&path)) nomem();
  /* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): stralloc_0 succeeded, so path.s is set */
  if (chdir(path.s) == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to switch to ", path.s, ": ");
  if (lstat(".", &st) == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to stat ", path.s, ": ");
  rm.dev = st.st_dev;

  outs("start: sweeping ");
  outname(path.s);
  outs(" every ");
  outulong(INTERVAL);
  outs(" s and when woken");
  outline();

  /* The timed sweeps keep their pace however often cleanq is woken, so
     that folders that got stuck are retried every INTERVAL seconds even on
     a busy server. */
  monotonic(&next);
  for (;;) {
    monotonic(&now);
    timed = now.tv_sec >= next.tv_sec;
    if (timed) next.tv_sec = now.tv_sec + INTERVAL;
    samespool(path.s);
    sweep();
    if (stopping()) break;
    waitforwake(&set, &next);
    if (quitting) break;
  }
  outs("exit: asked to stop");
  outline();
  return 0;
}

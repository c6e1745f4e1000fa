#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h> /* renameat() only: no stdio streams */
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
#include "sig.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"
#include "subfd.h"
#include "substdio.h"
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
   what is in the spool, which only qscanq and cleanq write. */

#define FATAL "cleanq: fatal: "

#define SPOOL "/qscanq/spool"

/* Seconds between timed sweeps, however often cleanq is woken meanwhile. */
#define INTERVAL 300
/* A working folder younger than this is in use whatever its mode: qscanq
   sets the sticky bit with mkdir, then again with chmod in case the system
   dropped it, and this covers the time in between (microseconds). Longer
   would only leave done folders lying about: in-use folders are marked,
   and qscanq's lock covers slow messages. */
#define GRACE 10
/* Passes over one working folder in one sweep: what is left after them
   waits for the next timed sweep. */
#define PASSES 8
/* Steps on one working folder in one sweep: one for each entry read,
   FOLDERSTEPS for each folder entered (it takes that many times the
   system calls). A caller's process whose current folder is inside a
   folder of its own (it can have one through its scanner's /proc/PID/cwd)
   can keep making folders there for as long as cleanq moves them up,
   each pass making progress: without a bound that would keep cleanq in
   that folder for ever. The budget is a few seconds of work, and far
   above what a message leaves: reformime makes at most MIME_MAXPARTS
   (100,000) files, in a handful of folders. Past it the folder waits,
   logged, for the next timed sweep, and the sweep goes on. */
#define BUDGET 250000
#define FOLDERSTEPS 4
/* Names a subfolder can be moved up to before cleanq gives up on it. */
#define HOISTTRIES 100

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

static dev_t spooldev;
static int quitting; /* SIGTERM or SIGINT arrived: stop at the next safe point */
static int timed;    /* a timed sweep (at start, then every INTERVAL s): retries stuck folders */

static unsigned long hoisted;  /* counter for the names of moved-up folders */
static unsigned long progress; /* entries removed or moved so far */
static unsigned long steps;    /* spent on the folder being deleted */
static int exhausted;          /* ... and that went over BUDGET */

/* The first failure inside the folder being deleted, for its log line. */
static int errnum;
static const char *errwhat;
static stralloc errname = STRALLOC_ZERO;

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

/* n more steps on the folder being deleted: 0 while within BUDGET, 1
   once it is spent (the callers then stop, as for SIGTERM). */
static int spent(unsigned long n)
{
  steps += n;
  if (steps > BUDGET) exhausted = 1;
  return exhausted;
}

/* ---- the working folders */

static int hexdigit(char c)
{
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* @ + 24 hex digits of TAI64N + . + pid in hex + . + counter, as qscanq
   makes it. Gives the label's seconds. */
static int parseid(const char *name, uint64_t *sec)
{
  uint64_t x = 0;
  size_t i;
  size_t n;
  if (name[0] != '@') return 0;
  for (i = 1; i <= 24; ++i) {
    int h = hexdigit(name[i]);
    if (h < 0) return 0;
    if (i <= 16) x = (x << 4) | (uint64_t) h;
  }
  if (name[i++] != '.') return 0;
  for (n = 0; hexdigit(name[i]) >= 0; ++i) ++n;
  if (!n || n > 16 || name[i++] != '.') return 0;
  for (n = 0; hexdigit(name[i]) >= 0; ++i) ++n;
  if (!n || n > 20 || name[i]) return 0;
  *sec = x;
  return 1;
}

static void nomem(void)
{
  strerr_die2x(111, FATAL, "out of memory");
}

/* Starts on a new entry of the spool: no failure, no step yet. */
static void fresh(void)
{
  errnum = 0;
  steps = 0;
  exhausted = 0;
}

/* Records the first failure inside a folder; errno is the reason. */
static void failed(const char *what, const char *name)
{
  if (errnum) return;
  errnum = errno ? errno : error_io;
  errwhat = what;
  if (!stralloc_copys(&errname, name) || !stralloc_0(&errname)) nomem();
}

static int isdot(const char *name)
{
  return name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2]));
}

/* A name for a folder moved up into the working folder. Callers can't make
   names there (it is 0700), so these only meet each other. */
static void hoistname(char *buf, unsigned long n)
{
  size_t len = fmt_str(buf, ".cleanq.");
  len += fmt_xlong(buf + len, n);
  buf[len] = 0;
}
#define HOISTNAME (8 + FMT_XLONG + 1)

static void clearchild(int parent, const char *name, int top);

/* Moves the folder dir/name up into top, where it waits its turn. */
static void hoist(int dir, const char *name, int top)
{
  char to[HOISTNAME];
  int tries;
  int e;
  for (tries = 0; tries < HOISTTRIES; ++tries) {
    hoistname(to, hoisted++);
    if (renameat(dir, name, top, to) == 0) { ++progress; return; }
    /* the name is taken by a leftover of an earlier run: take the next */
    if (errno != error_exist && errno != ENOTEMPTY && errno != error_notdir && errno != error_isdir) break;
  }
  if (errno == error_noent) return;
  /* Moving a folder needs write access to it. One we may not write to
     can still go if it is empty. */
  e = errno;
  if (unlinkat(dir, name, AT_REMOVEDIR) == 0) { ++progress; return; }
  if (errno == error_noent) return;
  errno = e;
  failed("unable to move ", name);
}

/* Removes dir/name, whatever it is; a folder is emptied first (in top, or
   moved up into top from deeper down). type is readdir's d_type. */
static void removeentry(int dir, const char *name, int top, unsigned char type)
{
  if (type != DT_DIR) {
    struct stat st;
    int e;
    if (unlinkat(dir, name, 0) == 0) { ++progress; return; }
    if (errno == error_noent) return;
    /* unlink refuses a folder: EISDIR on Linux, EPERM elsewhere */
    e = errno;
    if ((e != error_isdir && e != error_perm) ||
        fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == -1 || !S_ISDIR(st.st_mode)) {
      errno = e;
      failed("unable to remove ", name);
      return;
    }
  }
  if (dir == top)
    clearchild(top, name, top);
  else
    hoist(dir, name, top);
}

/* Empties the folder parent/name one level deep, moving its subfolders up
   into top, then removes it. */
static void clearchild(int parent, const char *name, int top)
{
  struct stat st;
  struct dirent *de;
  DIR *d;
  int fd;

  if (spent(FOLDERSTEPS)) return;
  fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd == -1) {
    int e = errno;
    if (e == error_noent) return;
    if (e == error_notdir || e == error_loop) { /* not a folder (any more) */
      if (unlinkat(parent, name, 0) == 0) ++progress;
      else if (errno != error_noent) failed("unable to remove ", name);
      return;
    }
    /* a folder we may not read: it can still go if it is empty */
    if (unlinkat(parent, name, AT_REMOVEDIR) == 0) { ++progress; return; }
    if (errno == error_noent) return;
    errno = e;
    failed("unable to open ", name);
    return;
  }
  if (fstat(fd, &st) == -1) { failed("unable to stat ", name); close(fd); return; }
  if (st.st_dev != spooldev) { /* something is mounted there: not ours */
    errno = EXDEV;
    failed("refusing to enter ", name);
    close(fd);
    return;
  }
  d = fdopendir(fd);
  if (!d) { failed("unable to read ", name); close(fd); return; }
  while (!stopping() && !spent(1)) {
    errno = 0;
    de = readdir(d);
    if (!de) {
      if (errno) failed("unable to read ", name);
      break;
    }
    if (isdot(de->d_name)) continue;
    if (de->d_type == DT_DIR)
      hoist(fd, de->d_name, top);
    else
      removeentry(fd, de->d_name, top, de->d_type);
  }
  closedir(d);
  if (quitting || exhausted) return;
  if (unlinkat(parent, name, AT_REMOVEDIR) == 0) { ++progress; return; }
  /* not empty: something arrived meanwhile, or stayed; the next pass sees */
  if (errno != error_noent && errno != ENOTEMPTY && errno != error_exist)
    failed("unable to remove ", name);
}

/* Empties the folder top. 0 when it is empty, -1 when it is not. */
static int emptyfolder(int top)
{
  char name[HOISTNAME];
  unsigned long next = hoisted;
  int pass;

  for (pass = 0; pass < PASSES; ++pass) {
    unsigned long before = progress;
    struct dirent *de;
    DIR *d;
    int seen = 0;
    int fd;

    /* a fresh descriptor, so that each pass reads from the beginning */
    fd = openat(top, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd == -1) { failed("unable to open ", "."); return -1; }
    d = fdopendir(fd);
    if (!d) { failed("unable to read ", "."); close(fd); return -1; }
    while (!stopping() && !spent(1)) {
      errno = 0;
      de = readdir(d);
      if (!de) {
        if (errno) failed("unable to read ", ".");
        break;
      }
      if (isdot(de->d_name)) continue;
      seen = 1;
      removeentry(top, de->d_name, top, de->d_type);
    }
    closedir(d);
    /* The folders moved up, in order, whether or not readdir saw them;
       emptying each may move up more. */
    while (next != hoisted && !stopping() && !exhausted) {
      hoistname(name, next++);
      clearchild(top, name, top);
    }
    if (quitting || exhausted) return -1;
    if (!seen) return 0;
    if (progress == before) return -1; /* stuck: errnum says why */
  }
  return -1;
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

/* Deletes the folder spool/name and everything in it. 0 when it is gone. */
static int removefolder(int spoolfd, const char *name)
{
  struct stat st;
  int top;
  int r;

  fresh();
  top = openat(spoolfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (top == -1) {
    if (errno == error_noent) return 0;
    failed("unable to open ", name);
    return -1;
  }
  if (fstat(top, &st) == -1) { failed("unable to stat ", name); close(top); return -1; }
  if (st.st_dev != spooldev) {
    errno = EXDEV;
    failed("refusing to enter ", name);
    close(top);
    return -1;
  }
  r = emptyfolder(top);
  close(top);
  if (r == -1) return -1;
  if (unlinkat(spoolfd, name, AT_REMOVEDIR) == 0 || errno == error_noent) return 0;
  failed("unable to remove ", name);
  return -1;
}

static void logfailure(const char *name)
{
  outs("warning: unable to delete ");
  outname(name);
  outs(": ");
  if (exhausted) {
    outs("over the budget of ");
    outulong(BUDGET);
    outs(" steps in one sweep (is something still writing in it?)");
  }
  else if (errnum) {
    outs(errwhat);
    outname(errname.s);
    outs(": ");
    outs(error_str(errnum));
  }
  else
    outs("still not empty after several passes");
  outline();
}

static int instuck(const char *name)
{
  size_t i = 0;
  while (i < stuck.len) {
    if (str_equal(stuck.s + i, name)) return 1;
    i += str_len(stuck.s + i) + 1;
  }
  return 0;
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
static int suspicious(int spoolfd, const char *name, const struct stat *st)
{
  int r;
  if (S_ISDIR(st->st_mode))
    r = removefolder(spoolfd, name);
  else {
    fresh();
    r = unlinkat(spoolfd, name, 0);
    if (r == -1 && errno == error_noent) return 0;
    if (r == -1) failed("unable to remove ", name);
  }
  if (quitting) return 0;
  if (r == -1) { logfailure(name); return -1; }
  outs("suspicious: deleted ");
  outs(kind(st->st_mode));
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

static void sweep(void)
{
  static char verdict[VERDICT_LINE + 1];
  unsigned long deleted = 0, inuse = 0, odd = 0, failures = 0, skipped = 0;
  struct timespec start, end;
  struct taia now;
  struct dirent *de;
  struct stat st;
  DIR *d;
  int spoolfd;

  if (clock_gettime(CLOCK_MONOTONIC, &start) == -1) byte_zero(&start, sizeof start);
  stucknow.len = 0;
  d = opendir(".");
  if (!d) {
    strerr_warn2("warning: unable to read the spool: ", 0, &strerr_sys);
    return;
  }
  spoolfd = dirfd(d);
  taia_now(&now);

  while (!stopping()) {
    const char *name;
    uint64_t sec;
    uint64_t age;
    errno = 0;
    de = readdir(d);
    if (!de) {
      if (errno) strerr_warn2("warning: unable to read the spool: ", 0, &strerr_sys);
      break;
    }
    name = de->d_name;
    if (isdot(name)) continue;
    if (fstatat(spoolfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
      if (errno == error_noent) continue; /* a race with qscanq or ourselves: normal */
      fresh();
      failed("unable to stat ", name);
      logfailure(name);
      ++failures;
      continue;
    }
    if (!S_ISDIR(st.st_mode) || !parseid(name, &sec)) {
      if (!timed && instuck(name)) { addstuck(name); ++skipped; continue; }
      switch (suspicious(spoolfd, name, &st)) {
        case 1: ++odd; break;
        case -1: addstuck(name); ++failures; break;
      }
      continue;
    }
    /* Age from the name; a label in the future (the clock was set back)
       counts as old as it is far ahead. */
    age = now.sec.x >= sec ? now.sec.x - sec : sec - now.sec.x;
    if (st.st_mode & S_ISVTX) {
      if (age <= 3 * (uint64_t) auto_timeout) { ++inuse; continue; }
      if (locked(spoolfd, name)) { ++inuse; continue; }
    }
    else if (age < GRACE) { ++inuse; continue; }
    if (!timed && instuck(name)) { addstuck(name); ++skipped; continue; }
    if (!(st.st_mode & S_ISVTX)) (void) readverdict(spoolfd, name, verdict);
    else verdict[0] = 0;
    if (removefolder(spoolfd, name) == 0) {
      ++deleted;
      if (verdict[0]) {
        if (verdict[0] == '(') { outs("verdict "); outs(name); outs(": "); }
        outs(verdict);
        outline();
      }
      outs("deleted ");
      outs(name);
      if (st.st_mode & S_ISVTX) {
        outs(": abandoned after ");
        outulong((unsigned long) age);
        outs(" s");
      }
      else
        outs(": done");
      outline();
    }
    else if (quitting) {
      outs("leaving ");
      outs(name);
      outs(" half-deleted for the next run");
      outline();
    }
    else {
      logfailure(name);
      addstuck(name);
      ++failures;
    }
  }
  closedir(d);
  if (!stralloc_copy(&stuck, &stucknow)) nomem();

  if (deleted || odd || failures) {
    if (clock_gettime(CLOCK_MONOTONIC, &end) == -1) end = start;
    outs("sweep: ");
    outulong(deleted);
    outs(" deleted, ");
    outulong(inuse);
    outs(" in use, ");
    outulong(odd);
    outs(" suspicious, ");
    outulong(failures + skipped);
    outs(" stuck, ");
    outulong(millis(&start, &end));
    outs(" ms");
    outline();
  }
}

static void monotonic(struct timespec *t)
{
  if (clock_gettime(CLOCK_MONOTONIC, t) == -1) strerr_die2sys(111, FATAL, "unable to read the clock: ");
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
    if (sig == -1 && errno != error_intr) strerr_die2sys(111, FATAL, "unable to wait for signals: ");
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
    strerr_die2sys(111, FATAL, "unable to block signals: ");
  if (sig_default(SIGALRM) == -1 || sig_default(SIGHUP) == -1 ||
      sig_default(SIGTERM) == -1 || sig_default(SIGINT) == -1)
    strerr_die2sys(111, FATAL, "unable to set signal actions: ");
  /* A dead log must not stop the cleaning: writes then just fail. */
  if (sig_ignore(SIGPIPE) == -1) strerr_die2sys(111, FATAL, "unable to ignore SIGPIPE: ");

  if (!stralloc_copys(&path, auto_home) || !stralloc_cats(&path, SPOOL) || !stralloc_0(&path)) nomem();
  /* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): stralloc_0 succeeded, so path.s is set */
  if (chdir(path.s) == -1) strerr_die4sys(111, FATAL, "unable to switch to ", path.s, ": ");
  if (lstat(".", &st) == -1) strerr_die4sys(111, FATAL, "unable to stat ", path.s, ": ");
  spooldev = st.st_dev;

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
    sweep();
    if (stopping()) break;
    waitforwake(&set, &next);
    if (quitting) break;
  }
  outs("exit: asked to stop");
  outline();
  return 0;
}

#define _GNU_SOURCE /* pipe2 */
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "auto_home.h"
#include "auto_scanner.h"
#include "auto_timeout.h"
#include "auto_dbage.h"
#include "byte.h"
#include "env.h"
#include "error.h"
#include "fd.h"
#include "fmt.h"
#include "mime.h"
#include "open.h"
#include "qsq.h"
#include "scan.h"
#include "seek.h"
#include "sig.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"
#include "substdio.h"
#include "verdict.h"
#include "wait.h"
#include "outcome.h"
#include "policy.h"

/* qscanq-stdin ID [FACTS FD]: runs as the caller, non-dumpable, in
   spool/@ID/work, which qscanq made. Saves the message to msg, unpacks it
   into parts/ in-process (the mime/ library), and scans the copy and the
   parts: with conf-scanner's clamd form it speaks clamd's protocol itself
   (clamd/), over the unix sockets qscanq connects for it when it asks on
   FD (qscanq's socketpair) and TCP ones it connects; with the command
   form it runs that command in parts/. FACTS is the pipe on which it
   tells qscanq what became of the message, for the summary line. Clean mail: it execs the real qmail-queue with
   the very bytes it read on fd 0. Every other outcome is an exit code from
   qmail-queue's table and one line on fd 2 saying why. fd 1 (the
   envelope) is qmail-queue's, untouched, for every message that may be
   queued; only once a message is refused for good is it read (bounded),
   for the log. */

/* What a refused or deferred message's log line says first. */
#define REFUSED "refused"
#define DEFERRED "deferred"

/* Output lines of the scanner, and clamd's reasons, are cut to this
   length in the log. */
#define LOGLINE QSQ_LOGLINE

/* cleanup() descends at most this deep: qscanq-stdin's own folders are
   flat, and cleanq removes anything deeper that a killed scanner left. */
#define CLEANUP_DEPTH 8

/* parts/ is walked at most this deep (mime/ writes it flat today) */
#define PARTS_DEPTH 8

static char prefix[QSQ_PREFIX]; /* "qscanq: @ID uid N ip X: " */
static char pathbuf[1024];
static char msgbuf[65536];
static char copybuf[65536];

static volatile sig_atomic_t timedout = 0;
static volatile pid_t running = 0; /* process group to kill at the deadline */

/* The ID and TCPREMOTEIP are the caller's: qsq_prefix cuts them to
   their alphabets. */
static void makeprefix(const char *id)
{
  qsq_prefix(prefix, id, (unsigned long) getuid(), env_get("TCPREMOTEIP"));
}

/* What is known of the message so far, for the reply on fd 6 and the facts
   qscanq's summary line is built from (outcome.c). */
static struct outcome fate = OUTCOME_ZERO;

static void homepath(const char *suffix)
{
  if (!str_join(pathbuf, sizeof pathbuf, auto_home, suffix)) qsq_die(QSQ_EXIT_TEMP, prefix, "conf-home is too long", 0, 0, 0);
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

/* ---- a refused message's envelope and Message-ID, for the log ---- */

/* ms the caller gets to hand over the envelope: qmail-smtpd writes it
   right after the message, long before a scan ends */
#define ENVWAIT 2000

static int copyfd = -1; /* the copy, once saved: for the Message-ID */
static char envtext[VERDICT_ENVTEXT];

static long since(const struct timespec *t0)
{
  struct timespec t;
  if (clock_gettime(CLOCK_MONOTONIC, &t) == -1) return ENVWAIT;
  return (long) (t.tv_sec - t0->tv_sec) * 1000L + (t.tv_nsec - t0->tv_nsec) / 1000000L;
}

/* The envelope on fd 1, up to its final NUL, VERDICT_ENVMAX bytes or
   VERDICT_RCPTMAX recipients, within ENVWAIT: whatever the caller sends
   (or does not), the exit code stays the refusal's. Only a pipe or a
   socket open for reading is read (never a terminal). Its length. */
static size_t readenvelope(char *buf)
{
  struct timespec t0;
  struct stat st;
  unsigned long fields = 0;
  int atstart = 1;
  size_t len = 0;
  int flags = fcntl(1, F_GETFL);
  if (flags == -1 || (flags & O_ACCMODE) == O_WRONLY) return 0;
  if (fstat(1, &st) == -1 || !(S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))) return 0;
  if (clock_gettime(CLOCK_MONOTONIC, &t0) == -1) return 0;
  while (len < VERDICT_ENVMAX && fields <= VERDICT_RCPTMAX) {
    struct pollfd p;
    long left = ENVWAIT - since(&t0);
    ssize_t r;
    size_t i;
    if (left <= 0) break;
    p.fd = 1;
    p.events = POLLIN;
    p.revents = 0;
    r = poll(&p, 1, (int) left);
    if (r == -1 && errno == error_intr) continue;
    if (r != 1) break;
    r = read(1, buf + len, VERDICT_ENVMAX - len);
    if (r == -1 && errno == error_intr) continue;
    if (r <= 0) break;
    /* a NUL where a field would start is the end (not at 0: F comes first) */
    for (i = len; i < len + (size_t) r; ++i) {
      if (atstart && !buf[i] && i) return i + 1;
      if (atstart) ++fields;
      atstart = !buf[i];
    }
    len += (size_t) r;
  }
  return len;
}

/* The text for the summary (verdict_envelope, verdict_msgid), into fate. */
static void envelope(void)
{
  static char env[VERDICT_ENVMAX];
  size_t len;
  size_t got = 0;
  alarm(0); /* the verdict stands: the deadline has no more to stop */
  len = verdict_envelope(envtext, sizeof envtext, env, readenvelope(env));
  /* the header, from the copy: the same bytes qmail-queue would have got */
  while (copyfd != -1 && got < sizeof msgbuf && got < VERDICT_HEADMAX) {
    ssize_t r = pread(copyfd, msgbuf + got, sizeof msgbuf - got, (off_t) got);
    if (r == -1 && errno == error_intr) continue;
    if (r <= 0) break;
    got += (size_t) r;
  }
  (void) verdict_msgid(envtext + len, sizeof envtext - len, msgbuf, got);
  fate.envelope = envtext;
}

__attribute__((noreturn))
static void finish(int code, const char *verdict, const char *why, const char *detail, const struct strerr *se)
{
  static struct strerr saved;
  int told;
  (void) verdict; /* qsq_word(code) */
  if (se == &strerr_sys) { /* errno now, before cleanup() changes it */
    strerr_sysinit();
    saved = strerr_sys;
    se = &saved;
  }
  if (code == QSQ_EXIT_VIRUS) envelope();
  told = outcome_tell(&fate, code, timedout); /* 82 when fd 6 got the reason */
  cleanup();
  qsq_dietold(code, told, prefix, why, detail, 0, se);
}

/* Exit code for a failed write of the copy or a folder: qmail-queue's 51
   for memory, 53 for the disk and everything else about writing. */
static int writecode(int e)
{
  return e == error_nomem ? QSQ_EXIT_NOMEM : QSQ_EXIT_WRITE;
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
    case -2: finish(QSQ_EXIT_READ, DEFERRED, "unable to read the message: ", "", &strerr_sys);
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
  if (fd == -1) finish(QSQ_EXIT_READ, DEFERRED, "unable to reopen the copy: ", "", &strerr_sys);
  if (fstat(written, &w) == -1 || fstat(fd, &r) == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to stat the copy: ", "", &strerr_sys);
  if (w.st_dev != r.st_dev || w.st_ino != r.st_ino) finish(QSQ_EXIT_TEMP, DEFERRED, "msg is not the copy that was written", "", 0);
  if (close(written) == -1) finish(writecode(errno), DEFERRED, "unable to write the copy of the message: ", "", &strerr_sys);
  return fd;
}

/* parts/ for the unpacked parts, and for the command form tmp/ for the
   scanner's own files. Both 0777 inside the closed spool, so that cleanq
   (the qscanq user) can empty them if this process dies before cleanup(). */
static void makefolders(void)
{
  if (mkdir("parts", 0700) == -1 || chmod("parts", 0777) == -1)
    finish(writecode(errno), DEFERRED, "unable to make the scan folders: ", "", &strerr_sys);
  if (auto_clamd_count) return;
  if (mkdir("tmp", 0700) == -1 || chmod("tmp", 0777) == -1)
    finish(writecode(errno), DEFERRED, "unable to make the scan folders: ", "", &strerr_sys);
}

/* ClamAV answers OK without scanning when it cannot write its temporary
   files, so make sure the command can before asking it anything. */
static void probetmp(void)
{
  static char probe[4096];
  int fd = open_excl("tmp/probe");
  if (fd == -1) finish(writecode(errno), DEFERRED, "the scanner's temporary folder is not writable: ", "", &strerr_sys);
  if (substdio_allwrite(substdio_write, fd, probe, sizeof probe) == -1 || close(fd) == -1)
    finish(writecode(errno), DEFERRED, "the scanner's temporary folder is not writable: ", "", &strerr_sys);
  if (unlink("tmp/probe") == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to remove tmp/probe: ", "", &strerr_sys);
}

static volatile sig_atomic_t unpacking = 0; /* mime/ runs in this process */

static void deadline(int sig)
{
  static const char late[] = "deferred (71): unpacking ran out of time\n";
  static const char late82[] = "deferred (82): unpacking ran out of time\n";
  (void) sig;
  timedout = 1;
  if (running > 0) {
    (void) kill(-running, SIGKILL);
    (void) kill(running, SIGKILL); /* also if it left its group */
  }
  /* Unpacking checks timedout between reads, but one read's worth of
     hostile MIME must not outlast the deadline either: stop here, as the
     SIGKILL of a reformime child did. What is left in parts/ is cleanq's. */
  if (unpacking) {
    /* outcome_tell does only pure formatting, fcntl and write */
    int code = outcome_tell(&fate, QSQ_EXIT_TEMP, 1);
    const char *line = code == QSQ_EXIT_REPLY ? late82 : late;
    if (write(2, prefix, str_len(prefix)) != -1) (void) !write(2, line, str_len(line));
    _exit(code);
  }
  alarm(1); /* again, in case a blocking read missed this one */
}

/* Runs prog (an absolute path) with args and env in folder dir, in its own
   process group, with fd 0 from fd0 and fds 1 and 2 onto out. Nothing else
   of ours reaches it: not the envelope on fd 1, not fd 6. */
static pid_t start(char *const *args, char *const *env, const char *dir, int fd0, int out)
{
  pid_t pid;
  if (sig_block(SIGALRM) == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to block SIGALRM: ", "", &strerr_sys);
  pid = fork();
  if (pid == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to fork: ", "", &strerr_sys);
  if (pid == 0) {
    if (setpgid(0, 0) == -1) _exit(QSQ_EXIT_TEMP);
    if (qsq_sig_reset() == -1) _exit(QSQ_EXIT_TEMP);
    if (chdir(dir) == -1) _exit(QSQ_EXIT_TEMP);
    if (fd_copy(0, fd0) == -1 || fd_copy(1, out) == -1 || fd_copy(2, out) == -1) _exit(QSQ_EXIT_TEMP);
    close(QSQ_REPLYFD);
    execve(args[0], args, env);
    strerr_die4sys(QSQ_EXIT_TEMP, prefix, "unable to run ", args[0], ": ");
  }
  (void) setpgid(pid, pid); /* also here, so the kill can never miss it */
  running = pid;
  if (sig_unblock(SIGALRM) == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to unblock SIGALRM: ", "", &strerr_sys);
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
    finish(QSQ_EXIT_TEMP, DEFERRED, "unable to wait for a child: ", "", &strerr_sys);
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

static struct mime unpacker;

/* ---- the administrator's policy (qscanq-policy(8)) ---- */

static struct policy table = POLICY_ZERO;

/* Read once, at the start: a table replaced meanwhile counts from the
   next message. No table: the defaults (every name refuses, no
   attachment rule). One that cannot be read defers: a policy that is
   there must not be skipped. */
static void loadpolicy(void)
{
  homepath(POLICY_CDB);
  if (policy_load(&table, pathbuf) == -1)
    finish(errno == error_nomem ? QSQ_EXIT_NOMEM : QSQ_EXIT_TEMP, DEFERRED, "unable to read the policy table qscanq/policy.cdb: ", "", &strerr_sys);
}

/* Attachment rules: the first name or type a rule refuses, from the
   unpacker's callback (mime.h), decided while unpacking, before any
   scanner time is spent. */
static stralloc normbuf = STRALLOC_ZERO;
static int attachhit;   /* 1 refused, -1 out of memory */
static char attachwhy[VERDICT_NAMEBUF * 2 + 16];

static size_t put(size_t at, const char *s)
{
  while (*s && at < sizeof attachwhy - 1) attachwhy[at++] = *s++;
  attachwhy[at] = 0;
  return at;
}

static void refuseattach(const char *name, size_t len, const char *rule)
{
  attachhit = 1;
  outcome_rule(&fate, name, len, rule);
  fate.attach = 1;
  (void) put(put(put(put(0, fate.name), " (rule "), fate.rule), ")");
}

static void onname(void *ctx, int kind, const char *s, size_t len, const char *out, size_t outlen)
{
  const char *rule;
  int r;
  (void) ctx;
  (void) out;
  (void) outlen;
  if (attachhit) return;
  if (kind == MIME_TYPE) {
    if (policy_type(&table, s, len, &rule)) refuseattach(s, len, rule);
    return;
  }
  r = policy_name(&table, s, len, &normbuf, &rule);
  if (r == -1) attachhit = -1;
  else if (r) refuseattach(normbuf.s, normbuf.len, rule);
}

/* After a failed unpack, back in work/ (finish() cleans up from there):
   mime/'s exit codes as reformime's were mapped. */
__attribute__((noreturn))
static void unpackfail(int workfd, int code, const char *what, int sys)
{
  unpacking = 0;
  if (fchdir(workfd) == -1) _exit(QSQ_EXIT_TEMP); /* cleanup() would work elsewhere */
  mime_free(&unpacker);
  if (!what) what = "unknown trouble";
  errno = sys;
  switch (code) {
    case MIME_LIMIT: finish(QSQ_EXIT_VIRUS, REFUSED, "the message is beyond the unpacker's limits and can never be scanned: ", what, 0);
    case MIME_NOMEM: case MIME_WRITE: case MIME_READ:
      finish(code, DEFERRED, "unable to unpack: ", what, sys ? &strerr_sys : 0);
    default: finish(QSQ_EXIT_TEMP, DEFERRED, "unable to unpack: ", what, sys ? &strerr_sys : 0);
  }
}

/* An attachment rule refused the message while it was being unpacked:
   for good, before any scanner time. */
__attribute__((noreturn))
static void attachfail(int workfd)
{
  unpacking = 0;
  if (fchdir(workfd) == -1) _exit(QSQ_EXIT_TEMP);
  mime_free(&unpacker);
  if (attachhit == -1) finish(QSQ_EXIT_NOMEM, DEFERRED, "out of memory", "", 0);
  finish(QSQ_EXIT_VIRUS, REFUSED, "attachment refused: ", attachwhy, 0);
}

/* Unpacks the copy into parts/, in this process: mime/ writes into the
   current folder, so it works from parts/ and comes back. No child, so
   nothing dumpable ever has its current folder here. The alarm only sets
   timedout: it is checked between reads. */
static void unpack(int msgfd)
{
  int workfd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (workfd == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to open the working folder: ", "", &strerr_sys);
  if (seek_begin(msgfd) == -1) finish(QSQ_EXIT_READ, DEFERRED, "unable to rewind the copy: ", "", &strerr_sys);
  if (chdir("parts") == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to switch to parts: ", "", &strerr_sys);
  if (mime_init(&unpacker, 0, 0)) unpackfail(workfd, unpacker.err, unpacker.errwhat, unpacker.errsys);
  if (policy_attach(&table)) unpacker.name = onname;
  unpacking = 1;
  for (;;) {
    char *p;
    size_t room;
    ssize_t r;
    if (timedout) unpackfail(workfd, QSQ_EXIT_TEMP, "unpacking ran out of time", 0);
    if (mime_buffer(&unpacker, &p, &room)) unpackfail(workfd, unpacker.err, unpacker.errwhat, unpacker.errsys);
    r = read(msgfd, p, room);
    if (r == -1) {
      if (errno == error_intr) continue;
      unpackfail(workfd, QSQ_EXIT_READ, "unable to read the copy", errno);
    }
    if (!r) break;
    if (mime_commit(&unpacker, (size_t) r)) unpackfail(workfd, unpacker.err, unpacker.errwhat, unpacker.errsys);
    if (attachhit) break;
  }
  if (!attachhit && mime_finish(&unpacker)) unpackfail(workfd, unpacker.err, unpacker.errwhat, unpacker.errsys);
  if (attachhit) attachfail(workfd);
  unpacking = 0;
  if (timedout) unpackfail(workfd, QSQ_EXIT_TEMP, "unpacking ran out of time", 0);
  mime_free(&unpacker);
  if (fchdir(workfd) == -1) _exit(QSQ_EXIT_TEMP);
  close(workfd);
}

/* Attachment rules by content: the first bytes of every part, whatever
   the message called it (folder dirfd, depth levels at most). */
static void magicat(int dirfd, int depth)
{
  DIR *dir;
  struct dirent *de;
  if (depth > PARTS_DEPTH) finish(QSQ_EXIT_TEMP, DEFERRED, "parts/ is nested deeper than PARTS_DEPTH", "", 0);
  dir = fdopendir(dirfd);
  if (!dir) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to read the parts: ", "", &strerr_sys);
  while ((de = readdir(dir))) {
    char head[8];
    const char *rule;
    ssize_t r;
    int fd;
    if (str_equal(de->d_name, ".") || str_equal(de->d_name, "..")) continue;
    fd = openat(dirfd, de->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to open a part: ", "", &strerr_sys);
    r = read(fd, head, sizeof head);
    if (r == -1 && errno == error_isdir) { magicat(fd, depth + 1); continue; }
    if (r == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to read a part: ", "", &strerr_sys);
    close(fd);
    if (policy_magic(&table, head, (size_t) r, &rule)) {
      refuseattach(de->d_name, str_len(de->d_name), rule);
      closedir(dir);
      finish(QSQ_EXIT_VIRUS, REFUSED, "attachment refused: ", attachwhy, 0);
    }
  }
  closedir(dir);
}

static void checkmagic(void)
{
  int fd;
  if (!policy_attach(&table)) return;
  fd = open("parts", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to open parts: ", "", &strerr_sys);
  magicat(fd, 1);
}

/* Every file under parts/, as paths relative to it ("1.2", "d/1"), each
   ended by a NUL, in names; every folder (parts/ itself first) in dirs.
   mime/ writes only regular files and folders: anything else is not
   ours. */
static stralloc names = STRALLOC_ZERO;
static size_t nnames;
static stralloc dirs = STRALLOC_ZERO;

static void listparts(const char *rel, int depth)
{
  stralloc path = STRALLOC_ZERO;
  int fd;
  DIR *dir;
  struct dirent *de;
  if (depth > PARTS_DEPTH) finish(QSQ_EXIT_TEMP, DEFERRED, "parts/ is nested deeper than PARTS_DEPTH", "", 0);
  if (!stralloc_cats(&dirs, rel) || !stralloc_0(&dirs)) finish(QSQ_EXIT_NOMEM, DEFERRED, "out of memory", "", 0);
  fd = open(rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to open the parts: ", "", &strerr_sys);
  dir = fdopendir(fd);
  if (!dir) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to read the parts: ", "", &strerr_sys);
  for (;;) {
    struct stat st;
    errno = 0;
    de = readdir(dir);
    if (!de) break;
    if (str_equal(de->d_name, ".") || str_equal(de->d_name, "..")) continue;
    if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to stat a part: ", "", &strerr_sys);
    if (!stralloc_copys(&path, rel) || !stralloc_cats(&path, "/") ||
        !stralloc_cats(&path, de->d_name) || !stralloc_0(&path))
      finish(QSQ_EXIT_NOMEM, DEFERRED, "out of memory", "", 0);
    if (S_ISDIR(st.st_mode)) { listparts(path.s, depth + 1); continue; }
    if (!S_ISREG(st.st_mode)) finish(QSQ_EXIT_TEMP, DEFERRED, "parts/ holds something that is neither a file nor a folder", "", 0);
    /* names are relative to parts/: without the leading "parts/" */
    if (!stralloc_catb(&names, path.s + 6, path.len - 6)) finish(QSQ_EXIT_NOMEM, DEFERRED, "out of memory", "", 0);
    ++nnames;
  }
  if (errno) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to read the parts: ", "", &strerr_sys);
  closedir(dir);
  stralloc_free(&path);
}

/* The name of file i of names (0 is the first); sequential calls, as
   clamd_scan makes them for each server, cost O(1) each. */
static const char *nameof(size_t i)
{
  static size_t at = 0;
  static size_t off = 0;
  if (i < at) at = off = 0;
  while (at < i) {
    off += str_len(names.s + off) + 1;
    ++at;
  }
  return names.s + off;
}

/* ---- the clamd form ---- */

static int prefd[AUTO_CLAMD_MAX];
static struct timespec limit; /* the scan's deadline, CLOCK_MONOTONIC */
static int partsfd = -1;

static int askfd = -1; /* our end of qscanq's socketpair; -1: run by hand */

/* qscanq passes, after the ID and the facts pipe, our end of its
   socketpair (qscanq.c), never fds 0, 1, 2 or 6 (qmail's). Neither the scanner nor qmail-queue
   may inherit it; the command form never asks, so closes it at once. */
static void takeask(int argc, char **argv)
{
  unsigned long u;
  struct stat st;
  size_t i;
  for (i = 0; i < AUTO_CLAMD_MAX; ++i) prefd[i] = -1;
  if (argc <= 3) return; /* run by hand: connect everything here */
  if (argc != 4 || argv[3][scan_ulong(argv[3], &u)] || u < 3 || u == QSQ_REPLYFD || u > 65535)
    finish(QSQ_EXIT_TEMP, DEFERRED, "qscanq passed bad arguments", "", 0);
  if (fstat((int) u, &st) == -1 || !S_ISSOCK(st.st_mode))
    finish(QSQ_EXIT_TEMP, DEFERRED, "qscanq passed a descriptor that is not a socket: ", argv[3], 0);
  if (fcntl((int) u, F_SETFD, FD_CLOEXEC) == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to set close-on-exec: ", "", &strerr_sys);
  askfd = (int) u;
  if (!auto_clamd_count) { close(askfd); askfd = -1; }
}

/* Asks qscanq, once, for connections to the unix-socket servers (it may
   search their folder; we may not), now that the message is in: clamd
   drops a connection that stays silent past its CommandReadTimeout.
   The answer: struct clamd_fds and its fds (auto_scanner.h). Any doubt
   about it defers the message; fds beyond those announced are closed. */
static void askconnect(void)
{
  static struct clamd_fds ans;
  union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int) * AUTO_CLAMD_MAX)]; } ctl;
  struct msghdr m;
  struct iovec iov;
  struct cmsghdr *c;
  const char *bad = 0;
  char req = CLAMD_ASK;
  size_t got = 0;
  size_t i;
  ssize_t r;

  if (askfd == -1) return;
  if (write(askfd, &req, 1) != 1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to ask qscanq for the clamd connections: ", "", &strerr_sys);
  byte_zero(&m, sizeof m);
  iov.iov_base = &ans;
  iov.iov_len = sizeof ans;
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = ctl.buf;
  m.msg_controllen = sizeof ctl.buf;
  do r = recvmsg(askfd, &m, MSG_CMSG_CLOEXEC); while (r == -1 && errno == error_intr && !timedout);
  if (r == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to get the clamd connections from qscanq: ", "", &strerr_sys);
  close(askfd);
  askfd = -1;
  /* every fd that came, into prefd or closed, before anything is judged */
  for (c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
    size_t k;
    size_t nfd;
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS || c->cmsg_len < CMSG_LEN(0)) { bad = "a foreign control message"; continue; }
    nfd = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (k = 0; k < nfd; ++k) {
      int fd;
      byte_copy(&fd, sizeof fd, CMSG_DATA(c) + k * sizeof(int));
      for (; got < auto_clamd_count && (size_t) r == sizeof ans && ans.status[got] != 0; ++got) ;
      if (got < auto_clamd_count && (size_t) r == sizeof ans) prefd[got++] = fd;
      else { close(fd); bad = "more descriptors than servers"; }
    }
  }
  if (r == 0) finish(QSQ_EXIT_TEMP, DEFERRED, "qscanq did not pass the clamd connections (see its log line)", "", 0);
  if ((size_t) r != sizeof ans || (m.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) bad = "a malformed answer";
  else if (ans.count != (int) auto_clamd_count) finish(QSQ_EXIT_TEMP, DEFERRED, "qscanq and qscanq-stdin were built from different conf-scanner files", "", 0);
  if (!bad)
    for (i = 0; i < auto_clamd_count; ++i) {
      if (ans.status[i] == 0) { if (prefd[i] == -1) bad = "fewer descriptors than servers"; }
      else if (ans.status[i] > 0) prefd[i] = CLAMD_PREFAIL(ans.status[i]); /* logged by clamd_scan */
      else if (ans.status[i] != -1 || auto_clamd[i].family == AF_UNIX) bad = "a bad status";
    }
  if (bad) finish(QSQ_EXIT_TEMP, DEFERRED, "qscanq's answer about the clamd connections has ", bad, 0);
}

/* clamd_files' open: 0 is the copy, then every part. Read-only, and each
   time a fresh open file description, never the one qmail-queue gets: a
   server passed over may go on reading its fd (moving a shared offset)
   after another server has answered. */
static int openfile(void *ctx, size_t i)
{
  const int *copy = ctx;
  struct stat a;
  struct stat b;
  int fd;
  if (i) return openat(partsfd, nameof(i - 1), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  /* a fresh descriptor (its own offset) of the very copy qmail-queue gets */
  fd = open("msg", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd == -1) return -1;
  if (fstat(fd, &a) == -1 || fstat(*copy, &b) == -1) { int e = errno; close(fd); errno = e; return -1; }
  if (a.st_dev != b.st_dev || a.st_ino != b.st_ino) { close(fd); errno = error_proto; return -1; }
  return fd;
}

/* s, printable and cut at LOGLINE, NUL-terminated in a static buffer */
static const char *printable(const char *s, size_t len)
{
  static char line[LOGLINE + 1];
  qsq_printable(line, s, len, LOGLINE);
  return line;
}

/* one line per server passed over: "qscanq: @ID uid N ip X: clamd SERVER: why" */
static void logserver(void *ctx, const char *line)
{
  (void) ctx;
  outcome_failover(&fate, line);
  strerr_warn3(prefix, "clamd ", printable(line, str_len(line)), 0);
}

/* clamd_result's judge: the signature table's action for a name */
static int judge(void *ctx, const char *name, size_t len)
{
  const char *rule;
  (void) ctx;
  switch (policy_sig(&table, name, len, &rule)) {
    case POLICY_ACCEPT: return CLAMD_ACCEPT;
    case POLICY_DEFER: return CLAMD_DEFER;
    case POLICY_REFUSE: break;
  }
  return CLAMD_REFUSE;
}

/* The signature table's decision on the name that decided the verdict:
   refused, deferred, or accepted with a log line and queued. */
static void sigpolicy(const struct clamd_result *r)
{
  const char *rule;
  const char *name = printable(r->name.s, r->name.len);
  (void) policy_sig(&table, r->name.s, r->name.len, &rule);
  /* without a table, the summary stays as it was */
  if (table.db.len) outcome_rule(&fate, 0, 0, rule);
  switch (r->action) {
    case CLAMD_ACCEPT:
      strerr_warn(prefix, "accepted by the signature table: ", name, " (rule ", fate.rule, ")", 0);
      return;
    case CLAMD_DEFER:
      fate.held = 1;
      finish(QSQ_EXIT_TEMP, DEFERRED, "held by the signature table: ", name, 0);
  }
  finish(QSQ_EXIT_VIRUS, REFUSED, "virus found: ", name, 0);
}

/* No child at all: the files go to clamd by descriptor or by stream, from
   this non-dumpable process, so nobody of the caller's uid reaches the
   working folder while the scan runs. */
static void scanclamd(int msgfd)
{
  static struct clamd_result r = CLAMD_RESULT_ZERO;
  struct clamd_files files;
  struct timespec now;
  size_t first;
  listparts("parts", 1);
  fate.parts = (long) nnames;
  partsfd = open("parts", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (partsfd == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to open parts: ", "", &strerr_sys);
  files.count = nnames + 1;
  files.open = openfile;
  files.ctx = &msgfd;
  /* the pool's first server varies per message, so the load spreads */
  if (clock_gettime(CLOCK_REALTIME, &now) == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to read the clock: ", "", &strerr_sys);
  first = (size_t) getpid() + (size_t) now.tv_nsec / 1000;
  alarm(0); /* clamd_scan keeps to the deadline itself */
  r.maxdays = auto_dbage;
  r.judge = judge;
  if (clamd_scan(auto_clamd, auto_clamd_count, first, prefd, &files, &limit, logserver, 0, &r) == -1)
    finish(QSQ_EXIT_NOMEM, DEFERRED, "out of memory", "", 0);
  close(partsfd);
  outcome_clamd(&fate, r.served ? r.served->text : 0, r.name.s, r.name.len,
                r.verdict == CLAMD_LIMITS ? VERDICT_SCANLIMIT : r.verdict == CLAMD_TOOBIG ? VERDICT_TOOBIG : VERDICT_VIRUS);
  outcome_db(&fate, r.db.s, r.db.len);
  switch (r.verdict) {
    case CLAMD_CLEAN: return;
    case CLAMD_VIRUS: sigpolicy(&r); return;
    case CLAMD_LIMITS: finish(QSQ_EXIT_VIRUS, REFUSED, "beyond the scanner's limits: ", printable(r.name.s, r.name.len), 0);
    case CLAMD_TOOBIG: finish(QSQ_EXIT_VIRUS, REFUSED, "message too big for the virus scanner: past StreamMaxLength of every clamd", "", 0);
    default: finish(QSQ_EXIT_TEMP, DEFERRED, "the scanner could not decide: ", r.why.len ? printable(r.why.s, r.why.len) : "no server", 0);
  }
}

/* A clean verdict counts only if the copy still has its name: if the
   working folder was emptied under the scan (it must not be, see cleanq's
   lock rule), the scan may not have seen it. */
static void queued(int msgfd)
{
  struct stat st;
  if (fstat(msgfd, &st) == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to stat the copy: ", "", &strerr_sys);
  if (st.st_nlink != 1) finish(QSQ_EXIT_TEMP, DEFERRED, "the working folder changed during the scan", "", 0);
}

/* ---- the command form ---- */

/* The command form's scanner is a dumpable child of the caller's uid with
   its current folder in parts/, so any process of that uid reaches parts/
   through /proc/PID/cwd while it runs (SECURITY 5.3). Nothing done there
   may change what is queued (issue 13.3):
   - qmail-queue gets work/msg, whose name is gone before the scanner
     starts, and no child holds an fd of it: nobody reaches it;
   - the scanner sees parts/msg, a second copy written from it, and the
     parts, all read-only (0400) before it starts: writing one takes a
     chmod first, and so does an mmap for writing;
   - inotify watches parts/, its folders and every file in them during the
     scan (the file watches also see changes made through another name, a
     hard link or /proc/PID/fd): a write, chmod, link, create, delete or
     rename defers the message, even one undone before the scan ends;
   - after the scan parts/msg must still hold the queued bytes. */
static int named = -1;  /* parts/msg, the scanner's copy */
static int watch = -1;  /* the inotify instance */

#define WATCHED (IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | \
                 IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF)

static void namedcopy(int msgfd)
{
  substdio ssin;
  substdio ssout;
  int fd = open("parts/msg", O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0400);
  if (fd == -1) finish(writecode(errno), DEFERRED, "unable to create the scanner's copy: ", "", &strerr_sys);
  if (seek_begin(msgfd) == -1) finish(QSQ_EXIT_READ, DEFERRED, "unable to rewind the copy: ", "", &strerr_sys);
  substdio_fdbuf(&ssin, substdio_read, msgfd, msgbuf, sizeof msgbuf);
  substdio_fdbuf(&ssout, substdio_write, fd, copybuf, sizeof copybuf);
  switch (substdio_copy(&ssout, &ssin)) {
    case -2: finish(QSQ_EXIT_READ, DEFERRED, "unable to read the copy: ", "", &strerr_sys);
    case -3: finish(writecode(errno), DEFERRED, "unable to write the scanner's copy: ", "", &strerr_sys);
  }
  if (substdio_flush(&ssout) == -1) finish(writecode(errno), DEFERRED, "unable to write the scanner's copy: ", "", &strerr_sys);
  named = fd;
  /* from here the queued copy has no name */
  if (unlink("msg") == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to unlink the private copy: ", "", &strerr_sys);
}

/* Makes every part read-only, then watches every folder and file (in that
   order: the chmods must not show up as changes). */
static void guard(void)
{
  static stralloc path = STRALLOC_ZERO;
  size_t i;
  size_t off;
  listparts("parts", 1);
  fate.parts = nnames ? (long) nnames - 1 : 0; /* less parts/msg, the scanner's copy */
  for (i = 0; i < nnames; ++i) {
    if (!stralloc_copys(&path, "parts/") || !stralloc_cats(&path, nameof(i)) || !stralloc_0(&path))
      finish(QSQ_EXIT_NOMEM, DEFERRED, "out of memory", "", 0);
    /* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): stralloc_0 succeeded, so path.s is set */
    if (chmod(path.s, 0400) == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to make a part read-only: ", "", &strerr_sys);
  }
  watch = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  if (watch == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to watch the scan folder (see fs.inotify.max_user_instances): ", "", &strerr_sys);
  for (off = 0; dirs.s && off < dirs.len; off += str_len(dirs.s + off) + 1)
    if (inotify_add_watch(watch, dirs.s + off, WATCHED | IN_DONT_FOLLOW | IN_ONLYDIR) == -1)
      finish(QSQ_EXIT_TEMP, DEFERRED, "unable to watch the scan folder (see fs.inotify.max_user_watches): ", "", &strerr_sys);
  for (i = 0; i < nnames; ++i) {
    if (!stralloc_copys(&path, "parts/") || !stralloc_cats(&path, nameof(i)) || !stralloc_0(&path))
      finish(QSQ_EXIT_NOMEM, DEFERRED, "out of memory", "", 0);
    if (inotify_add_watch(watch, path.s, WATCHED | IN_DONT_FOLLOW) == -1)
      finish(QSQ_EXIT_TEMP, DEFERRED, "unable to watch a part (see fs.inotify.max_user_watches): ", "", &strerr_sys);
  }
}

/* After the scan: nothing happened in parts/, and parts/msg still holds
   the bytes that will be queued. */
static void unchanged(int msgfd)
{
  static char a[65536];
  static char b[65536];
  struct stat st;
  off_t at = 0;
  ssize_t r = read(watch, a, sizeof a);
  if (r > 0) finish(QSQ_EXIT_TEMP, DEFERRED, "the scan folder changed during the scan", "", 0);
  if (r == -1 && errno != error_again) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to read the watch on the scan folder: ", "", &strerr_sys);
  if (fstat(named, &st) == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to stat the scanner's copy: ", "", &strerr_sys);
  if (st.st_nlink != 1) finish(QSQ_EXIT_TEMP, DEFERRED, "the scanner's copy changed during the scan", "", 0);
  for (;;) {
    ssize_t ra = pread(msgfd, a, sizeof a, at);
    ssize_t rb;
    if (ra == -1) finish(QSQ_EXIT_READ, DEFERRED, "unable to read the copy: ", "", &strerr_sys);
    rb = pread(named, b, (size_t) ra + 1 > sizeof b ? sizeof b : (size_t) ra + 1, at);
    if (rb == -1) finish(QSQ_EXIT_READ, DEFERRED, "unable to read the scanner's copy: ", "", &strerr_sys);
    if (ra != rb || !byte_equal(a, (size_t) ra, b)) finish(QSQ_EXIT_TEMP, DEFERRED, "the scanner's copy is not the message", "", 0);
    if (!ra) break;
    at += ra;
  }
}

/* One relayed line, unless VERDICT_SCANLINES were relayed already: a
   message with thousands of infected parts must not rotate the log away. */
static unsigned long relayed;
static unsigned long hidden;

static void relayline(void *ctx, const char *line, size_t len)
{
  (void) ctx;
  outcome_found(&fate, line, len);
  if (relayed >= VERDICT_SCANLINES) { ++hidden; return; }
  ++relayed;
  strerr_warn3(prefix, "scanner: ", line, 0);
}

/* Relays the scanner's report to the log, one sanitised line at a time, and
   notes whether it mentioned an error. */
static int relay(int fd)
{
  static struct qsq_report report = QSQ_REPORT_ZERO(relayline, 0);
  char buf[4096];
  for (;;) {
    ssize_t r;
    if (timedout) break; /* a child that left the group may hold the pipe */
    r = read(fd, buf, sizeof buf);
    if (r == -1) {
      if (errno == error_intr && !timedout) continue;
      break;
    }
    if (r == 0) break;
    qsq_report_feed(&report, buf, (size_t) r);
  }
  qsq_report_end(&report);
  if (hidden) {
    char num[FMT_ULONG];
    num[fmt_ulong(num, hidden)] = 0;
    strerr_warn4(prefix, num, " more ", "scanner lines not shown", 0);
  }
  return report.sawerror;
}

static void scancommand(void)
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
  if (null == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to open /dev/null: ", "", &strerr_sys);
  if (pipe2(pfd, O_CLOEXEC) == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to make a pipe: ", "", &strerr_sys);
  /* A fixed environment: nothing of the caller's reaches the scanner. */
  env[0] = path;
  env[1] = tmpdir;
  env[2] = 0;
  pid = start(auto_scanner, env, "parts", null, pfd[1]);
  close(pfd[1]);
  close(null);
  sawerror = relay(pfd[0]);
  close(pfd[0]);
  wstat = reap(pid);
  if (timedout) finish(QSQ_EXIT_TEMP, DEFERRED, "the scanner ran out of time", "", 0);
  if (wait_crashed(wstat)) finish(QSQ_EXIT_TEMP, DEFERRED, "the scanner crashed, signal ", codestr(wait_termsig(wstat)), 0);
  code = wait_exitcode(wstat);
  if (code == 1) finish(QSQ_EXIT_VIRUS, REFUSED, "virus found", "", 0);
  if (code != 0) finish(QSQ_EXIT_TEMP, DEFERRED, "the scanner could not decide, exit ", codestr(code), 0);
  if (sawerror) finish(QSQ_EXIT_TEMP, DEFERRED, "the scanner said clean but reported an error", "", 0);
}

/* Execs the real qmail-queue with the copy on fd 0 and the caller's
   envelope pipe still on fd 1. */
static void queue(int msgfd)
{
  struct stat self;
  struct stat real;
  static char name[] = QSQ_QUEUE;
  char *args[2];
  homepath(QSQ_PATH_QSCANQ);
  if (stat(pathbuf, &self) == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to stat qscanq: ", "", &strerr_sys);
  homepath(QSQ_PATH_REALQUEUE);
  if (stat(pathbuf, &real) == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to find the real qmail-queue: ", "", &strerr_sys);
  if (real.st_dev == self.st_dev && real.st_ino == self.st_ino)
    finish(QSQ_EXIT_TEMP, DEFERRED, "qscanq/qmail-queue leads back to qscanq itself: ", "check install-wrap (see install-wrap(8))", 0);
  if (seek_begin(msgfd) == -1) finish(QSQ_EXIT_READ, DEFERRED, "unable to rewind the copy: ", "", &strerr_sys);
  if (fd_move(0, msgfd) == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to move the copy to fd 0: ", "", &strerr_sys);
  cleanup(); /* the open copy on fd 0 outlives its names */
  /* qmail-queue keeps its own 24-hour alarm: leave it nothing blocked,
     ignored or pending. */
  if (qsq_sig_reset() == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to restore signals: ", "", &strerr_sys);
  args[0] = name;
  args[1] = 0;
  outcome_queue(&fate);
  execv(pathbuf, args);
  finish(QSQ_EXIT_TEMP, DEFERRED, "unable to run the real qmail-queue: ", "", &strerr_sys);
}

int main(int argc, char **argv)
{
  int msgfd;
  struct stat st;
  makeprefix(argc > 1 ? argv[1] : "?");
  outcome_start(&fate, argc > 1 ? argv[1] : "?", argc > 2 ? argv[2] : 0,
                auto_clamd_count ? "clamd" : auto_scanner[0]);
  umask(077);
  /* Other processes of the same uid (every SMTP session runs as qmaild)
     may not trace us or reach the copy through /proc/PID/cwd. */
  (void) prctl(PR_SET_DUMPABLE, 0);
  /* A file size limit must become EFBIG (53), not a crash; a closed log
     must not kill us half way. */
  if (sig_ignore(SIGXFSZ) == -1 || sig_ignore(SIGPIPE) == -1 || sig_default(SIGCHLD) == -1)
    finish(QSQ_EXIT_TEMP, DEFERRED, "unable to set up signals: ", "", &strerr_sys);
  takeask(argc, argv);

  msgfd = readonly(savemessage());
  copyfd = msgfd;
  if (fstat(msgfd, &st) == 0) fate.bytes = (unsigned long) st.st_size;
  makefolders();
  loadpolicy();

  if (clock_gettime(CLOCK_MONOTONIC, &limit) == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to read the clock: ", "", &strerr_sys);
  limit.tv_sec += (time_t) auto_timeout;
  if (sig_catch(SIGALRM, deadline) == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to catch SIGALRM: ", "", &strerr_sys);
  /* a caller that blocks SIGALRM must not switch the deadline off */
  if (sig_unblock(SIGALRM) == -1) finish(QSQ_EXIT_TEMP, DEFERRED, "unable to unblock SIGALRM: ", "", &strerr_sys);
  alarm((unsigned int) auto_timeout);
  fate.stage = VERDICT_UNPACKING;
  unpack(msgfd);
  checkmagic();
  fate.stage = VERDICT_SCANNING;
  if (auto_clamd_count) {
    askconnect();
    scanclamd(msgfd);
    queued(msgfd);
  } else {
    probetmp();
    namedcopy(msgfd);
    guard();
    scancommand();
    unchanged(msgfd);
  }
  alarm(0);
  fate.stage = VERDICT_QUEUEING;
  queue(msgfd);
  return QSQ_EXIT_TEMP;
}

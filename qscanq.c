#define _GNU_SOURCE /* pipe2 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "auto_home.h"
#include "auto_qmail.h"
#include "auto_scanner.h"
#include "byte.h"
#include "error.h"
#include "fd.h"
#include "fmt.h"
#include "pair.h"
#include "proof.h"
#include "prot.h"
#include "qsq.h"
#include "qsq_die.h"
#include "qsq_id.h"
#include "qsq_path.h"
#include "qsq_prefix.h"
#include "qsq_proc.h"
#include "sig.h"
#include "str.h"
#include "strerr.h"
#include "taia.h"
#include "verdict.h"
#include "wait.h"

/* qscanq: stands in for qmail-queue. Setuid to the qscanq user, and the
   only setuid program, so it does as little as it can, and all of it is
   here: it makes a working folder marked in use (sticky) and locked, and
   a socketpair and a pipe for its child; runs qscanq-stdin in the
   folder's work/ as the caller (qscanq-stdin ID FACTS ASK, pair.h);
   answers its one ask by connecting clamd's unix sockets as the qscanq
   user and passing the connections back, each with whether that clamd
   process has proven already that it alerts (proof.h: a file beside its
   socket, read and written as the qscanq user); waits, keeps the proof
   of a clamd that qscanq-stdin says has just given it, then reads the facts
   qscanq-stdin left on the pipe, writes the summary line into the
   folder's verdict file and to fd 2, applies install-wrap's bounce
   policy (a bounce refused for good is dropped); marks the folder done,
   wakes cleanq, and exits with qscanq-stdin's exit code (or its own).
   It reads no argument, no environment variable and no byte of the
   message, and execs only fixed absolute paths. */

/* Log lines are "qscanq: @ID uid N: deferred (71): why", like
   qscanq-stdin's (qsq_prefix, qsq_die); qscanq reads no environment, so
   they carry no IP. */

/* Attempts at a fresh folder name; each attempt uses a new counter. */
#define MKDIR_TRIES 10

/* Room for auto_home plus our suffixes; a longer home is refused. */
#define PATHMAX 1024

static char path[PATHMAX];
static int lockfd = -1;
static char prefix[QSQ_PREFIX];
static char id[QSQ_IDMAX];

static void homepath(const char *suffix)
{
  if (!str_join(path, sizeof path, auto_home, suffix)) qsq_die(QSQ_EXIT_TEMP, prefix, "conf-home is too long", 0, 0, 0);
}

/* Any of fds 0, 1, 2 that is closed gets /dev/null (qsq_fds), before we
   open anything. Without a readable message there is nothing to queue:
   qmail-queue would fail to read it, and so do we (54). */
static void fds_open(void)
{
  int flags;
  if (qsq_fds() == -1) _exit(QSQ_EXIT_TEMP);
  flags = fcntl(0, F_GETFL);
  if (flags == -1 || (flags & O_ACCMODE) == O_WRONLY)
    qsq_die(QSQ_EXIT_READ, prefix, "fd 0 (the message) is closed or not readable", 0, 0, 0);
}

/* "qscanq: " [id " "] "uid " N ": " */
static void makeprefix(void)
{
  qsq_prefix(prefix, id[0] ? id : 0, (unsigned long) getuid(), 0);
}

/* Clears the sticky bit: the folder is no longer in use. */
static void markdone(void)
{
  if (chmod(".", 0700) == -1) strerr_warn3(prefix, "warning: ", "unable to mark the folder done: ", &strerr_sys);
}

static void makeid(unsigned long counter)
{
  struct taia now;
  char packed[TAIA_PACKN];
  taia_now(&now);
  taia_packn(packed, &now);
  (void) qsq_id_make(id, packed, (unsigned long) getpid(), counter);
}

/* Makes spool/@ID with the sticky bit already set, so cleanq never sees it
   unmarked, and work/ inside it. Leaves us in spool/@ID. */
static void makefolder(void)
{
  unsigned long attempt;
  struct stat st;

  homepath(QSQ_PATH_SPOOL);
  if (chdir(path) == -1) qsq_die(QSQ_EXIT_TEMP, prefix, "unable to switch to ", path, ": ", &strerr_sys);
  for (attempt = 0;; ++attempt) {
    if (attempt == MKDIR_TRIES) qsq_die(QSQ_EXIT_TEMP, prefix, "unable to find a fresh name for a working folder", 0, 0, 0);
    makeid(attempt);
    if (mkdir(id, 01700) == 0) break;
    /* the name tried, in the line; then forgotten: it is not ours */
    if (errno != error_exist) qsq_die(QSQ_EXIT_TEMP, prefix, "unable to make working folder ", id, ": ", &strerr_sys);
    id[0] = 0;
  }
  makeprefix();
  /* Linux keeps the sticky bit of mkdir's mode; make sure of it anyway. */
  if (lstat(id, &st) == -1) qsq_die(QSQ_EXIT_TEMP, prefix, "unable to stat ", id, ": ", &strerr_sys);
  if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid())
    qsq_die(QSQ_EXIT_TEMP, prefix, id, " is not the folder just made", 0, 0);
  if ((st.st_mode & 07777) != 01700 && chmod(id, 01700) == -1)
    qsq_die(QSQ_EXIT_TEMP, prefix, "unable to mark ", id, " in use: ", &strerr_sys);
  if (chdir(id) == -1) qsq_die(QSQ_EXIT_TEMP, prefix, "unable to switch to ", id, ": ", &strerr_sys);
  /* The lock, held until qscanq exits, is what "in use" means to cleanq
     once the folder is old: a slow sender can make a folder older than
     any age limit before its scan even starts. Dying releases it. */
  lockfd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lockfd == -1) qsq_die(QSQ_EXIT_TEMP, prefix, "unable to open ", id, ": ", &strerr_sys);
  if (flock(lockfd, LOCK_EX | LOCK_NB) == -1) qsq_die(QSQ_EXIT_TEMP, prefix, "unable to lock ", id, ": ", &strerr_sys);
  /* The caller writes here, reaching it only through its current folder:
     the spool around it is 0700, so the wide mode gives nobody else access. */
  if (mkdir("work", 0700) == -1) qsq_die(QSQ_EXIT_TEMP, prefix, "unable to make ", id, "/work: ", &strerr_sys);
  if (chmod("work", 0777) == -1) qsq_die(QSQ_EXIT_TEMP, prefix, "unable to chmod ", id, "/work: ", &strerr_sys);
}

/* clamd's local sockets live in a folder that only the qscanq user may
   search (INSTALL), so that no local user can send clamd SHUTDOWN. So
   qscanq connects for qscanq-stdin, as its own user: not before the
   message arrives (clamd drops a connection that sends no command within
   CommandReadTimeout, and senders can be slow) but when qscanq-stdin asks,
   once the message is in (the ask, both ends: pair.h). qscanq serves one
   request at most and reads nothing else of it: a child that never asks,
   asks twice or sends garbage gets nothing. The paths are compiled in. */
static int connectunix(size_t i)
{
  struct timespec now;
  struct timespec bound;

  /* A full listen queue (a stalled or busy clamd) is waited out, up to
     CLAMD_PROBE seconds per server, not taken for a failure; past that
     the server counts as hung (clamd.h). The clock is CLOCK_MONOTONIC,
     as clamd_connect's. */
  if (clock_gettime(CLOCK_MONOTONIC, &now) == -1) return -1;
  now.tv_sec += CLAMD_PROBE;
  clamd_probetime(&now, &bound);
  return clamd_connect(&auto_clamd[i], &bound);
}

/* The alert sample's proof (proof.h): for each server connected, the
   process that listens (peer[i], when it is a clamd), and whether its
   proof is held (the answer's proven[i]); after the wait, the one server
   qscanq-stdin says has just reported the sample gets its proof kept. */
static struct pair_answer ans;
static struct proof_id peer[PAIR_MAX];
static int peerknown[PAIR_MAX];

static int proofpath(size_t i, char *out, size_t size)
{
  return proof_path(out, size, auto_clamd[i].path);
}

/* Only where a proof may be kept (proof_dir): elsewhere (a socket in
   clamd's own folder) every session carries the sample, and a hint costs
   no check. */
static void weigh(size_t i, int fd)
{
  char p[PATHMAX];
  const char *base;
  int dirfd;
  peerknown[i] = 0;
  ans.proven[i] = 0;
  if (!CLAMD_ALERT || !proofpath(i, p, sizeof p)) return;
  dirfd = proof_dir(p, &base);
  if (dirfd == -1) return;
  close(dirfd);
  peerknown[i] = proof_peer(fd, &peer[i]);
  ans.proven[i] = peerknown[i] && proof_held(p, &peer[i]);
}

/* qscanq-stdin's word is a hint, never the proof: a qscanq-stdin taken
   over by a hostile message could say anything, and the proof counts for
   every sender's mail. So qscanq asks the same clamd process itself, in
   a session of its own (proof_check), once per clamd process, before the
   reply; a proof not kept costs the next message the sample, nothing
   more. */
static void keepproof(int sock)
{
  char p[PATHMAX];
  struct proof_id now;
  struct timespec bound;
  long i = pair_proof(sock);
  int fd;
  if (i < 0 || (size_t) i >= auto_clamd_count || ans.status[i] != 0 || !peerknown[i] || ans.proven[i]) return;
  if (!proofpath((size_t) i, p, sizeof p)) return;
  fd = connectunix((size_t) i);
  if (fd == -1) return;
  if (proof_peer(fd, &now) && proof_same(&now, &peer[i]) && clock_gettime(CLOCK_MONOTONIC, &bound) == 0) {
    bound.tv_sec += CLAMD_PROBE;
    if (proof_check(fd, &bound) == 1) (void) proof_keep(p, &peer[i]);
  }
  close(fd);
}

/* Nothing more goes to qscanq-stdin: after the one answer, or none, it
   reads end of file at once; its way back (a proof's hint) stays open. */
static void shutdownask(int sock)
{
  (void) shutdown(sock, SHUT_WR); /* fails only for a non-socket: askpair made it */
}

static void serve(int sock)
{
  int fd[PAIR_MAX];
  size_t i;

  for (i = 0; i < PAIR_MAX; ++i) fd[i] = -1;
  if (!pair_asked(sock)) { shutdownask(sock); return; } /* EOF: never asked */
  ans.count = (int) auto_clamd_count;
  for (i = 0; i < auto_clamd_count && i < PAIR_MAX; ++i) {
    ans.status[i] = -1; /* TCP: qscanq-stdin connects */
    ans.proven[i] = 0;
    if (auto_clamd[i].family != AF_UNIX) continue;
    fd[i] = connectunix(i);
    ans.status[i] = fd[i] != -1 ? 0 : errno ? errno : error_proto;
    if (fd[i] != -1) weigh(i, fd[i]);
  }
  /* on failure qscanq-stdin reads EOF (shutdownask) and defers */
  if (pair_answer(sock, &ans, fd) == -1)
    strerr_warn3(prefix, "warning: ", "unable to pass the clamd connections: ", &strerr_sys);
  shutdownask(sock);
  while (i--) if (ans.status[i] == 0) close(fd[i]);
}

/* The pipe qscanq-stdin tells its facts into (pair.h, verdict.h); its
   number is qscanq-stdin's FACTS. -1 when there is none: the summary
   says so. After the wait, what qscanq-stdin said: the last line of it
   (pair_facts). */
static int facts[2] = { -1, -1 };
static char factsbuf[2 * VERDICT_FACTS];
static unsigned long queuepid; /* the real qmail-queue's, from the facts */
static size_t factslen;

/* The summary line (qscanq(8)), on fd 2 and in the folder as verdict,
   where cleanq finds it and logs it to the administrator's log when it
   deletes the folder: fd 2 may lead nowhere (qmail-send's, cron's). */
/* By now the real qmail-queue may have committed the message: a log that
   stopped reading (multilog on a full disk) must not hold the reply back
   until the client gives up and sends the message again. A pipe that
   polls writable takes a line of up to PIPE_BUF bytes without blocking
   (the summary is shorter); SIGPIPE is ignored in the parent. */
static int writable2(void)
{
  struct pollfd p;
  p.fd = 2;
  p.events = POLLOUT;
  p.revents = 0;
  return poll(&p, 1, 0) == 1 && (p.revents & POLLOUT) && !(p.revents & (POLLERR | POLLHUP | POLLNVAL));
}

/* The caller's envelope pipe (fd 1), kept open for one look after the
   wait (abandoned), -1 if it could not be kept. */
static int envfd = -1;

/* The real qmail-queue exits 54 when it cannot read: its fd 0 is our
   copy, a file, so in practice the envelope. When the caller has closed
   the envelope pipe and nothing is left in it, the caller gave the
   message up on purpose (qmail-smtpd writes no envelope for a message
   over databytes, and dies with a client gone mid-DATA): no read error.
   A pipe still open, or anything not a pipe, is a real read error. */
static int abandoned(int code, unsigned long queue)
{
  struct pollfd p;
  if (code != QSQ_EXIT_READ || !queue || envfd == -1) return 0;
  p.fd = envfd;
  p.events = POLLIN;
  p.revents = 0;
  return poll(&p, 1, 0) == 1 && (p.revents & POLLHUP) && !(p.revents & POLLIN);
}

/* A local caller (qmail-inject, sendmail, a cron job) has no
   TCPREMOTEIP: qscanq-stdin's facts then say "ip -". Such a caller's
   stderr is a person's, or cron's mail: a message queued is no news
   there, and the log has it anyway (the verdict file, cleanq). The
   facts are the caller's own word, so lying changes only what the
   caller's own stderr gets. */
static int quiet(int code, int dropped)
{
  return code == 0 && !dropped && factslen >= 6 && pair_letter(factsbuf, factslen) == PAIR_QUEUED &&
         byte_diff(factsbuf + 1, 5, "ip - ") == 0;
}

static void summary(int code, int dropped, pid_t smtpd, const struct timespec *t0, const char *noreport)
{
  char line[VERDICT_LINE + 1];
  struct verdict_summary v;
  struct timespec t1;
  size_t len;
  int fd;
  if (clock_gettime(CLOCK_MONOTONIC, &t1) == -1) t1 = *t0;
  v.prefix = prefix;
  v.code = code;
  v.dropped = dropped;
  v.smtpd = (unsigned long) smtpd;
  v.qp = (unsigned long) getpid();
  v.queue = queuepid;
  v.ms = (unsigned long) ((t1.tv_sec - t0->tv_sec) * 1000L + (t1.tv_nsec - t0->tv_nsec) / 1000000L);
  v.facts = factsbuf;
  v.factslen = factslen;
  v.none = noreport;
  v.abandoned = abandoned(code, v.queue);
  len = verdict_summary(line, &v);
  fd = open("verdict", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd == -1 || write(fd, line, len) != (ssize_t) len || close(fd) == -1)
    strerr_warn3(prefix, "warning: ", "unable to write the verdict for cleanq: ", &strerr_sys);
  if (quiet(code, dropped)) return;
  if (!writable2()) return; /* the verdict file is the log that counts */
  if (write(2, line, len) != (ssize_t) len) {
    /* fd 2 may lead nowhere: the verdict file is the log that counts */
  }
}

/* install-wrap's bounce policy (install-wrap(8)): qmail-send retries a
   refused injection for ever, so a bounce that the scan refused for good
   is dropped. Only qmail-send's uid, fixed at build time, and only a
   refusal by the scan: nothing is ever queued by this. */
static int dropbounce(uid_t caller, int code)
{
  return auto_sendknown == 1 && caller == (uid_t) auto_senduid &&
         (code == QSQ_EXIT_VIRUS || code == QSQ_EXIT_REPLY) && pair_letter(factsbuf, factslen) == PAIR_REFUSED;
}

/* The child: becomes the caller for good, then runs qscanq-stdin in work/.
   If qscanq dies (the caller then reports a crash: 451, and the sender
   retries), the child must die too, or the message could be queued as
   well. The kernel clears the death signal on a change of uid, so it is
   set after the drop; it lasts into qscanq-stdin, and ends only at the
   exec of the real qmail-queue, which is setuid. */
static void runstdin(uid_t caller, pid_t parent, int ask)
{
  static char name[] = QSQ_STDIN;
  static struct pair_cmd cmd;
  int factsfd = facts[1];
  if (chdir("work") == -1) qsq_die(QSQ_EXIT_TEMP, prefix, "unable to switch to ", id, "/work: ", &strerr_sys);
  if (prot_dropuid(caller) == -1) qsq_die(QSQ_EXIT_TEMP, prefix, "unable to drop to the caller's uid: ", 0, 0, &strerr_sys);
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1) qsq_die(QSQ_EXIT_TEMP, prefix, "unable to set the parent-death signal: ", 0, 0, &strerr_sys);
  if (getppid() != parent) _exit(QSQ_EXIT_TEMP); /* qscanq is already gone */
  homepath(QSQ_PATH_STDIN);
  /* the facts pipe (factspipe): open across this exec only */
  if (factsfd != -1 && fcntl(factsfd, F_SETFD, 0) == -1) factsfd = -1;
  pair_cmd(&cmd, name, id, factsfd, ask);
  execv(path, cmd.argv);
  qsq_die(QSQ_EXIT_TEMP, prefix, "unable to run ", path, ": ", &strerr_sys);
}

/* Wakes cleanq without waiting for it. run-cleanq is setgid to the
   control group and needs nothing else: the child becomes the caller for
   good (an exec keeps an effective uid of the qscanq user as the saved
   one), leaves the working folder, and keeps fd 2 only, for run-cleanq's
   one error line. None of the caller's pipes, either: notqmail's
   qmail-smtpd reads fd 6 until every holder has closed it, so a child
   keeping it would stall the SMTP session. */
static void wakecleanq(uid_t caller)
{
  static char name[] = QSQ_RUNCLEANQ;
  char *args[2];
  char *noenv[1];
  pid_t pid = fork();
  if (pid != 0) return; /* on failure too: cleanq sweeps every few minutes anyway */
  if (prot_dropuid(caller) == -1 || chdir("/") == -1 || fd_closefrom(3) == -1 || qsq_sig_reset() == -1) _exit(QSQ_EXIT_FAIL);
  close(0);
  close(1);
  homepath(QSQ_PATH_RUNCLEANQ);
  args[0] = name;
  args[1] = 0;
  noenv[0] = 0;
  execve(path, args, noenv);
  _exit(QSQ_EXIT_FAIL); /* not installed yet, or broken: stay quiet, cleanq sweeps anyway */
}

/* The child has the message and the envelope; holding them here would
   only keep the caller's writes from failing when the child is gone. */
static void letgo(void)
{
  int null = open("/dev/null", O_RDWR);
  /* one look at the envelope pipe after the wait (abandoned); only
     until qscanq exits, which follows the child's exit at once */
  envfd = fcntl(1, F_DUPFD_CLOEXEC, QSQ_REPLYFD + 1);
  if (null == -1 || fd_copy(0, null) == -1 || fd_copy(1, null) == -1)
    strerr_warn3(prefix, "warning: ", "unable to let go of fds 0 and 1: ", &strerr_sys);
  if (null > 2) close(null);
}

/* After the wait: the facts, the summary line (on fd 2 and in the
   verdict file), and the bounce policy. The code to exit with; a crash
   ends here (81), the folder marked done and cleanq woken. */
static int report(int wstat, uid_t caller, pid_t smtpd, const struct timespec *t0)
{
  int code;
  factslen = pair_facts(facts[0], factsbuf, sizeof factsbuf);
  queuepid = pair_queue(factsbuf, &factslen);
  if (wait_crashed(wstat)) {
    char num[FMT_ULONG];
    num[fmt_ulong(num, (unsigned long) wait_termsig(wstat))] = 0;
    summary(QSQ_EXIT_BUG, 0, smtpd, t0, "qscanq-stdin (or its qmail-queue) crashed");
    markdone();
    wakecleanq(caller);
    qsq_die(QSQ_EXIT_BUG, prefix, "qscanq-stdin (or its qmail-queue) crashed, signal ", num, 0, 0);
  }
  code = wait_exitcode(wstat);
  if (dropbounce(caller, code)) {
    strerr_warn3(prefix, "warning: ", "a bounce from qmail-send was refused for good: dropped, not retried for ever (install-wrap(8))", 0);
    summary(0, 1, smtpd, t0, 0);
    return 0;
  }
  summary(code, 0, smtpd, t0, 0);
  return code;
}

/* serve()'s socketpair: qscanq's end, and qscanq-stdin's, which it
   returns. That one goes above 6 (fds 0, 1, 2 and 6 are qmail's),
   without FD_CLOEXEC: it crosses the exec; qscanq-stdin sets FD_CLOEXEC
   so that neither the scanner nor qmail-queue gets it. */
static int askpair(int *ours)
{
  int sp[2];
  int childend;
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) == -1)
    qsq_die(QSQ_EXIT_TEMP, prefix, "unable to make a socketpair: ", 0, 0, &strerr_sys);
  childend = fcntl(sp[1], F_DUPFD, QSQ_REPLYFD + 1);
  if (childend == -1) qsq_die(QSQ_EXIT_TEMP, prefix, "unable to move the socketpair: ", 0, 0, &strerr_sys);
  close(sp[1]);
  *ours = sp[0];
  return childend;
}

/* The facts pipe, its write end above 6 too (never on fd 6, qmail's
   reply channel). No pipe, no facts: the summary says so, the message is
   still scanned. */
static void factspipe(void)
{
  if (pipe2(facts, O_CLOEXEC) == -1 || fcntl(facts[0], F_SETFL, O_NONBLOCK) == -1) facts[0] = facts[1] = -1;
  else if (facts[1] < 7) {
    int high = fcntl(facts[1], F_DUPFD_CLOEXEC, QSQ_REPLYFD + 1);
    close(facts[1]);
    facts[1] = high;
    if (high == -1) { close(facts[0]); facts[0] = -1; }
  }
}

int main(void)
{
  uid_t caller;
  pid_t parent;
  pid_t child;
  pid_t smtpd = getppid(); /* the caller, as tcpserver logs qmail-smtpd */
  struct timespec t0;
  int wstat;
  int code;
  int ask;
  int childend;

  if (clock_gettime(CLOCK_MONOTONIC, &t0) == -1) byte_zero(&t0, sizeof t0);
  makeprefix(); /* opens nothing */
  fds_open();
  umask(077);
  /* A caller that ignores SIGCHLD would make wait fail: children are
     ours to reap. */
  if (sig_default(SIGCHLD) == -1) qsq_die(QSQ_EXIT_TEMP, prefix, "unable to reset SIGCHLD: ", 0, 0, &strerr_sys);
  caller = getuid();
  parent = getpid();
  childend = askpair(&ask);
  factspipe();
  makefolder();

  child = fork();
  if (child == -1) {
    int e = errno;
    markdone(); /* nothing ran in it: for cleanq's next sweep */
    errno = e;
    qsq_die(QSQ_EXIT_TEMP, prefix, "unable to fork: ", 0, 0, &strerr_sys);
  }
  if (child == 0) runstdin(caller, parent, childend);
  close(childend); /* so that the child's exit is EOF on ours */
  /* a log pipe without a reader must not kill us after the commit */
  if (sig_ignore(SIGPIPE) == -1) strerr_warn3(prefix, "warning: ", "unable to ignore SIGPIPE: ", &strerr_sys);
  if (facts[1] != -1) close(facts[1]);
  letgo();

  serve(ask);

  if (wait_pid(&wstat, child) != child) {
    int e = errno;
    markdone();
    errno = e;
    qsq_die(QSQ_EXIT_TEMP, prefix, "unable to wait for qscanq-stdin: ", 0, 0, &strerr_sys);
  }
  keepproof(ask);
  close(ask);
  code = report(wstat, caller, smtpd, &t0);
  markdone();
  wakecleanq(caller);
  /* _exit: nothing to flush, and no exit-time handler (a sanitizer's leak
     check cannot run in a set-id program) may change the code. */
  _exit(code);
}

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "auto_home.h"
#include "auto_scanner.h"
#include "byte.h"
#include "error.h"
#include "fd.h"
#include "fmt.h"
#include "prot.h"
#include "sig.h"
#include "str.h"
#include "strerr.h"
#include "taia.h"
#include "wait.h"

/* qscanq: stands in for qmail-queue. Setuid to the qscanq user, and the
   only setuid program, so it does as little as it can: make a working
   folder marked in use (sticky), run qscanq-stdin in it as the caller, mark
   it done, wake cleanq, and pass on qscanq-stdin's exit code.
   It reads no environment variable and execs only fixed absolute paths. */

/* Log lines are "qscanq: @ID uid N: deferred (71): why", like
   qscanq-stdin's; qscanq reads no environment, so they carry no IP. */
#define DEFER "deferred (71): "

#define SPOOL "/qscanq/spool"
#define STDIN_PROG "/bin/qscanq-stdin"
#define RUN_CLEANQ "/bin/run-cleanq"

/* Attempts at a fresh folder name; each attempt uses a new counter. */
#define MKDIR_TRIES 10

/* Room for auto_home plus our suffixes; a longer home is refused. */
#define PATHMAX 1024

static char path[PATHMAX];
static int lockfd = -1;
static char prefix[8 + sizeof "@" + 24 + 1 + FMT_XLONG + 1 + FMT_ULONG + 5 + FMT_ULONG + 3];
/* @ + 24 hex + . + pid hex + . + counter + NUL */
static char id[1 + 24 + 1 + FMT_XLONG + 1 + FMT_ULONG + 1];

static void homepath(const char *suffix)
{
  if (!str_join(path, sizeof path, auto_home, suffix)) strerr_die(71, prefix, DEFER, "conf-home is too long", 0, 0, 0, 0);
}

/* Any of fds 0, 1, 2 that is closed gets /dev/null, before we open anything,
   so that no file we open later can be taken for the message, the envelope
   or the log. (glibc does the same for set-id programs, opening fd 0
   write-only.) Without a readable message there is nothing to queue:
   qmail-queue would fail to read it, and so do we (54). */
static void fds_open(void)
{
  int fd;
  int flags;
  for (fd = 0; fd < 3; ++fd)
    if (fcntl(fd, F_GETFD) == -1) {
      int null = open("/dev/null", fd ? O_RDONLY : O_WRONLY);
      if (null != fd) _exit(71); /* lower fds are open, so it lands on fd */
    }
  flags = fcntl(0, F_GETFL);
  if (flags == -1 || (flags & O_ACCMODE) == O_WRONLY)
    strerr_die(54, prefix, "deferred (54): ", "fd 0 (the message) is closed or not readable", 0, 0, 0, 0);
}

/* "qscanq: " [id " "] "uid " N ": " */
static void makeprefix(void)
{
  size_t len = fmt_str(prefix, "qscanq: ");
  if (id[0]) {
    len += fmt_str(prefix + len, id);
    prefix[len++] = ' ';
  }
  len += fmt_str(prefix + len, "uid ");
  len += fmt_ulong(prefix + len, (unsigned long) getuid());
  len += fmt_str(prefix + len, ": ");
  prefix[len] = 0;
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
  size_t len = 0;
  taia_now(&now);
  taia_packn(packed, &now);
  id[len++] = '@';
  len += fmt_hexbytes(id + len, (const unsigned char *) packed, sizeof packed);
  id[len++] = '.';
  len += fmt_xlong(id + len, (unsigned long) getpid());
  id[len++] = '.';
  len += fmt_ulong(id + len, counter);
  id[len] = 0;
}

/* Makes spool/@ID with the sticky bit already set, so cleanq never sees it
   unmarked, and work/ inside it. Leaves us in spool/@ID. */
static void makefolder(void)
{
  unsigned long attempt;
  struct stat st;

  homepath(SPOOL);
  if (chdir(path) == -1) strerr_die(71, prefix, DEFER, "unable to switch to ", path, ": ", 0, &strerr_sys);
  for (attempt = 0;; ++attempt) {
    if (attempt == MKDIR_TRIES) strerr_die(71, prefix, DEFER, "unable to find a fresh name for a working folder", 0, 0, 0, 0);
    makeid(attempt);
    if (mkdir(id, 01700) == 0) break;
    id[0] = 0;
    if (errno != error_exist) strerr_die(71, prefix, DEFER, "unable to make working folder ", id, ": ", 0, &strerr_sys);
  }
  makeprefix();
  /* Linux keeps the sticky bit of mkdir's mode; make sure of it anyway. */
  if (lstat(id, &st) == -1) strerr_die(71, prefix, DEFER, "unable to stat ", id, ": ", 0, &strerr_sys);
  if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid())
    strerr_die(71, prefix, DEFER, id, " is not the folder just made", 0, 0, 0);
  if ((st.st_mode & 07777) != 01700 && chmod(id, 01700) == -1)
    strerr_die(71, prefix, DEFER, "unable to mark ", id, " in use: ", 0, &strerr_sys);
  if (chdir(id) == -1) strerr_die(71, prefix, DEFER, "unable to switch to ", id, ": ", 0, &strerr_sys);
  /* The lock, held until qscanq exits, is what "in use" means to cleanq
     once the folder is old: a slow sender can make a folder older than
     any age limit before its scan even starts. Dying releases it. */
  lockfd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lockfd == -1) strerr_die(71, prefix, DEFER, "unable to open ", id, ": ", 0, &strerr_sys);
  if (flock(lockfd, LOCK_EX | LOCK_NB) == -1) strerr_die(71, prefix, DEFER, "unable to lock ", id, ": ", 0, &strerr_sys);
  /* The caller writes here, reaching it only through its current folder:
     the spool around it is 0700, so the wide mode gives nobody else access. */
  if (mkdir("work", 0700) == -1) strerr_die(71, prefix, DEFER, "unable to make ", id, "/work: ", 0, &strerr_sys);
  if (chmod("work", 0777) == -1) strerr_die(71, prefix, DEFER, "unable to chmod ", id, "/work: ", 0, &strerr_sys);
}

/* clamd's local sockets live in a folder that only the qscanq user may
   search (INSTALL), so that no local user can send clamd SHUTDOWN. So
   qscanq connects for qscanq-stdin, as its own user: not before the
   message arrives (clamd drops a connection that sends no command within
   CommandReadTimeout, and senders can be slow) but when qscanq-stdin asks,
   once the message is in. qscanq-stdin gets one end of a socketpair
   (SEQPACKET: one request, one answer, each a whole packet); it sends one
   byte, CLAMD_ASK, and gets back one packet: struct clamd_fds, and in its
   SCM_RIGHTS one fd per server with status 0, in server order. qscanq
   serves one request at most and reads nothing else of it (a read()
   drops any fds sent to us): a child that never asks, asks twice or sends
   garbage gets nothing. The paths are compiled in. */
static int connectunix(size_t i)
{
  const struct clamd_server *s = &auto_clamd[i];
  struct sockaddr_un sun;
  size_t len = str_len(s->path ? s->path : "");
  int fd;
  if (len >= sizeof sun.sun_path) { errno = error_proto; return -1; } /* auto-scanner refuses it */
  byte_zero(&sun, sizeof sun);
  sun.sun_family = AF_UNIX;
  byte_copy(sun.sun_path, len, s->path);
  /* non-blocking: a full backlog is EAGAIN at once, not a wait */
  fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd == -1) return -1;
  if (connect(fd, (struct sockaddr *) &sun, sizeof sun) == -1) { int e = errno; close(fd); errno = e; return -1; }
  return fd;
}

static void serve(int sock)
{
  static struct clamd_fds ans;
  union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int) * AUTO_CLAMD_MAX)]; } ctl;
  struct msghdr m;
  struct iovec iov;
  struct cmsghdr *c;
  int fds[AUTO_CLAMD_MAX];
  size_t n = 0;
  size_t i;
  char req;

  if (read(sock, &req, 1) != 1 || req != CLAMD_ASK) return; /* EOF: never asked */
  ans.count = (int) auto_clamd_count;
  for (i = 0; i < auto_clamd_count && i < AUTO_CLAMD_MAX; ++i) {
    ans.status[i] = -1; /* TCP: qscanq-stdin connects */
    if (auto_clamd[i].family != AF_UNIX) continue;
    fds[n] = connectunix(i);
    if (fds[n] == -1) ans.status[i] = errno ? errno : error_proto;
    else { ans.status[i] = 0; ++n; }
  }
  byte_zero(&m, sizeof m);
  byte_zero(&ctl, sizeof ctl);
  iov.iov_base = &ans;
  iov.iov_len = sizeof ans;
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  if (n) {
    m.msg_control = ctl.buf;
    m.msg_controllen = CMSG_SPACE(sizeof(int) * n);
    c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * n);
    byte_copy(CMSG_DATA(c), sizeof(int) * n, fds);
  }
  /* on failure qscanq-stdin reads EOF and defers; nothing to add here */
  if (sendmsg(sock, &m, MSG_DONTWAIT | MSG_NOSIGNAL) == -1)
    strerr_warn3(prefix, "warning: ", "unable to pass the clamd connections: ", &strerr_sys);
  while (n) close(fds[--n]);
}

/* The child: becomes the caller for good, then runs qscanq-stdin in work/.
   If qscanq dies (the caller then reports a crash: 451, and the sender
   retries), the child must die too, or the message could be queued as
   well. The kernel clears the death signal on a change of uid, so it is
   set after the drop; it lasts into qscanq-stdin, and ends only at the
   exec of the real qmail-queue, which is setuid. */
static void runstdin(uid_t caller, pid_t parent, char **args)
{
  static char name[] = "qscanq-stdin";
  if (chdir("work") == -1) strerr_die(71, prefix, DEFER, "unable to switch to ", id, "/work: ", 0, &strerr_sys);
  if (prot_dropuid(caller) == -1) strerr_die(71, prefix, DEFER, "unable to drop to the caller's uid: ", 0, 0, 0, &strerr_sys);
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1) strerr_die(71, prefix, DEFER, "unable to set the parent-death signal: ", 0, 0, 0, &strerr_sys);
  if (getppid() != parent) _exit(71); /* qscanq is already gone */
  homepath(STDIN_PROG);
  args[0] = name;
  args[1] = id;
  execv(path, args);
  strerr_die(71, prefix, DEFER, "unable to run ", path, ": ", 0, &strerr_sys);
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
  static char name[] = "run-cleanq";
  char *args[2];
  char *noenv[1];
  pid_t pid = fork();
  if (pid != 0) return; /* on failure too: cleanq sweeps every few minutes anyway */
  if (prot_dropuid(caller) == -1 || chdir("/") == -1 || fd_closefrom(3) == -1) _exit(111);
  close(0);
  close(1);
  homepath(RUN_CLEANQ);
  args[0] = name;
  args[1] = 0;
  noenv[0] = 0;
  execve(path, args, noenv);
  _exit(111); /* not installed yet, or broken: stay quiet, cleanq sweeps anyway */
}

int main(void)
{
  uid_t caller;
  pid_t parent;
  pid_t child;
  int wstat;
  char *args[4];
  char fdarg[FMT_ULONG];
  int sp[2];
  int childend;

  makeprefix(); /* opens nothing */
  fds_open();
  umask(077);
  /* A caller that ignores SIGCHLD would make wait fail: children are
     ours to reap. */
  if (sig_default(SIGCHLD) == -1) strerr_die(71, prefix, DEFER, "unable to reset SIGCHLD: ", 0, 0, 0, &strerr_sys);
  caller = getuid();
  parent = getpid();
  /* For serve(). qscanq-stdin's end goes above 6 (fds 0, 1, 2 and 6 are
     qmail's), without FD_CLOEXEC: it crosses the exec; qscanq-stdin sets
     FD_CLOEXEC so that neither the scanner nor qmail-queue gets it. */
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) == -1)
    strerr_die(71, prefix, DEFER, "unable to make a socketpair: ", 0, 0, 0, &strerr_sys);
  childend = fcntl(sp[1], F_DUPFD, 7);
  if (childend == -1) strerr_die(71, prefix, DEFER, "unable to move the socketpair: ", 0, 0, 0, &strerr_sys);
  close(sp[1]);
  fdarg[fmt_ulong(fdarg, (unsigned long) childend)] = 0;
  args[2] = fdarg;
  args[3] = 0;
  makefolder();

  child = fork();
  if (child == -1) {
    int e = errno;
    markdone(); /* nothing ran in it: for cleanq's next sweep */
    errno = e;
    strerr_die(71, prefix, DEFER, "unable to fork: ", 0, 0, 0, &strerr_sys);
  }
  if (child == 0) runstdin(caller, parent, args);
  close(childend); /* so that the child's exit is EOF on ours */

  /* The child has the message and the envelope; holding them here would
     only keep the caller's writes from failing when the child is gone. */
  {
    int null = open("/dev/null", O_RDWR);
    if (null == -1 || fd_copy(0, null) == -1 || fd_copy(1, null) == -1)
      strerr_warn3(prefix, "warning: ", "unable to let go of fds 0 and 1: ", &strerr_sys);
    if (null > 2) close(null);
  }

  serve(sp[0]);
  close(sp[0]);

  if (wait_pid(&wstat, child) != child) {
    int e = errno;
    markdone();
    errno = e;
    strerr_die(71, prefix, DEFER, "unable to wait for qscanq-stdin: ", 0, 0, 0, &strerr_sys);
  }
  markdone();
  wakecleanq(caller);
  if (wait_crashed(wstat)) {
    char num[FMT_ULONG];
    num[fmt_ulong(num, (unsigned long) wait_termsig(wstat))] = 0;
    strerr_die(81, prefix, "deferred (81): ", "qscanq-stdin (or the qmail-queue it became) crashed, signal ", num, 0, 0, 0);
  }
  /* _exit: nothing to flush, and no exit-time handler (a sanitizer's leak
     check cannot run in a set-id program) may change the code. */
  _exit(wait_exitcode(wstat));
}

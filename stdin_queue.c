#define _GNU_SOURCE /* pipe2 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "auto_home.h"
#include "error.h"
#include "fd.h"
#include "qsq.h"
#include "qsq_path.h"
#include "qsq_proc.h"
#include "seek.h"
#include "sig.h"
#include "str.h"
#include "strerr.h"
#include "stdin_copy.h"
#include "stdin_queue.h"

/* The real qmail-queue, as qscanq-stdin runs it (stdin_queue.h): started
   while clamd scans, so that its copy of the message and its first sync
   overlap the scan (#20), and given the envelope only once the message
   is clean. qmail-queue commits nothing before its envelope's final NUL:
   an envelope cut short (our exit, a refusal, a crash) is its exit 54,
   its files removed, nothing queued (REFERENCE 1). */

/* HOME/qscanq/qmail-queue into path, unless it leads back to qscanq
   itself: 0, or the reason (and errno, when it is a system error's). */
static const char *findqueue(char *path, size_t size, int *sys)
{
  struct stat self;
  struct stat real;
  *sys = 0;
  if (!str_join(path, size, auto_home, QSQ_PATH_QSCANQ)) return "conf-home is too long";
  *sys = 1;
  if (stat(path, &self) == -1) return "unable to stat qscanq: ";
  if (!str_join(path, size, auto_home, QSQ_PATH_REALQUEUE)) { *sys = 0; return "conf-home is too long"; }
  if (stat(path, &real) == -1) return "unable to find the real qmail-queue: ";
  *sys = 0;
  if (real.st_dev == self.st_dev && real.st_ino == self.st_ino) return "qscanq/qmail-queue leads back to qscanq itself: ";
  return 0;
}

/* the same, or the message deferred with the reason */
static void realqueue(struct stdin_exit *x, char *path, size_t size)
{
  int sys;
  const char *why = findqueue(path, size, &sys);
  if (!why) return;
  if (sys) exit_tempsys(x, why);
  exit_temp(x, why, str_equal(why, "conf-home is too long") ? 0 : "check install-wrap (see install-wrap(8))");
}

/* fd, moved above fd 6 when it is at or below: fd 6 is the caller's
   reply channel or nothing (outcome_tell writes a refusal's reason to a
   pipe there), never a pipe of ours. -1 (fd closed) if it cannot be. */
static int above6(int fd)
{
  int high;
  if (fd == -1 || fd > QSQ_REPLYFD) return fd;
  high = fcntl(fd, F_DUPFD_CLOEXEC, QSQ_REPLYFD + 1);
  close(fd);
  return high;
}

/* a pipe, both ends close-on-exec and above fd 6: 0, or -1 */
static int highpipe(int p[2])
{
  if (pipe2(p, O_CLOEXEC) == -1) return -1;
  p[0] = above6(p[0]);
  p[1] = above6(p[1]);
  if (p[0] != -1 && p[1] != -1) return 0;
  if (p[0] != -1) close(p[0]);
  if (p[1] != -1) close(p[1]);
  return -1;
}

/* qmail-queue as the child, by posix_spawn: no copy of this process's
   memory on the way to the message's commit (#20). It gets the copy on
   fd 0, the envelope pipe on fd 1, reply (or the caller's fd 6, or no fd
   6) on fd 6, and nothing else of ours (all close-on-exec); no alarm (a
   new process has none), SIGALRM, SIGXFSZ and SIGPIPE at their default,
   nothing blocked, as qsq_sig_reset leaves an exec. The pid, or 0 when
   it could not be started (errno). */
static pid_t spawn(const char *path, int msg, int env, int reply)
{
  static char name[] = QSQ_QUEUE;
  extern char **environ;
  char *args[2];
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t at;
  sigset_t none;
  sigset_t deflt;
  pid_t pid = 0;
  int e;
  args[0] = name;
  args[1] = 0;
  if ((e = posix_spawn_file_actions_init(&fa))) { errno = e; return 0; }
  if ((e = posix_spawnattr_init(&at))) { posix_spawn_file_actions_destroy(&fa); errno = e; return 0; }
  sigemptyset(&none);
  sigemptyset(&deflt);
  sigaddset(&deflt, SIGALRM);
  sigaddset(&deflt, SIGXFSZ);
  sigaddset(&deflt, SIGPIPE);
  if (!(e = posix_spawn_file_actions_adddup2(&fa, msg, 0)) &&
      !(e = posix_spawn_file_actions_adddup2(&fa, env, 1)) &&
      !(e = reply == -1 ? 0 : posix_spawn_file_actions_adddup2(&fa, reply, QSQ_REPLYFD)) &&
      !(e = posix_spawnattr_setsigmask(&at, &none)) &&
      !(e = posix_spawnattr_setsigdefault(&at, &deflt)) &&
      !(e = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)) &&
      (e = posix_spawn(&pid, path, &fa, &at, args, environ)))
    pid = 0;
  posix_spawnattr_destroy(&at);
  posix_spawn_file_actions_destroy(&fa);
  if (!pid) errno = e;
  return pid;
}

void queue_start(struct queue *q, int msgfd)
{
  char path[1024];
  int env[2];
  int reply[2] = { -1, -1 };
  /* looked at before we open anything, which might land on fd 6 */
  int caller6 = fcntl(QSQ_REPLYFD, F_GETFD) != -1;
  int sys;
  int msg;
  pid_t pid = -1;
  /* anything wrong with qmail-queue: it is left to queue_finish, which
     says so only if the message is clean (a virus is refused still) */
  if (findqueue(path, sizeof path, &sys)) return;
  msg = above6(copy_reopen(q->x, msgfd));
  if (msg == -1) return;
  /* no pipe or no process to spare: qmail-queue runs after the scan,
     as this very process (queue_finish) */
  if (highpipe(env) == -1) { close(msg); return; }
  /* fd 6, when the caller left one open, is a pipe of ours too: a reply
     qmail-queue gives there (a filter behind us, exit 82) is passed on
     with its exit code, and a refusal of ours is not held up by it */
  if (!caller6 || highpipe(reply) == 0) pid = spawn(path, msg, env[0], reply[1]);
  if (pid <= 0) {
    /* no process to spare, or qmail-queue would not start: after the
       scan it is run as this process, and says why if it fails again */
    close(msg);
    close(env[0]);
    close(env[1]);
    if (reply[0] != -1) { close(reply[0]); close(reply[1]); }
    return;
  }
  close(msg);
  close(env[0]);
  if (reply[1] != -1) close(reply[1]);
  q->pid = pid;
  q->envfd = env[1];
  q->replyfd = reply[0];
}

/* qmail-queue's fd 6 to ours, to its end (its exit): qmail-smtpd reads
   fd 6 to its end too. What cannot be written is dropped, but still read,
   so that qmail-queue never blocks on it. */
static void passreply(int from)
{
  char buf[1024];
  int ok = 1;
  for (;;) {
    ssize_t r = read(from, buf, sizeof buf);
    size_t done;
    if (r == -1 && errno == error_intr) continue;
    if (r <= 0) return;
    for (done = 0; ok && done < (size_t) r;) {
      ssize_t w = write(QSQ_REPLYFD, buf + done, (size_t) r - done);
      if (w == -1 && errno == error_intr) continue;
      if (w <= 0) ok = 0;
      else done += (size_t) w;
    }
  }
}

/* fd 1 to qmail-queue as it comes, until the caller closes it or
   qmail-queue stops reading: it has read its final NUL (or given up on
   the envelope), so what it saw is what it would have read from fd 1
   itself. A read error ends the envelope early: qmail-queue's 54. */
static void relay(int to)
{
  char buf[4096];
  for (;;) {
    struct pollfd p[2];
    ssize_t r;
    size_t done;
    p[0].fd = 1;
    p[0].events = POLLIN;
    p[0].revents = 0;
    p[1].fd = to;
    p[1].events = 0; /* POLLERR: the read end is closed */
    p[1].revents = 0;
    if (poll(p, 2, -1) == -1) {
      if (errno == error_intr) continue;
      return;
    }
    if (p[1].revents) return;
    if (!p[0].revents) continue;
    r = read(1, buf, sizeof buf);
    if (r == -1 && (errno == error_intr || errno == error_again)) continue;
    if (r <= 0) return;
    for (done = 0; done < (size_t) r;) {
      ssize_t w = write(to, buf + done, (size_t) r - done);
      if (w == -1 && errno == error_intr) continue;
      if (w <= 0) return; /* EPIPE: qmail-queue is gone (SIGPIPE ignored) */
      done += (size_t) w;
    }
  }
}

/* Not started: exec it now with the copy on fd 0 and the caller's
   envelope pipe still on fd 1. */
static void execqueue(struct queue *q, int msgfd)
{
  char path[1024];
  static char name[] = QSQ_QUEUE;
  char *args[2];
  struct stdin_exit *x = q->x;
  realqueue(x, path, sizeof path);
  if (seek_begin(msgfd) == -1) exit_read(x, "unable to rewind the copy: ");
  if (fd_move(0, msgfd) == -1) exit_tempsys(x, "unable to move the copy to fd 0: ");
  exit_cleanup(); /* the open copy on fd 0 outlives its names */
  if (qsq_sig_reset() == -1) exit_tempsys(x, "unable to restore signals: ");
  args[0] = name;
  args[1] = 0;
  outcome_queue(&x->fate, (unsigned long) getpid());
  execv(path, args);
  exit_tempsys(x, "unable to run the real qmail-queue: ");
}

void queue_finish(struct queue *q, int msgfd)
{
  int wstat;
  pid_t r;
  if (!q->pid) execqueue(q, msgfd);
  outcome_queue(&q->x->fate, (unsigned long) q->pid);
  relay(q->envfd);
  close(q->envfd);
  exit_cleanup(); /* while qmail-queue syncs; its fd 0 outlives the name */
  if (q->replyfd != -1) passreply(q->replyfd);
  do r = waitpid(q->pid, &wstat, 0); while (r == -1 && errno == error_intr);
  if (r == -1) {
    /* cannot be: the child is ours. Whatever became of the message,
       qmail-queue alone knows: say so, never "queued" */
    strerr_warn3(q->x->prefix, "unable to wait for the real qmail-queue: ", 0, &strerr_sys);
    _exit(QSQ_EXIT_BUG);
  }
  if (WIFEXITED(wstat)) _exit(WEXITSTATUS(wstat));
  /* qmail-queue crashed: so does this process, with its signal, and
     qscanq says so as it did when qmail-queue was this process */
  if (sig_default(WTERMSIG(wstat)) == -1 || qsq_sig_reset() == -1) _exit(QSQ_EXIT_BUG);
  (void) kill(getpid(), WTERMSIG(wstat));
  _exit(QSQ_EXIT_BUG);
}

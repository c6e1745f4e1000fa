#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "auto_scanner.h"
#include "auto_timeout.h"
#include "error.h"
#include "fmt.h"
#include "sig.h"
#include "str.h"
#include "strerr.h"
#include "verdict.h"
#include "qsq_die.h"
#include "stdin_exit.h"

/* qscanq-stdin's exit: the one way out of a message (exit_with and its
   wrappers), work/ emptied (exit_cleanup), a refused message's envelope
   read for the summary (envelope), and the deadline's handler. */

/* exit_cleanup() descends at most this deep: qscanq-stdin's own folders
   are flat, and cleanq removes anything deeper that a killed scanner
   left. */
#define CLEANUP_DEPTH 8

/* ms the caller gets to hand over the envelope: qmail-smtpd writes it
   right after the message, long before a scan ends */
#define ENVWAIT 2000

/* Removes dirfd/name and, if it is a folder, what is inside, not following
   symbolic links; with keep, a folder dirfd/name itself stays, emptied.
   Best effort: whatever stays, cleanq removes later. */
static void removeat(int dirfd, const char *name, int depth, int keep)
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
      removeat(fd, de->d_name, depth - 1, 0);
  closedir(dir);
  if (!keep) (void) unlinkat(dirfd, name, AT_REMOVEDIR);
}

void exit_cleanup(void)
{
  /* the clamd form leaves parts/ itself, emptied, to cleanq (woken as
     soon as the message is done): the rmdir of a folder costs 0.4 to 1
     ms on ext4, on the way to the SMTP reply (#20); no data stays */
  removeat(AT_FDCWD, "parts", CLEANUP_DEPTH, auto_clamd_count != 0);
  removeat(AT_FDCWD, "tmp", CLEANUP_DEPTH, 0);
  (void) unlink("msg");
}

/* ---- a refused message's envelope and Message-ID, for the log ---- */

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
static void envelope(struct stdin_exit *x)
{
  static char env[VERDICT_ENVMAX];
  static char envtext[VERDICT_ENVTEXT];
  static char head[65536];
  size_t len;
  size_t got = 0;
  alarm(0); /* the verdict stands: the deadline has no more to stop */
  len = verdict_envelope(envtext, sizeof envtext, env, readenvelope(env));
  /* the header, from the copy: the same bytes qmail-queue would have got */
  while (x->copyfd != -1 && got < sizeof head && got < VERDICT_HEADMAX) {
    ssize_t r = pread(x->copyfd, head + got, sizeof head - got, (off_t) got);
    if (r == -1 && errno == error_intr) continue;
    if (r <= 0) break;
    got += (size_t) r;
  }
  (void) verdict_msgid(envtext + len, sizeof envtext - len, head, got);
  x->fate.envelope = envtext;
}

/* ---- the one way out ---- */

void exit_with(struct stdin_exit *x, int code, const char *why, const char *detail, const struct strerr *se)
{
  static struct strerr saved;
  int told;
  if (se == &strerr_sys) { /* errno now, before exit_cleanup() changes it */
    strerr_sysinit();
    saved = strerr_sys;
    se = &saved;
  }
  if (code == QSQ_EXIT_VIRUS) envelope(x);
  told = outcome_tell(&x->fate, code, x->timedout); /* 82 when fd 6 got the reason */
  exit_cleanup();
  qsq_dietold(code, told, x->prefix, why, detail, 0, se);
}

void exit_temp(struct stdin_exit *x, const char *why, const char *detail)
{
  exit_with(x, QSQ_EXIT_TEMP, why, detail, 0);
}

void exit_tempsys(struct stdin_exit *x, const char *why)
{
  exit_with(x, QSQ_EXIT_TEMP, why, 0, &strerr_sys);
}

void exit_read(struct stdin_exit *x, const char *why)
{
  exit_with(x, QSQ_EXIT_READ, why, 0, &strerr_sys);
}

/* qmail-queue's 51 for memory, 53 for the disk and everything else about
   writing */
void exit_write(struct stdin_exit *x, const char *why)
{
  exit_with(x, errno == error_nomem ? QSQ_EXIT_NOMEM : QSQ_EXIT_WRITE, why, 0, &strerr_sys);
}

void exit_nomem(struct stdin_exit *x)
{
  exit_with(x, QSQ_EXIT_NOMEM, "out of memory", 0, 0);
}

void exit_refused(struct stdin_exit *x, const char *why, const char *detail)
{
  exit_with(x, QSQ_EXIT_VIRUS, why, detail, 0);
}

/* ---- the deadline ---- */

/* The message the handler acts on: a handler reaches nothing else. */
static struct stdin_exit *alarmed;

/* Unpacking checks timedout between reads, but one read's worth of
   hostile MIME must not outlast the deadline either: stop here, as the
   SIGKILL of a reformime child did. What is left in parts/ is cleanq's.
   Only async-signal-safe calls: outcome_tell does pure formatting, fcntl
   and write; the line is formatted here, as qsq_dietold would. */
static void latestop(struct stdin_exit *x)
{
  static const char why[] = "unpacking ran out of time\n";
  char line[QSQ_PREFIX + 2 + FMT_ULONG + sizeof why + 16];
  int told = outcome_tell(&x->fate, QSQ_EXIT_TEMP, 1);
  size_t len = fmt_str(line, x->prefix);
  len += fmt_str(line + len, qsq_word(QSQ_EXIT_TEMP));
  len += fmt_str(line + len, " (");
  len += fmt_ulong(line + len, (unsigned long) told);
  len += fmt_str(line + len, "): ");
  len += fmt_str(line + len, why);
  (void) !write(2, line, len);
  _exit(told);
}

static void deadline(int sig)
{
  struct stdin_exit *x = alarmed;
  (void) sig;
  x->timedout = 1;
  if (x->running > 0) {
    (void) kill(-x->running, SIGKILL);
    (void) kill(x->running, SIGKILL); /* also if it left its group */
  }
  if (x->unpacking) latestop(x);
  alarm(1); /* again, in case a blocking read missed this one */
}

void exit_deadline(struct stdin_exit *x, struct timespec *limit)
{
  if (clock_gettime(CLOCK_MONOTONIC, limit) == -1) exit_tempsys(x, "unable to read the clock: ");
  limit->tv_sec += (time_t) auto_timeout;
  alarmed = x;
  if (sig_catch(SIGALRM, deadline) == -1) exit_tempsys(x, "unable to catch SIGALRM: ");
  /* a caller that blocks SIGALRM must not switch the deadline off */
  if (sig_unblock(SIGALRM) == -1) exit_tempsys(x, "unable to unblock SIGALRM: ");
  alarm((unsigned int) auto_timeout);
}

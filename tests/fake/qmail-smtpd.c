/* tests/fake/qmail-smtpd: a stand-in for the way qmail-smtpd queues one
 * message through qmail.c (qmail_open, qmail_put, qmail_from, qmail_to,
 * qmail_close), notqmail flavour with the error pipe on fd 6.
 *
 *   qmail-smtpd HOME QUEUEPROG MSGFILE ENVFILE
 *
 * ENVFILE holds the raw envelope bytes (F...\0T...\0\0); they are sent as
 * they are, so a test can send a broken envelope on purpose. The queue
 * program gets the message pipe on fd 0, the envelope pipe on fd 1 and the
 * error pipe on fd 6, runs in HOME (exit 61 if chdir fails), with argv
 * {QUEUEPROG, 0} and this program's environment (exit 120 if exec fails).
 *
 * The parent ignores SIGPIPE, writes the whole message, closes the message
 * pipe, writes the envelope and closes it; a write error only sets a flag,
 * as in qmail. Then it reads the error pipe until it closes (keeping the
 * first 255 bytes), and only then waits for the queue program.
 *
 * Output on stdout, two lines:
 *   the reply qmail-smtpd would give (250 ok, 554 ..., 451 ...)
 *   exit N   or   crash SIG   (the queue program's raw status)
 * Exit status: 0 for 250, 1 for 554, 2 for 451; 111 for trouble of its own
 * (bad usage, unreadable files, no pipes or fork).
 *
 * STANDIN_SMTPD=qmail makes it a qmail 1.03 or netqmail qmail-smtpd: no
 * error pipe; the queue program gets this program's own fd 6 as it is
 * (a file, a terminal, closed: whatever the test set up), and exit 82 is
 * just a temporary failure ("451 qq temporary problem"). Unset or
 * anything else: notqmail, as above.
 *
 * STANDIN_PIDS=FILE appends one line "smtpd PID qq PID" to FILE: this
 * program's pid (what tcpserver logs for qmail-smtpd) and the queue
 * program's (the qp of "250 ok ... qp N"). */

#include <sys/types.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include "env.h"
#include "error.h"
#include "fd.h"
#include "fmt.h"
#include "open.h"
#include "sig.h"
#include "str.h"
#include "strerr.h"
#include "subfd.h"
#include "substdio.h"
#include "wait.h"

#define FATAL "qmail-smtpd (stand-in): fatal: "

struct qmail {
  int flagerr;
  pid_t pid;
  int fdm;
  int fde;
  int fderr;
  substdio ss;
  char buf[1024];
};

static void die_usage(void) __attribute__((noreturn));
static void die_usage(void)
{
  strerr_die2x(111, FATAL, "usage: qmail-smtpd HOME QUEUEPROG MSGFILE ENVFILE");
}

/* an fd above 6, so that the moves to 0, 1 and 6 cannot clobber it */
static int lift(int fd)
{
  int r = fcntl(fd, F_DUPFD, 7);
  if (r == -1) _exit(120);
  if (close(fd) == -1) _exit(120);
  return r;
}

static int notqmail = 1;

static int qmail_open(struct qmail *qq, const char *home, char *prog, int keep1, int keep2)
{
  int pim[2];
  int pie[2];
  int pierr[2];
  char *args[2];

  if (pipe(pim) == -1) return -1;
  if (pipe(pie) == -1) { (void) close(pim[0]); (void) close(pim[1]); return -1; }
  if (!notqmail) { pierr[0] = -1; pierr[1] = -1; }
  else if (pipe(pierr) == -1) {
    (void) close(pim[0]); (void) close(pim[1]);
    (void) close(pie[0]); (void) close(pie[1]);
    return -1;
  }

  switch (qq->pid = fork()) {
    case -1:
      (void) close(pim[0]); (void) close(pim[1]);
      (void) close(pie[0]); (void) close(pie[1]);
      if (notqmail) { (void) close(pierr[0]); (void) close(pierr[1]); }
      return -1;
    case 0:
      if (close(keep1) == -1 || close(keep2) == -1) _exit(120);
      if (close(pim[1]) == -1 || close(pie[1]) == -1) _exit(120);
      if (notqmail && close(pierr[0]) == -1) _exit(120);
      pim[0] = lift(pim[0]);
      pie[0] = lift(pie[0]);
      if (notqmail) pierr[1] = lift(pierr[1]);
      if (fd_move(0, pim[0]) == -1) _exit(120);
      if (fd_move(1, pie[0]) == -1) _exit(120);
      if (notqmail && fd_move(6, pierr[1]) == -1) _exit(120);
      if (chdir(home) == -1) _exit(61);
      args[0] = prog;
      args[1] = 0;
      execv(prog, args);
      _exit(120);
    default:
      break;
  }

  qq->fdm = pim[1];
  qq->fde = pie[1];
  qq->fderr = pierr[0];
  if (close(pim[0]) == -1 || close(pie[0]) == -1 || (notqmail && close(pierr[1]) == -1))
    strerr_die2sys(111, FATAL, "unable to close pipe ends: ");
  substdio_fdbuf(&qq->ss, substdio_write, qq->fdm, qq->buf, sizeof qq->buf);
  qq->flagerr = 0;
  return 0;
}

static void qmail_put(struct qmail *qq, const char *s, size_t len)
{
  if (!qq->flagerr) if (substdio_put(&qq->ss, s, len) == -1) qq->flagerr = 1;
}

/* qmail_from without the sender: the end of the message, then the
   envelope pipe. The envelope bytes come raw from ENVFILE. */
static void qmail_endmessage(struct qmail *qq)
{
  if (substdio_flush(&qq->ss) == -1) qq->flagerr = 1;
  if (close(qq->fdm) == -1) qq->flagerr = 1;
  substdio_fdbuf(&qq->ss, substdio_write, qq->fde, qq->buf, sizeof qq->buf);
}

static char errstr[256];
static size_t errlen;
static int wstat;
static int waited; /* wstat is the queue program's */

/* "" for success, else D or Z and the text, as notqmail's qmail_close */
static const char *qmail_close(struct qmail *qq)
{
  char ch;
  int exitcode;

  if (!qq->flagerr) if (substdio_flush(&qq->ss) == -1) qq->flagerr = 1;
  if (close(qq->fde) == -1) qq->flagerr = 1;

  /* the error pipe, until it closes: the qmail-smtpd side stalls here
     as long as anything still holds its write end */
  errlen = 0;
  if (notqmail) {
    substdio_fdbuf(&qq->ss, substdio_read, qq->fderr, qq->buf, sizeof qq->buf);
    for (;;) {
      ssize_t r = substdio_get(&qq->ss, &ch, 1);
      if (r <= 0) break;
      if (errlen < sizeof errstr - 1) errstr[errlen++] = ch;
    }
    if (close(qq->fderr) == -1) strerr_die2sys(111, FATAL, "unable to close the error pipe: ");
  }
  errstr[errlen] = 0;

  if (wait_pid(&wstat, qq->pid) != qq->pid)
    return "Zqq waitpid surprise (#4.3.0)";
  waited = 1;
  if (wait_crashed(wstat))
    return "Zqq crashed (#4.3.0)";
  exitcode = wait_exitcode(wstat);

  switch (exitcode) {
    case 115: /* compatibility */
    case 11: return "Denvelope address too long for qq (#5.1.3)";
    case 31: return "Dmail server permanently rejected message (#5.3.0)";
    case 51: return "Zqq out of memory (#4.3.0)";
    case 52: return "Zqq timeout (#4.3.0)";
    case 53: return "Zqq write error or disk full (#4.3.0)";
    case 0: if (!qq->flagerr) return ""; /* fall through */
    case 54: return "Zqq read error (#4.3.0)";
    case 55: return "Zqq unable to read configuration (#4.3.0)";
    case 56: return "Zqq trouble making network connection (#4.3.0)";
    case 61: return "Zqq trouble in home directory (#4.3.0)";
    case 62: case 63: case 64: case 65: case 66:
      return "Zqq trouble creating files in queue (#4.3.0)";
    case 71: return "Zmail server temporarily rejected message (#4.3.0)";
    case 72: return "Zconnection to mail server timed out (#4.4.1)";
    case 73: return "Zconnection to mail server rejected (#4.4.1)";
    case 74: return "Zcommunication with mail server failed (#4.4.2)";
    case 82: if (notqmail && errlen > 2) return errstr; /* custom error */
      return "Zqq temporary problem (#4.3.0)";
    case 81: case 91: return "Zqq internal bug (#4.3.0)";
    case 120: return "Zunable to exec qq (#4.3.0)";
    default:
      if (exitcode >= 11 && exitcode <= 40)
        return "Dqq permanent problem (#5.3.0)";
      return "Zqq temporary problem (#4.3.0)";
  }
}

static void out(const char *s)
{
  if (substdio_puts(subfdout, s) == -1) strerr_die2sys(111, FATAL, "unable to write output: ");
}

static void outnum(unsigned long u)
{
  char num[FMT_ULONG];
  num[fmt_ulong(num, u)] = 0;
  out(num);
}

/* "smtpd PID qq PID" appended to $STANDIN_PIDS, in one write */
static void pids(pid_t qq)
{
  const char *fn = env_get("STANDIN_PIDS");
  char line[16 + 2 * FMT_ULONG];
  size_t len;
  int fd;
  if (!fn) return;
  len = fmt_str(line, "smtpd ");
  len += fmt_ulong(line + len, (unsigned long) getpid());
  len += fmt_str(line + len, " qq ");
  len += fmt_ulong(line + len, (unsigned long) qq);
  line[len++] = '\n';
  fd = open(fn, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd == -1) strerr_die4sys(111, FATAL, "unable to open ", fn, ": ");
  if (write(fd, line, len) != (ssize_t) len || close(fd) == -1) strerr_die4sys(111, FATAL, "unable to write ", fn, ": ");
}

static char copybuf[SUBSTDIO_INSIZE];

/* the whole of fd into the queue, through qmail_put */
static void feed(struct qmail *qq, int fd, const char *fn)
{
  for (;;) {
    ssize_t r = read(fd, copybuf, sizeof copybuf);
    if (r == -1) {
      if (errno == error_intr) continue;
      strerr_die4sys(111, FATAL, "unable to read ", fn, ": ");
    }
    if (r == 0) break;
    qmail_put(qq, copybuf, (size_t) r);
  }
}

int main(int argc, char **argv)
{
  struct qmail qq;
  const char *qqx;
  int fdmsg;
  int fdenv;
  int status;

  if (argc != 5) die_usage();
  {
    const char *mode = env_get("STANDIN_SMTPD");
    if (mode && str_equal(mode, "qmail")) notqmail = 0;
  }
  if (sig_ignore(SIGPIPE) == -1) strerr_die2sys(111, FATAL, "unable to ignore SIGPIPE: ");

  fdmsg = open_read(argv[3]);
  if (fdmsg == -1) strerr_die4sys(111, FATAL, "unable to open ", argv[3], ": ");
  fdenv = open_read(argv[4]);
  if (fdenv == -1) strerr_die4sys(111, FATAL, "unable to open ", argv[4], ": ");

  if (qmail_open(&qq, argv[1], argv[2], fdmsg, fdenv) == -1)
    strerr_die2sys(111, FATAL, "qmail_open failed: ");

  feed(&qq, fdmsg, argv[3]);
  qmail_endmessage(&qq);
  feed(&qq, fdenv, argv[4]);
  if (close(fdmsg) == -1 || close(fdenv) == -1) strerr_die2sys(111, FATAL, "unable to close input: ");
  qqx = qmail_close(&qq);
  pids(qq.pid);

  /* qmail-smtpd: D gives 554, anything else 451, followed by the rest */
  if (!*qqx) { out("250 ok"); status = 0; }
  else if (*qqx == 'D') { out("554 "); out(qqx + 1); status = 1; }
  else { out("451 "); out(qqx + 1); status = 2; }
  out("\n");
  if (!waited) out("waitpid failed");
  else if (wait_crashed(wstat)) { out("crash "); outnum((unsigned long) wait_termsig(wstat)); }
  else { out("exit "); outnum((unsigned long) wait_exitcode(wstat)); }
  out("\n");
  if (substdio_flush(subfdout) == -1) strerr_die2sys(111, FATAL, "unable to write output: ");
  return status;
}

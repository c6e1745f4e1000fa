/* tests/fake/qmail-queue: a stand-in for qmail's qmail-queue, for tests.
 *
 * Like the real one it reads the message on fd 0 to its end first, then
 * the envelope on fd 1, and checks the envelope the same way:
 *   first byte not 'F', or a recipient not starting with 'T'   exit 91
 *   an address (sender or recipient) of 1003 bytes or more     exit 11
 *   end of input or a read error before the final NUL          exit 54
 * It reads the envelope only up to its final NUL, as qmail-queue does.
 *
 * Instead of a queue it records into the folder $STANDIN_QUEUE (exit 61
 * when unset or unusable), which the caller must be able to write:
 *   N.msg   the message bytes, exactly (no Received line is added)
 *   N.env   the envelope bytes, exactly, up to and including the final NUL
 *   N.sig   the signal state it was started with (see below)
 *   N.info  one line: uid=REALUID euid=EUID
 * N is SECONDS.NANOSECONDS.PID. Each file is written as NAME.tmp and
 * renamed; .info comes last, so the number of *.info files is the number
 * of messages queued.
 *
 * N.sig is one line: alarm=S blocked=LIST ignored=LIST, where S is what
 * was left of an alarm inherited across exec (0: none) and LIST is the
 * signal numbers (1 to 31) blocked or ignored at startup, comma-separated,
 * or "none". The real qmail-queue relies on its 24-hour SIGALRM; a caller
 * that leaves SIGALRM blocked disables it. (SIGPIPE shows up ignored
 * under qmail-smtpd, which ignores it itself.)
 *
 * Knobs for tests, in $STANDIN_QUEUE:
 *   crash      exists: read all input (fd 0, then fd 1, to their ends),
 *              record nothing, abort()
 *   exitcode   exists: holds a decimal code; read all input, record
 *              nothing, exit with that code
 * crash wins over exitcode.
 *
 * Other exits: 51 out of memory, 52 alarm (24 hours), 53 write error,
 * 63 cannot create a file, 66 cannot rename one, 81 unreadable exitcode
 * file. Diagnostics go to fd 2 only (fd 1 is the envelope). */

#include <sys/types.h>
#include <sys/stat.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "env.h"
#include "error.h"
#include "fmt.h"
#include "open.h"
#include "scan.h"
#include "sig.h"
#include "stralloc.h"
#include "strerr.h"
#include "substdio.h"
#include "taia.h"

#define FATAL "qmail-queue (stand-in): fatal: "
#define ADDR 1003     /* qmail-queue's limit: an address must be shorter */
#define DEATH 86400   /* qmail-queue's alarm */

static char inbuf[SUBSTDIO_INSIZE];
static substdio ssin = SUBSTDIO_FDBUF(substdio_read, 0, inbuf, sizeof inbuf);
static char envbuf[SUBSTDIO_INSIZE];
static substdio ssenv = SUBSTDIO_FDBUF(substdio_read, 1, envbuf, sizeof envbuf);
static char outbuf[SUBSTDIO_OUTSIZE];
static substdio ssout;

/* the files this run has made so far, removed again when it fails */
#define NFILES 8
static stralloc made[NFILES];
static int nmade = 0;

static void cleanup(void)
{
  int i;
  /* best effort: a failed run exits non-zero whatever is left behind */
  for (i = 0; i < nmade; ++i) (void) unlink(made[i].s);
  nmade = 0;
}

static void die(int code) __attribute__((noreturn));
static void die(int code)
{
  cleanup();
  _exit(code);
}

static void die_nomem(void) __attribute__((noreturn));
static void die_nomem(void)
{
  cleanup();
  strerr_die2x(51, FATAL, "out of memory");
}

static void die_read(void) __attribute__((noreturn));
static void die_read(void)
{
  cleanup();
  strerr_die2sys(54, FATAL, "unable to read input: ");
}

static void die_write(const char *fn) __attribute__((noreturn));
static void die_write(const char *fn)
{
  strerr_warn4(FATAL, "unable to write ", fn, ": ", &strerr_sys);
  die(53);
}

static void die_env(int code, const char *why) __attribute__((noreturn));
static void die_env(int code, const char *why)
{
  cleanup();
  strerr_die3x(code, FATAL, "envelope: ", why);
}

/* one envelope byte, also recorded into the .env file */
static char envbyte(const char *fn)
{
  char ch;
  ssize_t r = substdio_get(&ssenv, &ch, 1);
  if (r == -1) die_read();
  if (r == 0) die_env(54, "input ends before the final NUL");
  if (substdio_put(&ssout, &ch, 1) == -1) die_write(fn);
  return ch;
}

static void sigalrm(int sig)
{
  (void) sig;
  _exit(52);
}

static void remember(const char *fn)
{
  if (nmade >= NFILES) die(81);
  if (!stralloc_copys(&made[nmade], fn)) die_nomem();
  if (!stralloc_0(&made[nmade])) die_nomem();
  ++nmade;
}

/* Creates fn (mode 0644) and binds ssout to it. Returns the fd. */
static int create(const char *fn)
{
  int fd = open_excl(fn);
  if (fd == -1) {
    strerr_warn4(FATAL, "unable to create ", fn, ": ", &strerr_sys);
    die(63);
  }
  remember(fn);
  if (fchmod(fd, 0644) == -1) {
    strerr_warn4(FATAL, "unable to chmod ", fn, ": ", &strerr_sys);
    die(63);
  }
  substdio_fdbuf(&ssout, substdio_write, fd, outbuf, sizeof outbuf);
  return fd;
}

static void finish_file(int fd, const char *fn)
{
  if (substdio_flush(&ssout) == -1) die_write(fn);
  if (close(fd) == -1) die_write(fn);
}

static void put(const char *buf, size_t len, const char *fn)
{
  if (substdio_put(&ssout, buf, len) == -1) die_write(fn);
}

static void putulong(unsigned long u, const char *fn)
{
  char num[FMT_ULONG];
  put(num, fmt_ulong(num, u), fn);
}

static void drain(substdio *ss)
{
  for (;;) {
    ssize_t r = substdio_feed(ss);
    if (r <= 0) return; /* end of input, or a read error: nothing more comes */
    substdio_seek(ss, (size_t) r);
  }
}

static int exists(const char *fn)
{
  struct stat st;
  if (stat(fn, &st) == 0) return 1;
  if (errno == error_noent) return 0;
  strerr_die4sys(61, FATAL, "unable to stat ", fn, ": ");
}

/* The code in ./exitcode, or -1 when there is no such file. */
static int wanted_exitcode(void)
{
  char buf[32];
  unsigned long u;
  ssize_t r;
  size_t len = 0;
  int fd = open_read("exitcode");
  if (fd == -1) {
    if (errno == error_noent) return -1;
    strerr_die2sys(81, FATAL, "unable to open exitcode: ");
  }
  while (len < sizeof buf - 1) {
    r = read(fd, buf + len, sizeof buf - 1 - len);
    if (r == -1) {
      if (errno == error_intr) continue;
      strerr_die2sys(81, FATAL, "unable to read exitcode: ");
    }
    if (r == 0) break;
    len += (size_t) r;
  }
  if (close(fd) == -1) strerr_die2sys(81, FATAL, "unable to close exitcode: ");
  buf[len] = 0;
  if (!scan_ulong(buf, &u) || u > 255) strerr_die2x(81, FATAL, "exitcode holds no code from 0 to 255");
  return (int) u;
}

/* ",N" for each signal in 1..31 that test() says, or "none" */
static void catsigs(stralloc *sa, int (*test)(int))
{
  int sig;
  int any = 0;
  for (sig = 1; sig < 32; ++sig) {
    if (sig == SIGKILL || sig == SIGSTOP) continue;
    if (!test(sig)) continue;
    if (any && !stralloc_cats(sa, ",")) die_nomem();
    if (!stralloc_catulong(sa, (unsigned long) sig)) die_nomem();
    any = 1;
  }
  if (!any && !stralloc_cats(sa, "none")) die_nomem();
}

static sigset_t startmask;
static int isblocked(int sig) { return sigismember(&startmask, sig) == 1; }
static int isignored(int sig)
{
  struct sigaction sa;
  if (sigaction(sig, 0, &sa) == -1) return 0;
  return sa.sa_handler == SIG_IGN;
}

static stralloc base = STRALLOC_ZERO;
static stralloc sigline = STRALLOC_ZERO;

/* fn = base + suffix, NUL-terminated */
static void name(stralloc *fn, const char *suffix)
{
  if (!stralloc_copy(fn, &base)) die_nomem();
  if (!stralloc_cats(fn, suffix)) die_nomem();
  if (!stralloc_0(fn)) die_nomem();
}

static stralloc tmsg = STRALLOC_ZERO, fmsg = STRALLOC_ZERO;
static stralloc tenv = STRALLOC_ZERO, fenv = STRALLOC_ZERO;
static stralloc tsig = STRALLOC_ZERO, fsig = STRALLOC_ZERO;
static stralloc tinfo = STRALLOC_ZERO, finfo = STRALLOC_ZERO;

static void commit(const stralloc *from, const stralloc *to)
{
  if (rename(from->s, to->s) == -1) {
    strerr_warn4(FATAL, "unable to rename ", from->s, ": ", &strerr_sys);
    die(66);
  }
  remember(to->s);
}

int main(void)
{
  const char *q;
  struct taia now;
  unsigned int alarmleft;
  unsigned long len;
  char ch;
  int code;
  int fd;

  /* what the caller left us: looked at before anything changes it */
  alarmleft = alarm(0);
  if (sigprocmask(SIG_BLOCK, 0, &startmask) == -1) strerr_die2sys(81, FATAL, "sigprocmask: ");
  if (!stralloc_copys(&sigline, "alarm=")) die_nomem();
  if (!stralloc_catulong(&sigline, alarmleft)) die_nomem();
  if (!stralloc_cats(&sigline, " blocked=")) die_nomem();
  catsigs(&sigline, isblocked);
  if (!stralloc_cats(&sigline, " ignored=")) die_nomem();
  catsigs(&sigline, isignored);
  if (!stralloc_cats(&sigline, "\n")) die_nomem();

  /* as qmail-queue: exit 52 after a day, whatever happens */
  if (sig_catch(SIGALRM, sigalrm) == -1) strerr_die2sys(81, FATAL, "sigaction: ");
  alarm(DEATH);

  q = env_get("STANDIN_QUEUE");
  if (!q) strerr_die2x(61, FATAL, "STANDIN_QUEUE is not set");
  if (chdir(q) == -1) strerr_die4sys(61, FATAL, "unable to chdir to ", q, ": ");

  if (exists("crash")) {
    drain(&ssin);
    drain(&ssenv);
    abort();
  }
  code = wanted_exitcode();
  if (code >= 0) {
    drain(&ssin);
    drain(&ssenv);
    _exit(code);
  }

  taia_now(&now);
  if (!stralloc_copys(&base, "")) die_nomem();
  if (!stralloc_catulong(&base, (unsigned long) (now.sec.x - UINT64_C(4611686018427387914)))) die_nomem();
  if (!stralloc_cats(&base, ".")) die_nomem();
  {
    char nano[FMT_ULONG];
    size_t n = fmt_ulong(nano, now.nano);
    while (n++ < 9) if (!stralloc_cats(&base, "0")) die_nomem();
    if (!stralloc_catulong(&base, now.nano)) die_nomem();
  }
  if (!stralloc_cats(&base, ".")) die_nomem();
  if (!stralloc_catulong(&base, (unsigned long) getpid())) die_nomem();
  name(&tmsg, ".msg.tmp"); name(&fmsg, ".msg");
  name(&tenv, ".env.tmp"); name(&fenv, ".env");
  name(&tsig, ".sig.tmp"); name(&fsig, ".sig");
  name(&tinfo, ".info.tmp"); name(&finfo, ".info");

  /* the message, to its end, before one byte of the envelope */
  fd = create(tmsg.s);
  switch (substdio_copy(&ssout, &ssin)) {
    case -2: die_read();
    case -3: die_write(tmsg.s);
    default: break;
  }
  finish_file(fd, tmsg.s);

  /* the envelope, checked as qmail-queue checks it */
  fd = create(tenv.s);
  if (envbyte(tenv.s) != 'F') die_env(91, "first byte is not F");
  for (len = 0; len < ADDR; ++len)
    if (!envbyte(tenv.s)) break;
  if (len >= ADDR) die_env(11, "sender address too long");
  for (;;) {
    ch = envbyte(tenv.s);
    if (!ch) break;
    if (ch != 'T') die_env(91, "recipient does not start with T");
    for (len = 0; len < ADDR; ++len)
      if (!envbyte(tenv.s)) break;
    if (len >= ADDR) die_env(11, "recipient address too long");
  }
  finish_file(fd, tenv.s);

  fd = create(tsig.s);
  put(sigline.s, sigline.len, tsig.s);
  finish_file(fd, tsig.s);

  fd = create(tinfo.s);
  put("uid=", 4, tinfo.s);
  putulong((unsigned long) getuid(), tinfo.s);
  put(" euid=", 6, tinfo.s);
  putulong((unsigned long) geteuid(), tinfo.s);
  put("\n", 1, tinfo.s);
  finish_file(fd, tinfo.s);

  commit(&tmsg, &fmsg);
  commit(&tenv, &fenv);
  commit(&tsig, &fsig);
  commit(&tinfo, &finfo);
  _exit(0);
}

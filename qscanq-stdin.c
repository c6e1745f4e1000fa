#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "auto_home.h"
#include "auto_scanner.h"
#include "byte.h"
#include "env.h"
#include "error.h"
#include "fd.h"
#include "pair.h"
#include "policy.h"
#include "qsq.h"
#include "qsq_path.h"
#include "qsq_prefix.h"
#include "qsq_proc.h"
#include "scan.h"
#include "sig.h"
#include "str.h"
#include "strerr.h"
#include "stdin_exit.h"
#include "stdin_copy.h"
#include "stdin_unpack.h"
#include "stdin_clamd.h"
#include "stdin_command.h"
#include "stdin_queue.h"

/* qscanq-stdin ID [FACTS FD]: runs as the caller, non-dumpable, in
   spool/@ID/work, which qscanq made. Saves the message to msg, unpacks it
   into parts/ in-process (the mime/ library), and scans the copy and the
   parts: with conf-scanner's clamd form it speaks clamd's protocol itself
   (clamd/), over the unix sockets qscanq connects for it when it asks on
   FD (qscanq's socketpair) and TCP ones it connects; with the command
   form it runs that command in parts/. FACTS is the pipe on which it
   tells qscanq what became of the message, for the summary line. Clean
   mail goes to the real qmail-queue with the very bytes read on fd 0:
   with the clamd form, a qmail-queue started before the scan gets the
   caller's envelope only then (stdin_queue.c); with the command form,
   or with no process to spare, it execs qmail-queue with fd 1 untouched.
   Every other outcome is an exit code from qmail-queue's table and one
   line on fd 2 saying why; fd 1 is read (bounded), for the log, only
   once a message is refused for good.
   main below reads as qscanq-stdin(8) does; the steps live beside it:
   stdin_copy.c (the copy), stdin_unpack.c (unpacking and the attachment
   rules), stdin_parts.c (what is in parts/), stdin_clamd.c (the clamd
   form), stdin_command.c (the command form), stdin_queue.c (the real
   qmail-queue), stdin_exit.c (every other way out, and the deadline). */

/* The ID and TCPREMOTEIP are the caller's: qsq_prefix cuts them to
   their alphabets. */
static void makeprefix(struct stdin_exit *x, const char *id)
{
  qsq_prefix(x->prefix, id, (unsigned long) getuid(), env_get("TCPREMOTEIP"));
}

static void homepath(struct stdin_exit *x, char *path, size_t size, const char *suffix)
{
  if (!str_join(path, size, auto_home, suffix)) exit_temp(x, "conf-home is too long", 0);
}

/* Read once, at the start: a table replaced meanwhile counts from the
   next message. No table: the defaults (every name refuses, no
   attachment rule). One that cannot be read defers: a policy that is
   there must not be skipped. */
static void loadpolicy(struct stdin_exit *x, struct policy *table)
{
  char path[1024];
  homepath(x, path, sizeof path, POLICY_CDB);
  if (policy_load(table, path) == -1)
    exit_with(x, errno == error_nomem ? QSQ_EXIT_NOMEM : QSQ_EXIT_TEMP, "unable to read the policy table qscanq/policy.cdb: ", 0, &strerr_sys);
}

/* ---- the ask: qscanq's connections for the clamd form (pair/) ---- */

static int prefd[AUTO_CLAMD_MAX];
static unsigned char proven[AUTO_CLAMD_MAX]; /* clamd_result's proven */

static int askfd = -1; /* our end of qscanq's socketpair; -1: run by hand */
static int asked;      /* 1 once askconnect has asked */

/* qscanq passes, after the ID and the facts pipe, our end of its
   socketpair (pair.h), never fds 0, 1, 2 or 6 (qmail's). Neither the
   scanner nor qmail-queue may inherit it; the command form never asks,
   so closes it at once. */
static void takeask(struct stdin_exit *x, const struct pair_args *args, int bad)
{
  struct stat st;
  size_t i;
  for (i = 0; i < AUTO_CLAMD_MAX; ++i) prefd[i] = -1;
  if (bad) exit_temp(x, "qscanq passed bad arguments", 0);
  if (args->ask == -1) return; /* run by hand: connect everything here */
  if (fstat(args->ask, &st) == -1 || !S_ISSOCK(st.st_mode))
    exit_temp(x, "qscanq passed a descriptor that is not a socket: ", args->askarg);
  if (fcntl(args->ask, F_SETFD, FD_CLOEXEC) == -1) exit_tempsys(x, "unable to set close-on-exec: ");
  askfd = args->ask;
  if (!auto_clamd_count) { close(askfd); askfd = -1; }
}

/* Asks qscanq, once, for connections to the unix-socket servers (it may
   search their folder; we may not), now that the message is in: clamd
   drops a connection that stays silent past its CommandReadTimeout.
   The answer goes into prefd (pair_take); any doubt about it defers the
   message. */
static void askconnect(struct stdin_exit *x)
{
  const char *bad = 0;
  int r;

  if (askfd == -1 || asked) return;
  asked = 1;
  if (pair_ask(askfd) == -1) exit_tempsys(x, "unable to ask qscanq for the clamd connections: ");
  do r = pair_take(askfd, auto_clamd, auto_clamd_count, prefd, proven, &bad); while (r == -1 && errno == error_intr && !x->timedout);
  if (r == -1) exit_tempsys(x, "unable to get the clamd connections from qscanq: ");
  /* askfd stays open for one more packet: a proof (clamdform.proofsock) */
  if (r == PAIR_EOF) exit_temp(x, "qscanq did not pass the clamd connections (see its log line)", 0);
  if (r == PAIR_COUNT) exit_temp(x, "qscanq and qscanq-stdin were built from different conf-scanner files", 0);
  if (r == PAIR_BAD) exit_temp(x, "qscanq's answer about the clamd connections has ", bad);
}

int main(int argc, char **argv)
{
  static struct stdin_exit x = STDIN_EXIT_ZERO;
  static struct policy table = POLICY_ZERO;
  static struct unpack unpacker = UNPACK_ZERO(&x, &table);
  static struct clamdform clamdform = CLAMDFORM_ZERO(&x, &table);
  static struct commandform commandform = COMMANDFORM_ZERO(&x);
  static struct queue queue = QUEUE_ZERO(&x);
  static struct pair_args args;
  int badargs = pair_args(&args, argc, argv);
  struct timespec limit; /* the scan's deadline, CLOCK_MONOTONIC */
  int msgfd;
  makeprefix(&x, args.id);
  outcome_start(&x.fate, args.id, args.facts, auto_clamd_count ? "clamd" : auto_scanner[0]);
  umask(077);
  /* Other processes of the same uid (every SMTP session runs as qmaild)
     may not trace us or reach the copy through /proc/PID/cwd. */
  (void) prctl(PR_SET_DUMPABLE, 0);
  /* A file size limit must become EFBIG (53), not a crash; a closed log
     must not kill us half way. */
  if (sig_ignore(SIGXFSZ) == -1 || sig_ignore(SIGPIPE) == -1 || sig_default(SIGCHLD) == -1)
    exit_tempsys(&x, "unable to set up signals: ");
  takeask(&x, &args, badargs);
  clamdform.r.proven = proven;
  clamdform.proofsock = askfd;

  msgfd = copy_save(&x);
  copy_folders(&x, !auto_clamd_count);
  loadpolicy(&x, &table);

  exit_deadline(&x, &limit);
  /* qmail-queue copies the message and syncs it while we unpack and
     clamd scans; the command form's scanner runs as the caller, so there
     it starts only once the copy is known unchanged. Not for a large
     copy: a refused one would be copied into the queue for nothing. */
  if (auto_clamd_count && x.fate.bytes <= CLAMDFORM_EARLY) queue_start(&queue, msgfd);
  if (auto_clamd_count && x.fate.bytes <= CLAMDFORM_EARLY) {
    x.fate.stage = VERDICT_SCANNING; /* the ask and the session are the scan's */
    askconnect(&x);
    clamdform_open(&clamdform, prefd, &limit);
    clamdform_copy(&clamdform, msgfd); /* scanned while we unpack */
  }
  x.fate.stage = VERDICT_UNPACKING;
  unpack_run(&unpacker, msgfd);
  unpack_magic(&unpacker);
  x.fate.stage = VERDICT_SCANNING;
  if (auto_clamd_count) {
    askconnect(&x); /* unless clamdform_open's turn asked */
    clamdform_scan(&clamdform, msgfd, prefd, &limit);
    clamdform_queued(&clamdform);
  } else {
    copy_probetmp(&x);
    commandform_copy(&commandform, msgfd);
    commandform_guard(&commandform);
    commandform_scan(&commandform);
    commandform_unchanged(&commandform, msgfd);
  }
  alarm(0);
  x.fate.stage = VERDICT_QUEUEING;
  queue_finish(&queue, msgfd);
}

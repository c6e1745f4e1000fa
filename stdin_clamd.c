#include <fcntl.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <unistd.h>
#include "auto_dbage.h"
#include "auto_scanner.h"
#include "error.h"
#include "pair.h"
#include "str.h"
#include "strerr.h"
#include "verdict.h"
#include "qsq_report.h"
#include "qsq_safe.h"
#include "stdin_clamd.h"

/* Output lines of the scanner, and clamd's reasons, are cut to this
   length in the log. */
#define LOGLINE QSQ_LOGLINE

/* clamd_files' open: 0 is the copy, then every part. Read-only, and each
   time a fresh open file description, never the one qmail-queue gets: a
   server passed over may go on reading its fd (moving a shared offset)
   after another server has answered. */
static int openfile(void *ctx, size_t i)
{
  struct clamdform *c = ctx;
  struct stat a;
  struct stat b;
  int fd;
  if (i) return openat(c->partsfd, parts_name(&c->parts, i - 1), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  /* a fresh descriptor (its own offset) of the very copy qmail-queue gets */
  fd = open("msg", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd == -1) return -1;
  if (fstat(fd, &a) == -1 || fstat(c->msgfd, &b) == -1) { int e = errno; close(fd); errno = e; return -1; }
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
  struct clamdform *c = ctx;
  outcome_failover(&c->x->fate, line);
  strerr_warn3(c->x->prefix, "clamd ", printable(line, str_len(line)), 0);
}

/* clamd_result's judge: the signature table's action for a name */
static int judge(void *ctx, const char *name, size_t len)
{
  const struct clamdform *c = ctx;
  const char *rule;
  switch (policy_sig(c->table, name, len, &rule)) {
    case POLICY_ACCEPT: return CLAMD_ACCEPT;
    case POLICY_DEFER: return CLAMD_DEFER;
    case POLICY_REFUSE: break;
  }
  return CLAMD_REFUSE;
}

/* The signature table's decision on the name that decided the verdict:
   refused, deferred, or accepted with a log line and queued. */
static void sigpolicy(struct clamdform *c)
{
  struct outcome *fate = &c->x->fate;
  const char *rule;
  const char *name = printable(c->r.name.s, c->r.name.len);
  (void) policy_sig(c->table, c->r.name.s, c->r.name.len, &rule);
  /* without a table, the summary stays as it was */
  if (c->table->db.len) outcome_rule(fate, 0, 0, rule);
  switch (c->r.action) {
    case CLAMD_ACCEPT:
      strerr_warn(c->x->prefix, "accepted by the signature table: ", name, " (rule ", fate->rule, ")", 0);
      return;
    case CLAMD_DEFER:
      fate->held = 1;
      exit_temp(c->x, "held by the signature table: ", name);
  }
  exit_refused(c->x, "virus found: ", name);
}

/* The verdict into fate, and its exit. */
static void verdict(struct clamdform *c)
{
  struct clamd_result *r = &c->r;
  outcome_clamd(&c->x->fate, r->served ? r->served->text : 0, r->name.s, r->name.len,
                r->verdict == CLAMD_LIMITS ? VERDICT_SCANLIMIT : r->verdict == CLAMD_TOOBIG ? VERDICT_TOOBIG : VERDICT_VIRUS);
  outcome_db(&c->x->fate, r->db.s, r->db.len);
  switch (r->verdict) {
    case CLAMD_CLEAN: return;
    case CLAMD_VIRUS: sigpolicy(c); return;
    case CLAMD_LIMITS: exit_refused(c->x, "beyond the scanner's limits: ", printable(r->name.s, r->name.len));
    case CLAMD_TOOBIG: exit_refused(c->x, "message too big for the virus scanner: past StreamMaxLength of every clamd", 0);
    default: exit_temp(c->x, "the scanner could not decide: ", r->why.len ? printable(r->why.s, r->why.len) : "no server");
  }
}

/* Whatever the verdict: the server whose answer counted reported the
   alert sample, so qscanq may keep the proof for its process (pair.h,
   proof.h). A failure to tell costs the next message the sample. */
static void tellproof(struct clamdform *c)
{
  size_t i;
  if (c->proofsock == -1 || !c->r.alerted || !c->r.served) return;
  i = (size_t) (c->r.served - auto_clamd);
  if (auto_clamd[i].family == AF_UNIX && !(c->r.proven && c->r.proven[i])) (void) pair_proved(c->proofsock, i);
}

/* the pool's first server varies per message, so the load spreads */
static void pickfirst(struct clamdform *c)
{
  struct timespec now;
  if (clock_gettime(CLOCK_REALTIME, &now) == -1) exit_tempsys(c->x, "unable to read the clock: ");
  c->first = (size_t) getpid() + (size_t) now.tv_nsec / 1000;
  c->r.maxdays = auto_dbage;
  c->r.judge = judge;
  c->r.judgectx = c;
}

void clamdform_open(struct clamdform *c, const int *prefd, const struct timespec *limit)
{
  pickfirst(c);
  if (clamd_open(&c->early, auto_clamd, auto_clamd_count, c->first, prefd, limit, &c->r) == -1)
    exit_nomem(c->x);
  c->r.early = &c->early;
}

void clamdform_copy(struct clamdform *c, int msgfd)
{
  int fd;
  c->msgfd = msgfd;
  /* no early session, or its opening failed: clamd_scan goes on as if
     nothing had been sent (the file opens again there, failing alike) */
  if (!c->r.early || c->early.r != 1) return;
  fd = openfile(c, 0);
  if (fd == -1) return;
  if (clamd_early_send(&c->early, fd) == -1) exit_nomem(c->x);
  close(fd);
}

void clamdform_scan(struct clamdform *c, int msgfd, const int *prefd, const struct timespec *limit)
{
  struct clamd_files files;
  c->msgfd = msgfd;
  if (!c->r.early) pickfirst(c);
  parts_list(&c->parts, c->x);
  c->x->fate.parts = (long) c->parts.n;
  c->partsfd = open("parts", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (c->partsfd == -1) exit_tempsys(c->x, "unable to open parts: ");
  files.count = c->parts.n + 1;
  files.open = openfile;
  files.ctx = c;
  alarm(0); /* clamd_scan keeps to the deadline itself */
  if (clamd_scan(auto_clamd, auto_clamd_count, c->first, prefd, &files, limit, logserver, c, &c->r) == -1)
    exit_nomem(c->x);
  close(c->partsfd);
  tellproof(c);
  verdict(c);
}

/* If the working folder was emptied under the scan (it must not be, see
   cleanq's lock rule), the scan may not have seen it. */
void clamdform_queued(struct clamdform *c)
{
  struct stat st;
  if (fstat(c->msgfd, &st) == -1) exit_tempsys(c->x, "unable to stat the copy: ");
  if (st.st_nlink != 1) exit_temp(c->x, "the working folder changed during the scan", 0);
}

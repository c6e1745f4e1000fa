#ifndef STDIN_CLAMD_H
#define STDIN_CLAMD_H

#include <time.h>
#include "clamd.h"
#include "policy.h"
#include "stdin_exit.h"
#include "stdin_parts.h"

/* qscanq-stdin's clamd form (stdin_clamd.c): no child at all; the copy
   and the parts go to clamd by descriptor or by stream (clamd/), from this
   non-dumpable process, so nobody of the caller's uid reaches the working
   folder while the scan runs. */
struct clamdform {
  struct stdin_exit *x;
  const struct policy *table;   /* the signature table decides a find */
  struct parts parts;
  int msgfd;                    /* the copy qmail-queue gets */
  int partsfd;                  /* parts/, for openfile */
  struct clamd_result r;
  struct clamd_early early;     /* clamdform_open's session */
  size_t first;                 /* the pool's first server for this message */
  int proofsock;                /* qscanq's socketpair: a server that has
                                   just reported the alert sample is told
                                   there (pair_proved); -1 none */
};
#define CLAMDFORM_ZERO(ex, tab) { .x = (ex), .table = (tab), .parts = PARTS_ZERO, \
  .msgfd = -1, .partsfd = -1, .r = CLAMD_RESULT_ZERO, .early = CLAMD_EARLY_ZERO, .first = 0, \
  .proofsock = -1 }

/* A copy of at most CLAMDFORM_EARLY bytes is unpacked within a second,
   far inside clamd's IdleTimeout (30 s by default): its session opens
   before the unpacking (clamdform_open), so that clamd scans the control
   and alert samples (about 1 ms of its time), and then the copy itself
   (clamdform_copy), while qscanq-stdin unpacks (#20). A larger copy is
   unpacked first. */
#define CLAMDFORM_EARLY 1048576

/* Opens the session with the pool's first server (clamd_open), with
   prefd the connections qscanq made, by the scan's deadline limit;
   clamdform_scan goes on with it. */
extern void clamdform_open(struct clamdform *c, const int *prefd,
                           const struct timespec *limit);
/* Sends the copy (msgfd) in that session, as clamdform_scan would send
   it (a fresh descriptor of the very file), to be scanned while the parts
   are made; clamdform_scan then sends the parts only. A failure counts as
   that server's, as any in clamdform_scan. */
extern void clamdform_copy(struct clamdform *c, int msgfd);
/* Scans the copy (msgfd) and the parts with conf-scanner's pool by the
   scan's deadline limit (CLOCK_MONOTONIC), prefd the connections qscanq
   made (clamd_scan). Returns if the message is clean or accepted by the
   signature table; refuses or defers it otherwise. */
extern void clamdform_scan(struct clamdform *c, int msgfd, const int *prefd,
                           const struct timespec *limit);
/* A clean verdict counts only if the copy still has its name. */
extern void clamdform_queued(struct clamdform *c);

#endif

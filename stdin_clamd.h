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
};
#define CLAMDFORM_ZERO(ex, tab) { .x = (ex), .table = (tab), .parts = PARTS_ZERO, \
  .msgfd = -1, .partsfd = -1, .r = CLAMD_RESULT_ZERO }

/* Scans the copy (msgfd) and the parts with conf-scanner's pool by the
   scan's deadline limit (CLOCK_MONOTONIC), prefd the connections qscanq
   made (clamd_scan). Returns if the message is clean or accepted by the
   signature table; refuses or defers it otherwise. */
extern void clamdform_scan(struct clamdform *c, int msgfd, const int *prefd,
                           const struct timespec *limit);
/* A clean verdict counts only if the copy still has its name. */
extern void clamdform_queued(struct clamdform *c);

#endif

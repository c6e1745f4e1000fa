#ifndef STDIN_EXIT_H
#define STDIN_EXIT_H

#include <signal.h>
#include <sys/types.h>
#include "outcome.h"
#include "qsq.h"
#include "qsq_prefix.h"

/* qscanq-stdin's way out of a message (stdin_exit.c): what is known of
   the message so far, and every refusal or deferral through one call,
   which tells the outcome (outcome.c), empties work/ and writes the one
   line on fd 2, "PREFIX WORD (CODE): why detail[: error]", the word
   following from the code (qsq_word). */
struct stdin_exit {
  char prefix[QSQ_PREFIX];          /* "qscanq: @ID uid N ip X: " */
  struct outcome fate;              /* for the reply on fd 6 and the facts */
  int copyfd;                       /* the saved copy (its Message-ID), or -1 */
  volatile sig_atomic_t timedout;   /* the deadline has passed */
  volatile sig_atomic_t unpacking;  /* mime/ runs in this process */
  volatile pid_t running;           /* process group to kill at the deadline */
};
#define STDIN_EXIT_ZERO { { 0 }, OUTCOME_ZERO, -1, 0, 0, 0 }

struct strerr;
/* Gives up on the message with code: a refusal (QSQ_EXIT_VIRUS) first
   reads its envelope for the summary; the outcome is told (the code
   becomes 82 when fd 6 got the reason); work/ is emptied. se: 0, or
   &strerr_sys for errno's text (taken before the cleanup changes it). */
extern void exit_with(struct stdin_exit *x, int code, const char *why, const char *detail,
                      const struct strerr *se) __attribute__((noreturn));
/* The common exits: 71 (why and detail), 71 with errno, 54 with errno,
   51 or 53 with errno (out of memory, or any other failed write), 51 "out
   of memory", and 31 (refused for good). */
extern void exit_temp(struct stdin_exit *x, const char *why, const char *detail) __attribute__((noreturn));
extern void exit_tempsys(struct stdin_exit *x, const char *why) __attribute__((noreturn));
extern void exit_read(struct stdin_exit *x, const char *why) __attribute__((noreturn));
extern void exit_write(struct stdin_exit *x, const char *why) __attribute__((noreturn));
extern void exit_nomem(struct stdin_exit *x) __attribute__((noreturn));
extern void exit_refused(struct stdin_exit *x, const char *why, const char *detail) __attribute__((noreturn));

/* Leaves work/ empty, or as near as the caller's rights allow. */
extern void exit_cleanup(void);

/* Starts the clock: unpacking and scanning together get conf-timeout
   seconds from now, by the absolute limit (CLOCK_MONOTONIC, for
   clamd_scan) and by SIGALRM, at which timedout is set and the running
   process group killed; while unpacking, the message is deferred at
   once. */
struct timespec;
extern void exit_deadline(struct stdin_exit *x, struct timespec *limit);

#endif

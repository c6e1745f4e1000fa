#ifndef STDIN_QUEUE_H
#define STDIN_QUEUE_H

#include <sys/types.h>
#include "stdin_exit.h"

/* qscanq-stdin's real qmail-queue (stdin_queue.c). */
struct queue {
  struct stdin_exit *x;
  pid_t pid;  /* started early and waiting for its envelope; 0: not */
  int envfd;  /* our end of its envelope pipe, or -1 */
  int replyfd; /* our end of its fd 6, or -1 */
};
#define QUEUE_ZERO(x) { (x), 0, -1, -1 }

/* Starts HOME/qscanq/qmail-queue now, reading the copy on fd 0 (a fd of
   its own), with a pipe of ours on fd 1 that stays empty until
   queue_finish: until then qmail-queue can commit nothing, and any exit
   of ours is its end of input (54, nothing queued). Without a pipe or a
   process to spare it is left to queue_finish. */
extern void queue_start(struct queue *q, int msgfd);
/* The message is clean: tells qscanq (outcome_queue), hands qmail-queue
   the caller's envelope from fd 1, byte for byte, waits, and exits as it
   did. Not started: execs it with the copy on fd 0 and fd 1 untouched. */
extern void queue_finish(struct queue *q, int msgfd) __attribute__((noreturn));

#endif

#ifndef OUTCOME_H
#define OUTCOME_H

#include "verdict.h"

/* qscanq-stdin's side of the verdict: what it learns of the message as it
   goes, and the two places it tells the outcome: the reply on fd 6 (when
   conf-qmail says notqmail and fd 6 is a pipe) and the facts for qscanq's
   summary line (the pipe whose number qscanq passes as FACTS, pair.h). */
struct outcome {
  int stage;                   /* enum verdict_stage */
  char name[VERDICT_NAMEBUF];  /* the scanner's find, cut to its alphabet */
  unsigned long bytes;
  long parts;                  /* -1 until known */
  int factsfd;                 /* -1: nobody to tell */
  const char *id;
  const char *ip;
  const char *scanner;
  enum verdict_kind scanned;   /* VERDICT_VIRUS, or what clamd said
                                  instead: VERDICT_SCANLIMIT, VERDICT_TOOBIG */
  char failover[VERDICT_FAILOVER]; /* servers passed over, "A,B" */
  const char *envelope;        /* a refused message's envelope, or 0 */
  char db[VERDICT_NAMEBUF];    /* clamd's database version, or empty */
  char rule[VERDICT_NAMEBUF];  /* the policy rule that decided, or empty */
  int held;                    /* a deferral by the signature table */
  int attach;                  /* a refusal by an attachment rule */
};
#define OUTCOME_ZERO { VERDICT_SAVING, { 0 }, 0, -1, -1, 0, 0, 0, VERDICT_VIRUS, { 0 }, 0, { 0 }, { 0 }, 0, 0 }

extern void outcome_start(struct outcome *o, const char *id, int factsfd, const char *scanner);
extern void outcome_found(struct outcome *o, const char *line, size_t len);
extern void outcome_clamd(struct outcome *o, const char *served, const char *name, size_t len, enum verdict_kind scanned);
extern void outcome_failover(struct outcome *o, const char *line);
extern void outcome_db(struct outcome *o, const char *db, size_t len);
extern void outcome_rule(struct outcome *o, const char *name, size_t len, const char *rule);
extern int outcome_tell(struct outcome *o, int code, int timedout);
extern void outcome_queue(struct outcome *o, unsigned long queue);

#endif

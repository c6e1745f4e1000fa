#ifndef VERDICT_H
#define VERDICT_H

#include <stddef.h>
#include <stdint.h>

/* What became of one message, and the texts built from it: the reply on
   fd 6 (notqmail), the facts qscanq-stdin hands to qscanq, and the summary
   line. Every text is fixed words plus names cut to a strict alphabet, so
   no byte of a message can reach a reply or a log line. */

/* D: a refusal for good (verdict_refused); the others defer (Z) */
enum verdict_kind {
  VERDICT_CLEAN,       /* the real qmail-queue ran */
  VERDICT_VIRUS,       /* D: the scanner found something */
  VERDICT_UNPACKLIMIT, /* D: beyond the unpacker's limits */
  VERDICT_SCANLIMIT,   /* D: beyond the scanner's limits */
  VERDICT_ATTACH,      /* D: an attachment rule (qscanq-policy(8)) */
  VERDICT_TOOBIG,      /* D: past every server's StreamMaxLength */
  VERDICT_TIMEOUT,
  VERDICT_SCANFAIL,
  VERDICT_HELD,        /* Z: a name the signature table defers */
  VERDICT_DISK,
  VERDICT_MEMORY,
  VERDICT_READ,
  VERDICT_INTERNAL,
  VERDICT_QUEUE,
  VERDICT_TEMP
};

/* Where qscanq-stdin was when it gave up. */
enum verdict_stage { VERDICT_SAVING, VERDICT_UNPACKING, VERDICT_SCANNING, VERDICT_QUEUEING };

#define VERDICT_REPLY 255    /* notqmail reads at most this much of fd 6 */
#define VERDICT_NAME 64      /* a virus name is cut here ("..." follows) */
#define VERDICT_NAMEBUF (VERDICT_NAME + 4)
#define VERDICT_FACTS 1536   /* qscanq reads at most this much from qscanq-stdin */
#define VERDICT_LINE 2048    /* a summary line, newline included: below
                                PIPE_BUF, so one write to a pipe is whole */
#define VERDICT_SCANLINES 20 /* scanner lines relayed per message */
/* A refused message's envelope and Message-ID, for the log (qscanq(8),
   LOG): what is read of them, and what of that reaches the line. */
#define VERDICT_ENVMAX 65536  /* envelope bytes read at most */
#define VERDICT_RCPTMAX 10000 /* recipients read at most */
#define VERDICT_HEADMAX 65536 /* header bytes searched for the Message-ID */
#define VERDICT_ADDR 100      /* an address or Message-ID is cut here ("...") */
#define VERDICT_RCPTSHOWN 3   /* recipients named in the line; the rest counted */
#define VERDICT_ENVTEXT 640   /* " from <S> rcpts N to <R>,... msgid <M>", NUL */
#define VERDICT_FAILOVER 256  /* " failover A,B", the servers passed over */
/* ClamAV's names for "beyond my limits" (AlertExceedsMax) */
#define VERDICT_LIMITNAME "Heuristics.Limits.Exceeded"

extern size_t verdict_name(char *out, const char *s, size_t len);
extern int verdict_found(const char *line, size_t len, size_t *start, size_t *namelen);
extern enum verdict_kind verdict_kind(int code, int stage, int timedout, const char *name);
extern const char *verdict_reason(enum verdict_kind k);
extern int verdict_refused(enum verdict_kind k);
extern size_t verdict_reply(char *out, enum verdict_kind k, const char *name, const char *rule, const char *id);
extern int verdict_channel(int fd);
extern size_t verdict_clean(char *out, size_t max, const char *s, size_t len);
extern size_t verdict_addr(char *out, size_t len, size_t size, const char *s, size_t n);
extern size_t verdict_envelope(char *out, size_t size, const char *env, size_t len);
extern size_t verdict_msgid(char *out, size_t size, const char *head, size_t len);

/* The facts qscanq-stdin gives qscanq: a letter (pair.h: PAIR_QUEUED,
   PAIR_REFUSED, PAIR_DEFERRED; PAIR_QUEUED is followed by the real
   qmail-queue's pid and a space, pair_queue) and "ip X bytes N parts N scanner S[ db D][ failover A,B][
   from <S> rcpts N to <R>,... msgid <M>]: reason [NAME][, accepted
   NAME][ (rule R)]". */
struct verdict_facts {
  enum verdict_kind kind;
  const char *name;     /* virus or limit name, or 0 */
  const char *ip;       /* TCPREMOTEIP, or 0 */
  unsigned long bytes;
  long parts;           /* -1: not known */
  const char *scanner;  /* the clamd that served it, or the command's name */
  const char *failover; /* servers passed over, "A,B", or 0 */
  const char *envelope; /* verdict_envelope's text and msgid, or 0 */
  const char *db;       /* that clamd's database version, or 0 */
  const char *rule;     /* the policy rule that decided, or 0; with
                           VERDICT_CLEAN and a name: the name accepted */
  unsigned long queue;  /* VERDICT_CLEAN: the real qmail-queue's pid */
};
extern size_t verdict_facts(char *out, const struct verdict_facts *f);

/* The summary line, built by qscanq after the wait. */
struct verdict_summary {
  const char *prefix;   /* qsq_prefix's, for this message */
  int code;             /* the exit code the caller sees; -1 crash */
  int dropped;          /* install-wrap's bounce policy applied */
  unsigned long smtpd;  /* qscanq's parent */
  unsigned long qp;     /* qscanq itself */
  unsigned long queue;  /* the real qmail-queue (qscanq-stdin's pid); 0: none ran */
  unsigned long ms;
  const char *facts;    /* from qscanq-stdin, untrusted; 0 if none */
  size_t factslen;
  const char *none;     /* the reason when there are no facts */
  int abandoned;        /* the real qmail-queue said 54 and the caller had
                           closed the envelope pipe without a complete
                           envelope: the caller gave the message up */
};
extern size_t verdict_summary(char *out, const struct verdict_summary *v);
extern const char *verdict_word(const struct verdict_summary *v);

/* A summary line read back (qscanq-stats): pointers into the line. */
struct verdict_line {
  const char *id;        /* @ID */
  size_t idlen;
  uint64_t sec;          /* the ID's TAI64 seconds: when qscanq started */
  const char *word;      /* queued, refused, deferred, dropped */
  size_t wordlen;
  int code;              /* -1: crash */
  unsigned long ms;
  const char *scanner;
  size_t scannerlen;
  const char *failover;  /* "A,B", or 0 */
  size_t failoverlen;
  const char *reason;    /* without the "; a bounce ... dropped" note */
  size_t reasonlen;
};
extern int verdict_parse(struct verdict_line *v, const char *s, size_t len);

#endif

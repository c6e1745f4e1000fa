#ifndef QSQ_H
#define QSQ_H

/* The exit codes by name, shared by every program (and mime/, whose
   results are the same codes). The rest of what the programs share has
   a header of its own in qsq/, so that a change to one recompiles only
   its users: qsq_id.h (the working folder's ID), qsq_path.h (the
   installed paths), qsq_safe.h (the alphabets and the one filter),
   qsq_prefix.h (the log lines' prefix), qsq_die.h (the one way to give
   up on a message), qsq_report.h (a scanner's report, line by line),
   qsq_proc.h (the fd 0-1-2 guard and the signal reset). */

/* Exit codes, qmail-queue's table (SPEC 6). */
#define QSQ_EXIT_PERM 11    /* QSQ_EXIT_PERM to QSQ_EXIT_PERMLAST refuse for */
#define QSQ_EXIT_PERMLAST 40 /* good (qmail-smtpd: 554); any other code but 0 defers */
#define QSQ_EXIT_VIRUS 31   /* refused for good: virus, or beyond the limits */
#define QSQ_EXIT_NOMEM 51
#define QSQ_EXIT_WRITE 53   /* could not write the copy */
#define QSQ_EXIT_READ 54    /* could not read the message */
#define QSQ_EXIT_TEMP 71    /* any other trouble: the sender retries */
#define QSQ_EXIT_BUG 81     /* a qscanq program crashed */
#define QSQ_EXIT_REPLY 82   /* notqmail: the refusal's text is on fd 6 */
#define QSQ_EXIT_USAGE 100  /* daemontools' codes, for the helper programs */
#define QSQ_EXIT_FAIL 111

/* notqmail's qmail-smtpd reads the refusal's text on this fd (REFERENCE
   1); qscanq's own fds are put above it. */
#define QSQ_REPLYFD 6

/* What a log line calls a message given up with code: "refused" from
   QSQ_EXIT_PERM to QSQ_EXIT_PERMLAST, else "deferred". The one place the
   word follows from the code. */
extern const char *qsq_word(int code);

#endif

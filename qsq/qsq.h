#ifndef QSQ_H
#define QSQ_H

/* What qscanq's programs share: the working folder's ID, the exit codes
   by name, the installed paths (and hier()'s way to a path), the log
   line's prefix and the one way to give up on a message (qsq_die), the
   sanitizers for untrusted text, the fd 0-1-2 guard and the signal reset.
   Written once here; every program and hier.c use it. */
#include <stddef.h>
#include <stdint.h>

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

/* A working folder's name: @, 24 hex digits of a TAI64N label, ., the
   pid in hex, ., a decimal counter. QSQ_IDMAX has room for the NUL. */
#define QSQ_IDPACK 12       /* the label's bytes (TAIA_PACKN) */
#define QSQ_IDMAX 64

/* Writes the ID, NUL-terminated, to id (QSQ_IDMAX bytes); its length. */
extern size_t qsq_id_make(char *id, const char label[QSQ_IDPACK],
                          unsigned long pid, unsigned long counter);
/* 1 if name is an ID as qsq_id_make writes them (the counter in any hex
   digits: older versions wrote it so), with the label's seconds in *sec;
   0 if not. */
extern int qsq_id_parse(const char *name, uint64_t *sec);

/* The installed tree below conf-home (SPEC 4), by name. Folders and
   programs are relative, as hier.c names them; QSQ_PATH_* are what a
   program appends to auto_home. String literals, so that they join at
   compile time. */
#define QSQ_BIN "bin"
#define QSQ_DIR "qscanq"                           /* qscanq's own tree */
#define QSQ_SPOOL QSQ_DIR "/spool"                 /* the working folders */
#define QSQ_CLEANQ QSQ_DIR "/cleanq"               /* cleanq's service */
#define QSQ_SUPERVISE QSQ_CLEANQ "/supervise"
#define QSQ_CONTROL "control"                      /* in QSQ_SUPERVISE */
#define QSQ_CLEANQLOG QSQ_CLEANQ "/log"
#define QSQ_CLAMDSVC QSQ_DIR "/clamd-service"             /* clamd's service */
#define QSQ_CLAMDLOG QSQ_CLAMDSVC "/log"
#define QSQ_QSCANQ "qscanq"                        /* the programs, in QSQ_BIN */
#define QSQ_STDIN "qscanq-stdin"
#define QSQ_RUNCLEANQ "run-cleanq"
#define QSQ_CLEANQPROG "cleanq"
#define QSQ_QUEUE "qmail-queue"  /* qmail's, in QSQ_BIN; the real one in QSQ_DIR */

#define QSQ_PATH_SPOOL "/" QSQ_SPOOL
#define QSQ_PATH_CONTROL "/" QSQ_SUPERVISE "/" QSQ_CONTROL
#define QSQ_PATH_QSCANQ "/" QSQ_BIN "/" QSQ_QSCANQ
#define QSQ_PATH_STDIN "/" QSQ_BIN "/" QSQ_STDIN
#define QSQ_PATH_RUNCLEANQ "/" QSQ_BIN "/" QSQ_RUNCLEANQ
#define QSQ_PATH_BINQUEUE "/" QSQ_BIN "/" QSQ_QUEUE     /* what qmail runs */
#define QSQ_PATH_REALQUEUE "/" QSQ_DIR "/" QSQ_QUEUE    /* what qscanq-stdin runs */
/* QSQ_DIR/qmail-queue's link until install-wrap: relative to QSQ_DIR */
#define QSQ_QUEUELINK "../" QSQ_BIN "/" QSQ_QUEUE

/* hier()'s place: home, then subdir unless it is "", then name unless it
   is 0, joined by '/', NUL-terminated, into sa. 1, or 0 out of memory. */
struct stralloc;
extern int qsq_hierpath(struct stralloc *sa, const char *home, const char *subdir, const char *name);

/* The sanitizers: untrusted text (an ID or address from the caller, a
   scanner's report, a virus name) reaches a log line or a reply only
   through them. */
/* Appends to out[len..] the bytes of s (up to its NUL, at most max of
   them), each one in allowed kept and any other as '?', stopping short of
   size (room for the NUL included); NUL-terminates. Returns the new len. */
extern size_t qsq_safe(char *out, size_t len, size_t size, const char *s,
                       const char *allowed, size_t max);
/* Writes s[0..len-1], cut at max bytes, printable ASCII kept and any
   other byte as '?', into out (room for max + 1); NUL-terminates.
   Returns the length written. */
extern size_t qsq_printable(char *out, const char *s, size_t len, size_t max);
/* c, or '?' if it is not printable ASCII */
extern char qsq_printc(char c);

/* A scanner's report, relayed to the log a line at a time: each line
   printable (qsq_printc), cut at QSQ_LOGLINE bytes (the rest of it
   dropped), handed to emit NUL-terminated and without its newline.
   sawerror is set once a line holds "ERROR" or "Error" within its first
   QSQ_LOGLINE bytes: clamscan says clean yet reports an error so. */
#define QSQ_LOGLINE 400
struct qsq_report {
  char line[QSQ_LOGLINE + 1];
  size_t len;
  int cut;      /* the line being read is past QSQ_LOGLINE */
  int sawerror;
  void (*emit)(void *ctx, const char *line, size_t len);
  void *ctx;
};
#define QSQ_REPORT_ZERO(emit, ctx) { { 0 }, 0, 0, 0, (emit), (ctx) }
/* Takes in n more bytes of the report. */
extern void qsq_report_feed(struct qsq_report *r, const char *buf, size_t n);
/* At the report's end: a last line without a newline is emitted too. */
extern void qsq_report_end(struct qsq_report *r);

/* The log lines' prefix, in qmail's style, the same for every line of
   qscanq and qscanq-stdin about one message:
     "qscanq: " [ID " "] "uid " N [" ip " IP] ": "
   ID (0 for none yet) and IP (0 for none) come from the caller:
   cut to their alphabets (QSQ_IDCHARS, QSQ_IPCHARS), at most 64 bytes
   each. out has room for QSQ_PREFIX; NUL-terminated; returns the length. */
#define QSQ_PREFIX 200
#define QSQ_IDCHARS "@.0123456789abcdef"
#define QSQ_IPCHARS "0123456789abcdefABCDEF.:"
extern size_t qsq_prefix(char *out, const char *id, unsigned long uid, const char *ip);

/* What a log line calls a message given up with code: "refused" from
   QSQ_EXIT_PERM to QSQ_EXIT_PERMLAST, else "deferred". The one place the
   word follows from the code. */
extern const char *qsq_word(int code);

/* The one way qscanq and qscanq-stdin give up on a message: one line on
   fd 2, "PREFIX WORD (CODE): a b c[: error]", then exit CODE, WORD being
   qsq_word(code). a, b, c and se may be 0 (strerr_die's rules). */
struct strerr;
extern void qsq_die(int code, const char *prefix, const char *a,
                    const char *b, const char *c, const struct strerr *se)
  __attribute__((noreturn));
/* The same, but the line's word is qsq_word(decided) while the code in
   it, and the exit, is told: the caller sees told (notqmail's 82, the
   reason on fd 6) for a message decided as decided. */
extern void qsq_dietold(int decided, int told, const char *prefix, const char *a,
                        const char *b, const char *c, const struct strerr *se)
  __attribute__((noreturn));

/* Any of fds 0, 1, 2 that is closed gets /dev/null, as glibc does for
   set-id programs: fd 0 write-only, 1 and 2 read-only, so that a closed
   message or log still reads as closed. Call it before opening anything.
   0, or -1 if /dev/null could not be opened on the free fd. */
extern int qsq_fds(void);

/* Before an exec: no alarm, SIGALRM, SIGXFSZ and SIGPIPE at their
   defaults, nothing blocked (qmail-queue keeps its own alarm; a scanner
   must die of a full disk or a closed pipe as it would alone).
   0, or -1 with errno. */
extern int qsq_sig_reset(void);

#endif

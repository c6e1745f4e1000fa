#ifndef CLAMD_H
#define CLAMD_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "stralloc.h"

/* A client of clamd (SPEC §9, REFERENCE §4): one connection per message
   per server, a session (zIDSESSION ... zEND), every file by zFILDES over a
   unix socket or by zINSTREAM over TCP, replies matched by their id.

   Time: every deadline here is absolute, in CLOCK_MONOTONIC seconds, as a
   struct timespec (clock_gettime(CLOCK_MONOTONIC, ...) plus the budget).
   No read, write or connect ever waits past it.

   The pool: servers are tried in turn from srv[start % n]. A server that
   does not accept, does not answer in time, or answers anything but a
   complete, consistent session is passed over for this message, with one
   log call, and the next one gets the message.
   An ERROR reply also moves on to the next server: clamd says ERROR for
   its own trouble (out of memory, a full temporary folder, a file it
   could not read, StreamMaxLength on this server), which another server
   of the pool may not have; a message that no server can scan ends in
   CLAMD_FAIL (a deferral), never in a verdict, with one exception: when
   every server of the pool answered "INSTREAM size limit exceeded" (a
   file past its StreamMaxLength, over TCP), retrying can never help, and
   the result is CLAMD_TOOBIG (refused for good, as too big for the
   scanner). One server that could not be asked (down, out of time) makes
   it a deferral again: it may have the bigger limit.
   A verdict (clean, virus, limits) counts only from a server that
   answered every request of the session exactly once and detected the
   control sample; a virus or limits verdict is then final: it is not
   retried elsewhere. A virus in one file outranks a limit in another.

   Time split: server k of the m still untried gets until
   now + max(remaining / m, CLAMD_MINSHARE), capped at the deadline, so a
   server that hangs (SIGSTOP, a dead host behind a firewall that drops
   packets) eats its share, not the whole budget, and the last server
   gets all that is left. CLAMD_MINSHARE keeps a share from becoming too
   short to scan anything when many servers split little time; once the
   deadline has passed, the servers left are named with "no time left",
   not tried. */

/* 1: every session carries the control sample, the EICAR test string
   assembled at run time, sent as one more file; unless the server reports
   it FOUND, its answers do not count (the server fails with "the scanner
   did not detect its control sample"). It never makes a message refused.
   0 turns it off, and with it the only proof that a server scanned what
   it was sent: a clamd without signatures, one that scans something else
   (the wrong descriptor, a path of its own), or a proxy that says OK to
   everything then all read as "clean". What it costs: one 68-byte scan
   more per message. Set it here or with -DCLAMD_CONTROL=0 in conf-cc. */
#ifndef CLAMD_CONTROL
#define CLAMD_CONTROL 1
#endif

/* 1: every session also carries the alert sample (clamd_alert), gzip
   nested deeper than any MaxRecursion clamd accepts (at most 100, ClamAV's
   CLI_MAX_MAXRECLEVEL, since 1.5); unless the server reports it as
   Heuristics.Limits.Exceeded..., its answers do not count (the server
   fails with "AlertExceedsMax is off"). Without AlertExceedsMax clamd
   skips what exceeds its limits and says OK: an archive member past
   MaxFileSize, MaxScanSize or MaxRecursion would pass unread. It never
   makes a message refused. What it costs: one 2329-byte scan more per
   message, clamd unpacking MaxRecursion layers of it: 1.6 ms at
   MaxRecursion 17, 56 ms at 100 (qscanq-stdin(8)); so only once per
   clamd process where the caller knows the process (clamd_result's
   proven: qscanq's proof/ for unix sockets). ClamAV 1.4 does not
   cap MaxRecursion yet (1.5 does, at 100): a server set above 101 fails
   the same way, a deferral, never a clean verdict. 0 turns it off; the
   verdict then rests on clamd.conf saying AlertExceedsMax yes. */
#ifndef CLAMD_ALERT
#define CLAMD_ALERT 1
#endif

/* requests sent and not yet answered, at most; past it the client reads
   replies before it sends more (clamd answers while it still reads) */
#define CLAMD_WINDOW 16
/* bytes of one zINSTREAM chunk */
#define CLAMD_CHUNK 65536
/* bytes of one reply, without its NUL; a longer one is malformed */
#define CLAMD_REPLYMAX 4096
/* bytes kept of a virus or limit name, after sanitising */
#define CLAMD_NAMEMAX 100
/* seconds: the least share of the time a server gets (see above) */
#define CLAMD_MINSHARE 2
/* seconds: the bound on a server's first answer. A server must accept
   the connection (a full listen queue is waited out, not a failure) and
   answer the control sample within CLAMD_PROBE seconds, each counted
   from its own start, or it is passed over as hung ("no answer to the
   control sample within 5 seconds"); after the control sample the
   server's share of the time applies (above). Why 5: a healthy clamd
   answers the 68-byte sample in about a millisecond; a busy one may
   first have to finish a scan on every thread (MaxThreads), which for
   ordinary mail takes well under a second. A hung one (SIGSTOP, a dead
   host, a full listen queue that never drains) then costs a message at
   most 2 x 5 s per server, not its share of conf-timeout (300 s). Raise
   it (here, or -DCLAMD_PROBE=N in conf-cc) for servers that scan very
   large messages on every thread at once. */
#ifndef CLAMD_PROBE
#define CLAMD_PROBE 5
#endif
/* limit names start with this; such a FOUND is CLAMD_LIMITS, not a virus */
#define CLAMD_LIMITSNAME "Heuristics.Limits.Exceeded"

/* one server from conf-scanner's clamd form, filled in at build time */
struct clamd_server {
  int family;              /* AF_UNIX, AF_INET or AF_INET6 */
  const char *path;        /* AF_UNIX: the socket path */
  unsigned char ip[16];    /* AF_INET: first 4 bytes; AF_INET6: 16 */
  unsigned int port;
  const char *text;        /* as written in conf-scanner, for log lines */
};

/* the files of one message: count, and a function that opens file i
   read-only (returns an fd, or -1 with errno); called again for every
   server tried. clamd_scan closes every fd it gets from it. */
struct clamd_files {
  size_t count;
  int (*open)(void *ctx, size_t i);
  void *ctx;
};

/* CLAMD_TOOBIG: every server said a file was past its StreamMaxLength */
enum clamd_verdict { CLAMD_CLEAN, CLAMD_VIRUS, CLAMD_LIMITS, CLAMD_FAIL, CLAMD_TOOBIG };
/* clamd's words for a stream past StreamMaxLength, in its ERROR reply */
#define CLAMD_TOOBIGTEXT "size limit exceeded"

struct clamd_early;
struct clamd_result {
  enum clamd_verdict verdict;
  stralloc name;    /* CLAMD_VIRUS, CLAMD_LIMITS: the name, sanitised
                       (clamd_sanitise), not NUL-terminated */
  stralloc why;     /* CLAMD_FAIL: "SERVER: failure; SERVER: failure",
                       one per server, not NUL-terminated */
  const struct clamd_server *served; /* the server whose answer counted */
  unsigned long replies;             /* replies matched on that server,
                                        the control sample's included,
                                        the VERSION reply not */
  stralloc db;      /* that server's VERSION without "ClamAV ", cut at
                       the date: "1.4.6/27500" (engine/daily), or "1.4.6"
                       when it has no daily database; sanitised */
  unsigned long maxdays; /* set by the caller: a server whose database is
                            older than this many days (or has no date) is
                            passed over; 0: no check (conf-dbage) */
  /* set by the caller, or 0: what to do with each name a server finds
     (not limit names, not the control sample's): CLAMD_ACCEPT,
     CLAMD_DEFER or CLAMD_REFUSE. Without it every name refuses. */
  int (*judge)(void *ctx, const char *name, size_t len);
  void *judgectx;
  int action;       /* CLAMD_VIRUS: the judgement of name, the worst of
                       all names found (a refusal over a deferral over an
                       acceptance; among equals the first) */
  struct clamd_early *early; /* set by the caller, or 0: the session that
                                clamd_open opened, which the scan goes on
                                with (its server is the first asked) */
  /* set by the caller, or 0: proven[i] 1 when server i's process has
     already reported the alert sample in an earlier session (qscanq
     keeps that proof, per clamd process: clamd reads its settings once,
     at its start); its sessions then leave the sample out */
  const unsigned char *proven;
  int alerted;      /* 1 when the alert sample went to the server whose
                       answer counted, and it reported it (a proof to keep) */
};
#define CLAMD_RESULT_ZERO { CLAMD_FAIL, STRALLOC_ZERO, STRALLOC_ZERO, 0, 0, \
  STRALLOC_ZERO, 0, 0, 0, 0, 0, 0, 0 }
/* judgements, in rank order: a message is worth its worst name; a
   virus accepted counts for less than a limit, which still refuses */
#define CLAMD_ACCEPT 0
#define CLAMD_DEFER 1
#define CLAMD_REFUSE 2

/* Scans the files with the pool srv[0..n-1] (see above). prefd[i] >= 0
   is an already connected socket for server i (qscanq connects unix
   sockets as its own user and hands them on), -1 to connect here,
   CLAMD_PREFAIL(e) when that connect already failed with errno e (the
   server is passed over as "unable to connect"); prefd may be 0 for none. clamd_scan makes those sockets non-blocking and uses
   each at most once, but never closes them: they stay the caller's.
   log(logctx, line) is called once per server passed over, line naming
   the server (its text) and the failure; log may be 0.
   Returns 0 when a verdict was reached (r->verdict, CLAMD_FAIL included),
   -1 on out of memory. r's stralloc fields are reused, not freed. */
#define CLAMD_PREFAIL(e) (-1 - (e))
extern int clamd_scan(const struct clamd_server *srv, size_t n, size_t start,
                      const int *prefd, const struct clamd_files *files,
                      const struct timespec *deadline,
                      void (*log)(void *, const char *), void *logctx,
                      struct clamd_result *r);

/* ---- the pieces, each usable (and tested) alone ---- */

/* One reply, parsed: the forms clamd 1.4.6 sends.
   "N: fd[K]: OK", "N: stream: OK"        CLAMD_R_OK
   "N: fd[K]: NAME FOUND", "N: stream: NAME FOUND"   CLAMD_R_FOUND
   "N: PONG"                               CLAMD_R_PONG
   "N: ClamAV TEXT"                        CLAMD_R_VERSION (name: TEXT)
   anything ending in "ERROR", id or not   CLAMD_R_ERROR (name: the text
                                           after the id, if there is one)
   everything else (no id, id 0, an id past CLAMD_IDMAX, no colon, a NUL,
   an empty name, a control character)    CLAMD_R_BAD */
enum clamd_rkind { CLAMD_R_BAD, CLAMD_R_OK, CLAMD_R_FOUND, CLAMD_R_ERROR,
                   CLAMD_R_PONG, CLAMD_R_VERSION };
#define CLAMD_IDMAX 999999999UL
struct clamd_reply {
  enum clamd_rkind kind;
  unsigned long id;      /* 0 when the reply has none */
  const char *name;      /* CLAMD_R_FOUND: the name, inside the reply */
  size_t namelen;
};
/* Pure: parses the reply s[0..len-1] (without its terminating NUL). */
extern void clamd_parse(const char *s, size_t len, struct clamd_reply *rep);

/* Appends to out s[0..len-1], at most CLAMD_NAMEMAX bytes of it, cut to
   QSQ_CLAMDCHARS (qsq_safe.h: any other byte becomes '?'). Returns 1, or
   0 on out of memory. */
extern int clamd_sanitise(stralloc *out, const char *s, size_t len);

/* Connects to one server: a non-blocking socket, connected by the
   deadline. A unix socket whose listen queue is full (EAGAIN) is tried
   again, with a growing pause, until the deadline: a stalled server that
   drains its queue in time is waited for, as for a slow answer.
   Returns the fd, or -1 with errno (error_timeout past it). */
extern int clamd_connect(const struct clamd_server *s,
                         const struct timespec *deadline);

/* probe = the earlier of deadline and now + CLAMD_PROBE seconds */
extern void clamd_probetime(const struct timespec *deadline,
                            struct timespec *probe);

/* One session on one connection. */
struct clamd_session {
  int fd;                   /* non-blocking, connected */
  int fildes;               /* 1: unix socket, files by zFILDES;
                               0: TCP, files by zINSTREAM */
  struct timespec deadline; /* no wait past it */
  struct timespec full;     /* the deadline once the control sample is
                               answered (CLAMD_PROBE before it) */
  unsigned long sent;       /* ids handed out: 1 .. sent */
  unsigned long replies;    /* replies matched */
  unsigned long control;    /* id of the control sample, 0 none yet */
  int controlfound;         /* 1 once the control sample came back FOUND */
  unsigned long alert;      /* id of the alert sample, 0 none yet */
  int alertfound;           /* 1 once it came back as a limit exceeded */
  int alertproven;          /* set by the caller before the session (the
                               session's start keeps it): 1 when this
                               server's process has already reported the
                               alert sample (clamd_result's proven), so
                               this session neither sends nor needs it */
  int ended;                /* zEND sent */
  int eof;                  /* the server closed its side */
  int toobig;               /* it said: past my StreamMaxLength */
  enum clamd_verdict verdict; /* so far: CLEAN, VIRUS or LIMITS */
  stralloc name;            /* first virus (else limit) name, sanitised */
  stralloc got;             /* got.s[id - 1]: 1 once id was answered */
  stralloc in;              /* bytes of a reply not yet complete */
  stralloc why;             /* after a failure: what failed */
  unsigned long version;    /* id of the VERSION request, 0 none yet */
  stralloc db;              /* its answer (clamd_result's db) */
  unsigned long maxdays;    /* kept by clamd_session_start: see
                               clamd_result's maxdays */
  int (*judge)(void *ctx, const char *name, size_t len); /* kept too */
  void *judgectx;
  int action;               /* CLAMD_VIRUS: name's judgement */
  stralloc cand;            /* a name found, sanitised, being judged */
  size_t filesdone;         /* files of the caller's list sent already
                               (clamd_early_send), in their order */
};
#define CLAMD_SESSION_ZERO { -1, 0, { 0, 0 }, { 0, 0 }, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, CLAMD_CLEAN, \
  STRALLOC_ZERO, STRALLOC_ZERO, STRALLOC_ZERO, STRALLOC_ZERO, 0, \
  STRALLOC_ZERO, 0, 0, 0, 0, STRALLOC_ZERO, 0 }

/* Every function below returns 1 on success; 0 when the server failed
   (ss->why says how: a timeout, a lost connection, an ERROR reply, a
   malformed reply, an unknown or duplicate id); -1 on out of memory. */

/* Resets ss for fd (keeping its storage) and sends zIDSESSION. */
extern int clamd_session_start(struct clamd_session *ss, int fd, int fildes,
                               const struct timespec *deadline);
/* Sends the file open on filefd as the next request (zFILDES or
   zINSTREAM, after ss->fildes), reading replies meanwhile and waiting
   while CLAMD_WINDOW requests are outstanding. Does not close filefd. */
extern int clamd_send_file(struct clamd_session *ss, int filefd);
extern int clamd_send_fildes(struct clamd_session *ss, int filefd);
extern int clamd_send_instream(struct clamd_session *ss, int filefd);
/* zINSTREAM of the bytes buf[0..len-1] */
extern int clamd_send_stream(struct clamd_session *ss, const char *buf,
                             size_t len);
/* Sends zVERSION as the next request and waits for its answer (one
   round trip, before any file goes out): a server whose database is
   older than ss->maxdays days, or has no date, fails here ("database
   too old", "database has no date"), before it costs any scanning. */
extern int clamd_send_version(struct clamd_session *ss);
/* Pure: the date of clamd's VERSION text s[0..len-1] ("ClamAV 1.4.6/
   27500/Mon Dec  7 10:05:12 2026", ctime's form after the second '/'),
   as seconds since the epoch read as UTC (clamd prints its local time:
   hours off at most, and the limit is in days). 1 and *t, or 0 when the
   text has no date or not that form. */
extern int clamd_dbtime(const char *s, size_t len, long long *t);
/* Sends the control sample as the next request; remembers its id. */
extern int clamd_send_control(struct clamd_session *ss);
/* Sends zEND. */
extern int clamd_send_end(struct clamd_session *ss);
/* Sends n bytes of buf, reading replies whenever the socket would block. */
extern int clamd_write(struct clamd_session *ss, const char *buf, size_t n);
/* Waits (up to the deadline) for readable data and takes in what came. */
extern int clamd_read(struct clamd_session *ss);
/* Takes in bytes that came from the server: splits them into replies at
   each NUL and matches each (clamd_match). Pure but for ss. */
extern int clamd_feed(struct clamd_session *ss, const char *buf, size_t n);
/* Matches one parsed reply against the requests sent. */
extern int clamd_match(struct clamd_session *ss, const struct clamd_reply *rep);
/* After zEND: reads until every request is answered and the server
   closes; then checks the control sample. 1: ss->verdict counts. */
extern int clamd_finish(struct clamd_session *ss);
/* One whole session on fd for the files (control sample included when
   CLAMD_CONTROL). */
extern int clamd_session(struct clamd_session *ss, int fd, int fildes,
                         const struct clamd_files *files,
                         const struct timespec *deadline);
extern void clamd_session_free(struct clamd_session *ss);
/* clamd_session in two: the opening (IDSESSION, VERSION, the samples),
   which needs no file, and the files to the end */
extern int clamd_session_open(struct clamd_session *ss, int fd, int fildes,
                              const struct timespec *deadline);
extern int clamd_session_files(struct clamd_session *ss,
                               const struct clamd_files *files);

/* A session opened before the message's files exist, so that the server
   scans the samples (about 1 ms of its time) while the caller unpacks:
   clamd_open opens it with the server clamd_scan would ask first (start
   % n), as clamd_scan would; clamd_scan, given it in r->early, goes on
   with it instead of a new one, and a failure of the opening counts as
   that server's. The opening's time is that server's share, taken at
   clamd_open. A server may drop a session that stays silent past its
   IdleTimeout: the caller opens early only what it will scan soon.
   clamd_open returns 0, or -1 out of memory. */
struct clamd_early {
  struct clamd_session ss;
  size_t server;  /* the index in srv of the server */
  int fd;         /* its connection, -1 none */
  int pre;        /* 1: fd is prefd's, not closed here */
  int r;          /* the opening: 1 open, 0 failed (ss.why), -1 no memory */
  int open;       /* 1 from clamd_open until clamd_scan takes it */
};
#define CLAMD_EARLY_ZERO { CLAMD_SESSION_ZERO, 0, -1, 0, 0, 0 }
extern int clamd_open(struct clamd_early *e, const struct clamd_server *srv,
                      size_t n, size_t start, const int *prefd,
                      const struct timespec *deadline,
                      const struct clamd_result *r);
/* Sends the first file of the list that clamd_scan will be given,
   opened by the caller exactly as files->open(ctx, 0) would open it, in
   the early session, so that the server scans it while the caller
   unpacks; clamd_scan then goes on with the second file there, and a new
   session with another server sends every file. Nothing is sent when the
   opening failed. A failure counts as the opening's. 0, or -1 out of
   memory. */
extern int clamd_early_send(struct clamd_early *e, int filefd);
/* closes its connection (unless prefd's) and frees it */
extern void clamd_early_free(struct clamd_early *e);

/* The 68 bytes of the EICAR test string, built at run time into buf. */
#define CLAMD_EICARLEN 68
extern void clamd_eicar(char *buf);

/* The alert sample, built at run time into buf: CLAMD_ALERTDEPTH gzip
   members nested, each a 10-byte header, one stored deflate block (5
   bytes of block header) and an 8-byte trailer, around
   CLAMD_ALERTINNER. ClamAV 1.5 refuses a MaxRecursion above 100, and
   100 layers already exceed MaxRecursion 100: 101 leave one to spare. */
#define CLAMD_ALERTDEPTH 101
#define CLAMD_ALERTINNER "hello\n"
#define CLAMD_ALERTHEAD 15
#define CLAMD_ALERTTAIL 8
#define CLAMD_ALERTLEN (sizeof CLAMD_ALERTINNER - 1 + \
  (size_t) CLAMD_ALERTDEPTH * (CLAMD_ALERTHEAD + CLAMD_ALERTTAIL))
extern void clamd_alert(char *buf);
/* why a server that says OK to the alert sample is passed over */
#define CLAMD_ALERTOFF "AlertExceedsMax is off, or MaxRecursion above 100: the scanner did not report its limits sample"

/* CRC-32 of buf[0..len-1] as gzip computes it, continued from crc (0 to
   start) */
extern uint32_t clamd_crc32(uint32_t crc, const char *buf, size_t len);
/* Sends the alert sample as the next request; remembers its id. */
extern int clamd_send_alert(struct clamd_session *ss);

#endif

#ifndef PAIR_H
#define PAIR_H

#include <stddef.h>
#include "clamd.h"
#include "fmt.h"

/* The contract between qscanq (setuid, the qscanq user) and the
   qscanq-stdin it runs as the caller, both ends of it, so that neither
   program spells it: the command line, the ask for clamd's unix-socket
   connections, and the facts line's letter. The other owners: INTERNALS
   1 (who holds which end), SECURITY 5.10 (why the ask is shaped so). */

/* ---- the command line: qscanq-stdin ID FACTS ASK ----
   ID the working folder's name; FACTS the number of the pipe's write end
   on which qscanq-stdin tells what became of the message, or "-"; ASK the
   number of qscanq-stdin's end of the socketpair. qscanq puts both fds
   above 6 (fds 0, 1, 2 and 6 are qmail's). Run by hand, qscanq-stdin may
   get fewer: no FACTS, nobody to tell; no ASK, it connects every server
   itself. */
#define PAIR_NOFACTS "-"
#define PAIR_FACTSMAX 1024   /* a FACTS beyond this is ignored */
#define PAIR_ASKMAX 65535    /* an ASK beyond this is refused */
struct pair_cmd {
  char *argv[5];             /* for execv: NAME ID FACTS ASK, 0 */
  char facts[FMT_ULONG];
  char ask[FMT_ULONG];
};
/* qscanq: c->argv for the exec; facts -1 when there is no pipe */
extern void pair_cmd(struct pair_cmd *c, char *name, char *id, int facts, int ask);

struct pair_args {
  const char *id;            /* "?" when there is none */
  int facts;                 /* -1: none, or not a number above 2 but 6 */
  int ask;                   /* -1: none (run by hand) */
  const char *askarg;        /* ASK as given, for a log line */
};
/* qscanq-stdin: a from argv. 0, or -1 when there is an ASK (or more) that
   qscanq would not have passed: a number above 2 but 6, alone. */
extern int pair_args(struct pair_args *a, int argc, char *const *argv);

/* ---- the ask: one request, one answer (SOCK_SEQPACKET) ----
   qscanq-stdin sends one byte, PAIR_ASK, once the message is in; qscanq
   answers with one packet, struct pair_answer, whose SCM_RIGHTS hold one
   fd per server whose status is 0, in server order. status[i]: 0
   connected, -1 not a unix socket (qscanq-stdin connects it), else the
   errno of qscanq's attempt. count is qscanq's number of servers, so that
   a qscanq-stdin built from another conf-scanner can tell. proven[i] is
   1 when server i (status 0) is a clamd process that has already
   reported the alert sample (proof.h), else 0.
   After the scan, qscanq-stdin may send one more packet, PAIR_PROVED and
   a server's index: that server's session carried the alert sample and
   the server reported it. qscanq reads it after the wait, without
   blocking, and keeps the proof for that server's process. */
#define PAIR_ASK 'c'
#define PAIR_PROVED 'p'
#define PAIR_MAX 32                /* servers an answer can carry */
struct pair_answer {
  int count;
  int status[PAIR_MAX];
  unsigned char proven[PAIR_MAX];
};

/* qscanq-stdin: sends the request. 0, or -1 with errno. */
extern int pair_ask(int sock);
/* qscanq: 1 when the one request came; 0 for end of file, an error or
   anything else. It reads one byte with read(2), so a descriptor sent
   along is dropped by the kernel. */
extern int pair_asked(int sock);
/* qscanq: sends a, with fd[i] for every server i whose status is 0
   (without blocking, without SIGPIPE). 0, or -1 with errno. */
extern int pair_answer(int sock, const struct pair_answer *a, const int *fd);

/* qscanq-stdin: reads the answer for the servers srv[0..n-1] into
   prefd[0..n-1], as clamd_scan takes it: the fd (close-on-exec), -1 to
   connect here, CLAMD_PREFAIL(errno) for one qscanq could not connect;
   and, unless proven is 0, proven[0..n-1] (clamd_result's proven: 0
   wherever the answer is not PAIR_OK).
   Every fd that came is in prefd or closed before anything is judged.
   -1 with errno when recvmsg failed (EINTR: nothing was read, ask again),
   else one of these; PAIR_BAD puts what was wrong in *why. */
#define PAIR_OK 0
#define PAIR_EOF 1      /* no answer: qscanq could not send it */
#define PAIR_COUNT 2    /* built from another conf-scanner */
#define PAIR_BAD 3      /* a malformed answer, a foreign control message,
                           more or fewer fds than servers, a bad status */
extern int pair_take(int sock, const struct clamd_server *srv, size_t n, int *prefd, unsigned char *proven, const char **why);

/* qscanq-stdin: server's alert sample was reported (PAIR_PROVED). 0, or
   -1 with errno. */
extern int pair_proved(int sock, size_t server);
/* qscanq, after the wait: the server of the one PAIR_PROVED packet, or
   -1 when none came or it was anything else. Reads with recv(2) without
   blocking: a descriptor sent along is dropped by the kernel. */
extern long pair_proof(int sock);

/* ---- the facts: one line on FACTS, its first byte the letter ----
   The rest of the line is verdict_facts' (verdict.h). A failed exec of
   qmail-queue follows its Q line with a Z line: the last line counts. */
#define PAIR_QUEUED 'Q'     /* the real qmail-queue gets its envelope */
#define PAIR_REFUSED 'R'    /* refused for good by the scan */
#define PAIR_DEFERRED 'Z'   /* anything else */
/* qscanq: the last line of what came on fd, into buf (size bytes at
   most, read without blocking: fd is O_NONBLOCK). Its length. */
extern size_t pair_facts(int fd, char *buf, size_t size);
/* the letter of a facts line, or 0 when it has none */
extern char pair_letter(const char *facts, size_t len);
/* A PAIR_QUEUED line "QPID rest": the pid, cut out of the line (which
   then reads "Qrest"), or 0 when the line is no such line. */
extern unsigned long pair_queue(char *facts, size_t *len);

#endif

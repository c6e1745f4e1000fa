#ifndef CLAMD_INT_H
#define CLAMD_INT_H

/* The clamd client's internals, shared by its files only. */
#include <time.h>
#include "clamd.h"

/* milliseconds from now to deadline, 0 if past (for poll) */
extern int clamd_ms(const struct timespec *deadline);
/* poll for events on fd until the deadline, through EINTR: revents, 0 past
   the deadline, -1 with errno */
extern int clamd_poll(int fd, short events, const struct timespec *deadline);
/* ss->why = a then b (b may be 0); returns 0 (server failed), -1 on out
   of memory */
extern int clamd_fail(struct clamd_session *ss, const char *a, const char *b);
/* one non-blocking receive, fed to clamd_feed; 1 also when nothing came */
extern int clamd_take(struct clamd_session *ss);
/* after a failed write: feeds what the server already sent (its reason);
   1 if that was nothing decisive */
extern int clamd_drain(struct clamd_session *ss);
/* sends buf[0..len-1], a sample made in memory, as the next request:
   a memfd by zFILDES over a unix socket, zINSTREAM over TCP */
extern int clamd_send_sample(struct clamd_session *ss, const char *buf, size_t len);
/* waits for room in the window, then hands out the next id */
extern int clamd_next(struct clamd_session *ss);

/* 1 while the control sample is sent and not yet answered: the time is
   CLAMD_PROBE's (clamd.h), and a server silent through it is hung */
extern int clamd_probing(const struct clamd_session *ss);
/* ss->why after a wait that ran out: "hung: ..." while probing, else
   a (returns 0, -1 on out of memory) */
extern int clamd_timedout(struct clamd_session *ss, const char *a);

/* this server's deadline, of the left servers still to try: its share
   of what is left (clamd.h, CLAMD_MINSHARE) */
extern void clamd_share(const struct timespec *deadline, size_t left,
                        struct timespec *mine);
/* *fd: the connection to s, pre (qscanq's, made non-blocking) if it is
   one, else a new one; 1, or 0 with ss->why (pre < -1: a connect that
   failed with errno -1 - pre), -1 out of memory */
extern int clamd_reach(struct clamd_session *ss, const struct clamd_server *s,
                       int pre, const struct timespec *deadline, int *fd);

#endif

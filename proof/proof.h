#ifndef PROOF_H
#define PROOF_H

#include <stddef.h>

/* The alert sample's proof, kept per clamd process (issue #20). clamd
   reads its settings once, at its start (RELOAD and SelfCheck reload the
   database, never clamd.conf), so a process that has reported the alert
   sample once (AlertExceedsMax yes, MaxRecursion within the sample's
   depth) does so for its whole life. qscanq keeps that proof beside the
   server's unix socket, SOCKET.alerted, in a folder it owns and no other
   user may write, and trusts it only for the same process: the pid that
   listens on the socket (SO_PEERCRED) and that pid's start time, a
   process named clamd. A new clamd is a new pid or a new start time, and
   proves itself again. Only qscanq (setuid, the qscanq user) uses this. */

struct proof_id {
  unsigned long pid;
  unsigned long start;  /* /proc/PID/stat's starttime, clock ticks since boot */
};

/* The listening process of the connected unix socket fd: 1 and *id when
   it is a process named clamd whose /proc/PID/stat could be read; 0
   otherwise (no pid: another pid namespace; systemd's socket: pid 1,
   named systemd; a proxy; /proc mounted hidepid). */
extern int proof_peer(int fd, struct proof_id *id);
/* Pure: from the text of /proc/PID/stat, buf[0..len-1], the start time.
   1 when the process is named clamd and the field is there. */
extern int proof_stat(const char *buf, size_t len, unsigned long *start);
/* out = sock ".alerted"; 1, or 0 when it does not fit in size bytes */
extern int proof_path(char *out, size_t size, const char *sock);
/* Pure: the file's line, "clamd PID START\n", into buf (PROOF_LINE bytes
   at most); its length */
#define PROOF_LINE 64
extern size_t proof_fmt(char *buf, const struct proof_id *id);
/* 1 when the file at path says id: a regular file of the effective uid's,
   reached without a symbolic link, in a folder of the effective uid's
   that no other user may write; else 0 */
extern int proof_held(const char *path, const struct proof_id *id);
/* 1 when path's folder is the effective uid's and no other user may
   write it: where a proof may be kept and believed */
extern int proof_folder(const char *path);
/* Writes the proof for id at path, when proof_folder allows it (a temporary name beside it, then
   rename). 0, or -1 with errno: the next message sends the sample again. */
extern int proof_keep(const char *path, const struct proof_id *id);

#endif

#ifndef PROOF_H
#define PROOF_H

#include <stddef.h>
#include <time.h>

/* The alert sample's proof, kept per clamd process (issue #20). clamd
   reads its settings once, at its start (RELOAD and SelfCheck reload the
   database, never clamd.conf), so a process that has reported the alert
   sample once (AlertExceedsMax yes, MaxRecursion within the sample's
   depth) does so for its whole life. qscanq keeps that proof beside the
   server's unix socket, SOCKET.alerted, in a folder it owns and others
   (neither it nor its group) may not write, and trusts it only for the
   same process: the pid that listens on the socket (SO_PEERCRED), that
   pid's start time, this boot, a process named clamd. A new clamd is a
   new pid or start time, a reboot a new boot id: each proves itself
   again. qscanq writes a proof only after its own session with that
   process has shown it (proof_check). Only qscanq (setuid, the qscanq
   user) uses this. */

#define PROOF_BOOTLEN 36      /* a boot id: 8-4-4-4-12 hex digits */
struct proof_id {
  unsigned long pid;
  unsigned long start;        /* /proc/PID/stat's starttime: clock ticks
                                 since boot */
  char boot[PROOF_BOOTLEN];   /* /proc/sys/kernel/random/boot_id */
};

/* The listening process of the connected unix socket fd: 1 and *id when
   it is a process named clamd whose /proc/PID/stat, and the boot id,
   could be read; 0 otherwise (no pid: another pid namespace; systemd's
   socket: pid 1, named systemd; a proxy; /proc mounted hidepid). */
extern int proof_peer(int fd, struct proof_id *id);
/* Pure: from the text of /proc/PID/stat, buf[0..len-1], the start time.
   1 when the process is named clamd and the field is there. */
extern int proof_stat(const char *buf, size_t len, unsigned long *start);
/* 1 when a and b are the same process */
extern int proof_same(const struct proof_id *a, const struct proof_id *b);
/* out = sock ".alerted"; 1, or 0 when it does not fit in size bytes */
extern int proof_path(char *out, size_t size, const char *sock);
/* Pure: the file's line, "clamd PID START BOOT\n", into buf (PROOF_LINE
   bytes at most); its length */
#define PROOF_LINE 128
extern size_t proof_fmt(char *buf, const struct proof_id *id);
/* The folder of path, opened (O_DIRECTORY, its last step not a link),
   when it is the effective uid's and others may not write it: where a
   proof may be kept and believed. Its fd, and *base the file's name in
   it; -1 otherwise. Every later step is relative to the fd, so the
   folder cannot change under it. */
extern int proof_dir(const char *path, const char **base);
/* 1 when the file at path says id: a regular file of the effective uid's,
   reached without a symbolic link, in a folder proof_dir allows; else 0 */
extern int proof_held(const char *path, const struct proof_id *id);
/* Writes the proof for id at path, in a folder proof_dir allows (a
   temporary name beside it, then rename). 0, or -1 with errno: the next
   message sends the sample again. */
extern int proof_keep(const char *path, const struct proof_id *id);
/* A session of its own on the connected unix socket fd, by deadline
   (CLOCK_MONOTONIC): 1 when the server reports the control sample found
   and the alert sample as a limit exceeded (clamd_session_open's
   opening, then zEND); 0 when it does not, or fails; -1 out of memory. */
extern int proof_check(int fd, const struct timespec *deadline);

#endif

#ifndef QSQ_PROC_H
#define QSQ_PROC_H

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

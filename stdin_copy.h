#ifndef STDIN_COPY_H
#define STDIN_COPY_H

#include "stdin_exit.h"

/* qscanq-stdin's copy of the message (stdin_copy.c), in work/. */

/* Saves fd 0 to msg and returns a read-only fd of the very file written
   (qmail-queue gets it on fd 0), also x->copyfd; its size into x->fate. */
extern int copy_save(struct stdin_exit *x);
/* msg opened again, read-only, with an offset of its own, checked to be
   the same file as the fd same (an early qmail-queue reads it while
   clamd and the unpacker read copy_save's). */
extern int copy_reopen(struct stdin_exit *x, int same);
/* parts/ for the unpacked parts and, for the command form (command
   nonzero), tmp/ for the scanner's own files. */
extern void copy_folders(struct stdin_exit *x, int command);
/* tmp/ takes a file, or the message is deferred. */
extern void copy_probetmp(struct stdin_exit *x);

#endif

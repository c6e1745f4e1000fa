#ifndef WRAP_H
#define WRAP_H

/* What install-wrap and install-unwrap share. B is HOME/bin/qmail-queue,
   what qmail runs; Q is HOME/qscanq/qmail-queue, what qscanq-stdin runs.
   Every function exits 111 with a message on anything unexpected. */

#define WRAP_OFF 0  /* B is the real qmail-queue; Q is the link ../bin/qmail-queue */
#define WRAP_HALF 1 /* B and Q are both hard links of the real qmail-queue */
#define WRAP_ON 2   /* B is the link qscanq; Q is the real qmail-queue */

/* Looks at B, Q and HOME/bin/qscanq and gives the state; refuses any other
   state, such as a qmail installed again over a wrap. fatal is the
   program's message prefix. */
extern int wrap_state(const char *fatal);

/* Both replace B (to_q 0) or Q (to_q 1) atomically: the new name is made
   beside it, then renamed over it, and the folder is synced. B never stops
   existing. Call wrap_state first. */
extern void wrap_real(const char *fatal, int to_q);    /* a hard link of the real qmail-queue */
extern void wrap_symlink(const char *fatal, int to_q); /* B: the link qscanq; Q: the link ../bin/qmail-queue */

#endif

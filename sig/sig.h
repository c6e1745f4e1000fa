#ifndef SIG_H
#define SIG_H

/* Each returns 0, or -1 with errno set. Handlers are installed without
   SA_RESTART, so that a signal interrupts a blocking call with EINTR. */
extern int sig_catch(int sig, void (*handler)(int));
extern int sig_default(int sig);
extern int sig_ignore(int sig);
extern int sig_block(int sig);
extern int sig_unblock(int sig);
extern int sig_blocknone(void);

#endif

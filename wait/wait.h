#ifndef WAIT_H
#define WAIT_H

#include <sys/types.h>
#include <sys/wait.h>

/* Each returns the pid reaped, 0 (nohang: none ready), or -1. */
extern pid_t wait_pid(int *wstat, pid_t pid);
extern pid_t wait_nohang(int *wstat);

#define wait_crashed(w) (WIFSIGNALED(w))
#define wait_termsig(w) (WTERMSIG(w))
#define wait_exitcode(w) (WEXITSTATUS(w))

#endif

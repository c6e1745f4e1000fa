#ifndef FD_H
#define FD_H

/* Each returns 0, or -1 with errno set. */
extern int fd_copy(int to, int from);
extern int fd_move(int to, int from);
/* Closes every descriptor from fd up. */
extern int fd_closefrom(int fd);

#endif

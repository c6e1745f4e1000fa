#ifndef SEEK_H
#define SEEK_H

/* Returns 0, or -1 with errno set. */
extern int seek_begin(int fd);

#endif

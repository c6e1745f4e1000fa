#ifndef OPEN_H
#define OPEN_H

/* Each returns an fd, or -1 with errno set. */
extern int open_read(const char *fn);
extern int open_excl(const char *fn);   /* new file, mode 0600 */
extern int open_trunc(const char *fn);  /* mode 0644 */
extern int open_write(const char *fn);  /* existing; O_NDELAY: a FIFO without a reader fails at once with ENXIO */

#endif

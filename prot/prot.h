#ifndef PROT_H
#define PROT_H

#include <sys/types.h>

/* Sets the real, effective and saved uid to uid and checks that all three
   took: the drop cannot be undone. Returns 0, or -1 with errno set. */
extern int prot_dropuid(uid_t uid);

#endif

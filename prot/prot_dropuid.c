#define _GNU_SOURCE
#include <errno.h>
#include <unistd.h>
#include "prot.h"

int prot_dropuid(uid_t uid)
{
  uid_t r, e, s;
  if (setresuid(uid, uid, uid) == -1) return -1;
  if (getresuid(&r, &e, &s) == -1) return -1;
  if (r != uid || e != uid || s != uid) { errno = EPERM; return -1; }
  return 0;
}

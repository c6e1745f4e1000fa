#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cdb.h"
#include "error.h"
#include "policy.h"

/* read whole: a table replaced under us (by rename, as qscanq-policy
   does) is then either the old one or the new one, never half of each */
int policy_load(struct policy *p, const char *path)
{
  struct stat st;
  int fd;
  int e;

  p->db.len = 0;
  fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd == -1) return errno == error_noent ? 0 : -1;
  if (fstat(fd, &st) == -1) goto fail;
  if (!S_ISREG(st.st_mode) || st.st_size < 2048 || (unsigned long long) st.st_size > CDB_MAX) {
    errno = error_proto;
    goto fail;
  }
  if (!stralloc_ready(&p->db, (size_t) st.st_size)) goto fail;
  while (p->db.len < (size_t) st.st_size) {
    ssize_t r = read(fd, p->db.s + p->db.len, (size_t) st.st_size - p->db.len);
    if (r == -1 && errno == error_intr) continue;
    if (r == -1) goto fail;
    if (r == 0) { errno = error_proto; goto fail; }
    p->db.len += (size_t) r;
  }
  close(fd);
  return 1;
fail:
  e = errno;
  close(fd);
  p->db.len = 0;
  errno = e;
  return -1;
}

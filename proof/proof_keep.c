#include <errno.h>
#include <fcntl.h>
#include <stdio.h> /* renameat() only: no stdio streams */
#include <unistd.h>
#include "fmt.h"
#include "str.h"
#include "proof.h"

/* Beside it under a name of this process's own, then renamed over it:
   a reader sees the old line or the new one, never half of one. */
int proof_keep(const char *path, const struct proof_id *id)
{
  char tmp[256];
  char suffix[2 + FMT_ULONG];
  char line[PROOF_LINE];
  size_t len = proof_fmt(line, id);
  const char *base;
  size_t n;
  int dirfd;
  int fd;
  int e;

  dirfd = proof_dir(path, &base);
  if (dirfd == -1) { errno = EPERM; return -1; }
  n = fmt_str(suffix, ".");
  n += fmt_ulong(suffix + n, (unsigned long) getpid());
  suffix[n] = 0;
  if (!str_join(tmp, sizeof tmp, base, suffix)) { close(dirfd); errno = ENAMETOOLONG; return -1; }
  /* one left by a process of the same pid that died half way */
  if (unlinkat(dirfd, tmp, 0) == -1 && errno != ENOENT) { e = errno; close(dirfd); errno = e; return -1; }
  fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd == -1) { e = errno; close(dirfd); errno = e; return -1; }
  if (write(fd, line, len) != (ssize_t) len) { e = errno; close(fd); errno = e; }
  else if (close(fd) == 0 && renameat(dirfd, tmp, dirfd, base) == 0) { close(dirfd); return 0; }
  e = errno;
  (void) unlinkat(dirfd, tmp, 0);
  close(dirfd);
  errno = e;
  return -1;
}

#include <errno.h>
#include <fcntl.h>
#include <stdio.h> /* rename() only: no stdio streams */
#include <unistd.h>
#include "fmt.h"
#include "str.h"
#include "proof.h"

/* Beside it under a name of this process's own, then renamed over it:
   a reader sees the old line or the new one, never half of one. */
int proof_keep(const char *path, const struct proof_id *id)
{
  char tmp[1024];
  char suffix[2 + FMT_ULONG];
  char line[PROOF_LINE];
  size_t len = proof_fmt(line, id);
  size_t n;
  int fd;
  int e;

  if (!proof_folder(path)) { errno = EPERM; return -1; }
  n = fmt_str(suffix, ".");
  n += fmt_ulong(suffix + n, (unsigned long) getpid());
  suffix[n] = 0;
  if (!str_join(tmp, sizeof tmp, path, suffix)) { errno = ENAMETOOLONG; return -1; }
  /* one left by a process of the same pid that died half way */
  if (unlink(tmp) == -1 && errno != ENOENT) return -1;
  fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd == -1) return -1;
  if (write(fd, line, len) != (ssize_t) len) { e = errno; close(fd); errno = e; }
  else if (close(fd) == 0 && rename(tmp, path) == 0) return 0;
  e = errno;
  unlink(tmp);
  errno = e;
  return -1;
}

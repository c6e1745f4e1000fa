#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "byte.h"
#include "proof.h"

int proof_held(const char *path, const struct proof_id *id)
{
  char want[PROOF_LINE];
  char got[PROOF_LINE + 1];
  size_t wantlen = proof_fmt(want, id);
  const char *base;
  struct stat st;
  ssize_t len;
  int dirfd;
  int fd;

  dirfd = proof_dir(path, &base);
  if (dirfd == -1) return 0;
  fd = openat(dirfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  close(dirfd);
  if (fd == -1) return 0;
  if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()) { close(fd); return 0; }
  len = read(fd, got, sizeof got);
  close(fd);
  return len == (ssize_t) wantlen && byte_diff(got, wantlen, want) == 0;
}

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "byte.h"
#include "proof.h"

/* Its owner may replace the file; so may anyone who may write the
   folder: only a folder of ours that others may not write (its group
   may: clamd's, which makes its socket there, and whose files we do not
   believe). */
int proof_dir(const char *path, const char **base)
{
  char dir[1024];
  struct stat st;
  size_t slash = 0;
  size_t i;
  int fd;

  for (i = 0; path[i]; ++i) if (path[i] == '/') slash = i;
  if (!slash || slash >= sizeof dir || !path[slash + 1]) return -1;
  byte_copy(dir, slash, path);
  dir[slash] = 0;
  fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd == -1) return -1;
  if (fstat(fd, &st) == -1 || st.st_uid != geteuid() || (st.st_mode & S_IWOTH)) { close(fd); return -1; }
  *base = path + slash + 1;
  return fd;
}

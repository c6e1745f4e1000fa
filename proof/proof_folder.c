#include <sys/stat.h>
#include <unistd.h>
#include "byte.h"
#include "proof.h"

/* The folder of path: its owner may replace the file; a user who may
   write it, too. Only a folder of ours that others may not write. */
int proof_folder(const char *path)
{
  char dir[1024];
  struct stat st;
  size_t slash = 0;
  size_t i;

  for (i = 0; path[i]; ++i) if (path[i] == '/') slash = i;
  if (!slash || slash >= sizeof dir) return 0;
  byte_copy(dir, slash, path);
  dir[slash] = 0;
  return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid() && !(st.st_mode & S_IWOTH);
}

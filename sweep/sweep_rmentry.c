#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "error.h"
#include "sweep_int.h"

/* Removes dir/name, whatever it is; a folder is emptied first (in top, or
   moved up into top from deeper down). type is readdir's d_type. */
void sweep_rmentry(struct sweep *s, int dir, const char *name, int top, unsigned char type)
{
  if (type != DT_DIR) {
    struct stat st;
    int e;
    if (unlinkat(dir, name, 0) == 0) { ++s->progress; return; }
    if (errno == error_noent) return;
    /* unlink refuses a folder: EISDIR on Linux, EPERM elsewhere */
    e = errno;
    if ((e != error_isdir && e != error_perm) ||
        fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == -1 || !S_ISDIR(st.st_mode)) {
      errno = e;
      sweep_failed(s, "unable to remove ", name);
      return;
    }
  }
  if (dir == top)
    sweep_clear(s, top, name, top);
  else
    sweep_hoist(s, dir, name, top);
}

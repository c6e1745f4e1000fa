#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "error.h"
#include "sweep_int.h"

/* Empties the folder parent/name one level deep, moving its subfolders up
   into top, then removes it. */
void sweep_clear(struct sweep *s, int parent, const char *name, int top)
{
  struct stat st;
  struct dirent *de;
  DIR *d;
  int fd;

  if (sweep_spent(s, SWEEP_FOLDERSTEPS)) return;
  fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd == -1) {
    int e = errno;
    if (e == error_noent) return;
    if (e == error_notdir || e == error_loop) { /* not a folder (any more) */
      if (unlinkat(parent, name, 0) == 0) ++s->progress;
      else if (errno != error_noent) sweep_failed(s, "unable to remove ", name);
      return;
    }
    /* a folder we may not read: it can still go if it is empty */
    if (unlinkat(parent, name, AT_REMOVEDIR) == 0) { ++s->progress; return; }
    if (errno == error_noent) return;
    errno = e;
    sweep_failed(s, "unable to open ", name);
    return;
  }
  if (fstat(fd, &st) == -1) { sweep_failed(s, "unable to stat ", name); close(fd); return; }
  if (st.st_dev != s->dev) { /* something is mounted there: not ours */
    errno = EXDEV;
    sweep_failed(s, "refusing to enter ", name);
    close(fd);
    return;
  }
  d = fdopendir(fd);
  if (!d) { sweep_failed(s, "unable to read ", name); close(fd); return; }
  while (!sweep_halted(s) && !sweep_spent(s, 1)) {
    errno = 0;
    de = readdir(d);
    if (!de) {
      if (errno) sweep_failed(s, "unable to read ", name);
      break;
    }
    if (sweep_isdot(de->d_name)) continue;
    if (de->d_type == DT_DIR)
      sweep_hoist(s, fd, de->d_name, top);
    else
      sweep_rmentry(s, fd, de->d_name, top, de->d_type);
  }
  closedir(d);
  if (s->stopped || s->exhausted) return;
  if (unlinkat(parent, name, AT_REMOVEDIR) == 0) { ++s->progress; return; }
  /* not empty: something arrived meanwhile, or stayed; the next pass sees */
  if (errno != error_noent && errno != ENOTEMPTY && errno != error_exist)
    sweep_failed(s, "unable to remove ", name);
}

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "error.h"
#include "sweep_int.h"

int sweep_remove(struct sweep *s, int dirfd, const char *name)
{
  struct stat st;
  int top;
  int r;

  sweep_fresh(s);
  top = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (top == -1) {
    if (errno == error_noent) return 0;
    sweep_failed(s, "unable to open ", name);
    return -1;
  }
  if (fstat(top, &st) == -1) { sweep_failed(s, "unable to stat ", name); close(top); return -1; }
  if (st.st_dev != s->dev) { /* something is mounted there: not ours */
    errno = EXDEV;
    sweep_failed(s, "refusing to enter ", name);
    close(top);
    return -1;
  }
  r = sweep_empty(s, top);
  close(top);
  if (r == -1) return -1;
  if (unlinkat(dirfd, name, AT_REMOVEDIR) == 0 || errno == error_noent) return 0;
  sweep_failed(s, "unable to remove ", name);
  return -1;
}

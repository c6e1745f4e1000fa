#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include "error.h"
#include "sweep_int.h"

/* Empties the folder top. 0 when it is empty, -1 when it is not. */
int sweep_empty(struct sweep *s, int top)
{
  char name[SWEEP_HOISTNAME];
  unsigned long next = s->hoisted;
  int pass;

  for (pass = 0; pass < SWEEP_PASSES; ++pass) {
    unsigned long before = s->progress;
    struct dirent *de;
    DIR *d;
    int seen = 0;
    int fd;

    /* a fresh descriptor, so that each pass reads from the beginning */
    fd = openat(top, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd == -1) { sweep_failed(s, "unable to open ", "."); return -1; }
    d = fdopendir(fd);
    if (!d) { sweep_failed(s, "unable to read ", "."); close(fd); return -1; }
    while (!sweep_halted(s) && !sweep_spent(s, 1)) {
      errno = 0;
      de = readdir(d);
      if (!de) {
        if (errno) sweep_failed(s, "unable to read ", ".");
        break;
      }
      if (sweep_isdot(de->d_name)) continue;
      seen = 1;
      sweep_rmentry(s, top, de->d_name, top, de->d_type);
    }
    closedir(d);
    /* The folders moved up, in order, whether or not readdir saw them;
       emptying each may move up more. */
    while (next != s->hoisted && !sweep_halted(s) && !s->exhausted) {
      sweep_hoistname(name, next++);
      sweep_clear(s, top, name, top);
    }
    if (s->stopped || s->exhausted) return -1;
    if (!seen) return 0;
    if (s->progress == before) return -1; /* stuck: errnum says why */
  }
  return -1;
}

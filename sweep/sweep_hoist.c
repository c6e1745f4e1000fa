#include <fcntl.h>
#include <stdio.h> /* renameat() only */
#include <unistd.h>
#include "error.h"
#include "sweep_int.h"

/* Moves the folder dir/name up into top, where it waits its turn. */
void sweep_hoist(struct sweep *s, int dir, const char *name, int top)
{
  char to[SWEEP_HOISTNAME];
  int tries;
  int e;
  for (tries = 0; tries < SWEEP_HOISTTRIES; ++tries) {
    sweep_hoistname(to, s->hoisted++);
    if (renameat(dir, name, top, to) == 0) { ++s->progress; return; }
    /* the name is taken by a leftover of an earlier run: take the next */
    if (errno != error_exist && errno != ENOTEMPTY && errno != error_notdir && errno != error_isdir) break;
  }
  if (errno == error_noent) return;
  /* Moving a folder needs write access to it. One we may not write to
     can still go if it is empty. */
  e = errno;
  if (unlinkat(dir, name, AT_REMOVEDIR) == 0) { ++s->progress; return; }
  if (errno == error_noent) return;
  errno = e;
  sweep_failed(s, "unable to move ", name);
}

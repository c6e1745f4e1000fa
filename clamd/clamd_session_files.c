#include <unistd.h>
#include "error.h"
#include "fmt.h"
#include "clamd_int.h"

static int openfail(struct clamd_session *ss, size_t i, int e)
{
  char num[FMT_ULONG + 1];

  num[fmt_ulong(num, (unsigned long) i)] = 0;
  if (clamd_fail(ss, "unable to open file ", num) == -1) return -1;
  if (!stralloc_cats(&ss->why, ": ")) return -1;
  if (!stralloc_cats(&ss->why, error_str(e))) return -1;
  return e == error_nomem ? -1 : 0;
}

/* The rest of a session that clamd_session_open opened: the files (but
   those clamd_early_send sent), zEND and every answer. */
int clamd_session_files(struct clamd_session *ss, const struct clamd_files *files)
{
  size_t i;
  int filefd;
  int r = 1;

  for (i = ss->filesdone; r == 1 && i < files->count; ++i) {
    filefd = files->open(files->ctx, i);
    if (filefd == -1) return openfail(ss, i, errno);
    r = clamd_send_file(ss, filefd);
    close(filefd);
  }
  if (r == 1) r = clamd_send_end(ss);
  if (r == 1) r = clamd_finish(ss);
  return r;
}

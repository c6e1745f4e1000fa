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

int clamd_session(struct clamd_session *ss, int fd, int fildes,
                  const struct clamd_files *files,
                  const struct timespec *deadline)
{
  struct timespec probe;
  size_t i;
  int filefd;
  int r;

  r = clamd_session_start(ss, fd, fildes, deadline);
  /* until the control sample is answered, the short bound (CLAMD_PROBE):
     a server that does not answer it promptly is hung. The files go out
     meanwhile (a server may hold its replies until zEND); clamd_take
     gives back the whole deadline with the sample's answer. */
  clamd_probetime(deadline, &probe);
  if (CLAMD_CONTROL) ss->deadline = probe;
  /* the database's version first (within the probe's bound): a stale server is passed over before
     it has scanned anything */
  if (r == 1) r = clamd_send_version(ss);
  /* the sample first: a server that cannot find it fails before the
     message's files have all gone out */
  if (r == 1 && CLAMD_CONTROL) r = clamd_send_control(ss);
  if (r == 1 && CLAMD_ALERT) r = clamd_send_alert(ss);
  for (i = 0; r == 1 && i < files->count; ++i) {
    filefd = files->open(files->ctx, i);
    if (filefd == -1) return openfail(ss, i, errno);
    r = clamd_send_file(ss, filefd);
    close(filefd);
  }
  if (r == 1) r = clamd_send_end(ss);
  if (r == 1) r = clamd_finish(ss);
  return r;
}

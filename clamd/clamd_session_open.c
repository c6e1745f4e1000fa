#include "clamd_int.h"

/* The session's opening, which needs no file of the message: IDSESSION,
   the database's version, the control and alert samples (clamd.h). */
int clamd_session_open(struct clamd_session *ss, int fd, int fildes,
                       const struct timespec *deadline)
{
  struct timespec probe;
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
  if (r == 1 && CLAMD_ALERT && !ss->alertproven) r = clamd_send_alert(ss);
  return r;
}

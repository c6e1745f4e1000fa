#include "clamd_int.h"

int clamd_finish(struct clamd_session *ss)
{
  int r;

  /* to the server's close, not just to the last reply: a reply past the
     last request (a duplicate, an id never sent) fails the session too */
  while (ss->replies < ss->sent || !ss->eof) {
    r = clamd_read(ss);
    if (r != 1) return r;
  }
  if (CLAMD_CONTROL && !ss->controlfound)
    return clamd_fail(ss, "the scanner did not detect its control sample", 0);
  if (CLAMD_ALERT && !ss->alertproven && !ss->alertfound) return clamd_fail(ss, CLAMD_ALERTOFF, 0);
  return 1;
}

#include "clamd.h"

int clamd_send_file(struct clamd_session *ss, int filefd)
{
  if (ss->fildes) return clamd_send_fildes(ss, filefd);
  return clamd_send_instream(ss, filefd);
}

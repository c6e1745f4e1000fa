#include <unistd.h>
#include "error.h"
#include "clamd_int.h"

int clamd_send_instream(struct clamd_session *ss, int filefd)
{
  char buf[4 + CLAMD_CHUNK];
  ssize_t got;
  size_t len;
  int r;

  r = clamd_next(ss);
  if (r != 1) return r;
  r = clamd_write(ss, "zINSTREAM", 10);
  if (r != 1) return r;
  do {
    /* fill a whole chunk where the file allows, so that small reads do
       not make many small chunks */
    len = 0;
    do {
      got = read(filefd, buf + 4 + len, CLAMD_CHUNK - len);
      if (got == -1 && errno == error_intr) continue;
      if (got == -1) return clamd_fail(ss, "unable to read a file: ", error_str(errno));
      len += (size_t) got;
    } while (got && len < CLAMD_CHUNK);
    buf[0] = (char) (len >> 24);
    buf[1] = (char) (len >> 16);
    buf[2] = (char) (len >> 8);
    buf[3] = (char) len;
    r = clamd_write(ss, buf, 4 + len);
    if (r != 1) return r;
  } while (len);
  return 1;
}

#include <time.h>
#include "clamd_int.h"

/* why a server's database does not do: 0 if it does */
static const char *stale(const struct clamd_session *ss)
{
  long long t;
  time_t now;

  if (!ss->maxdays) return 0;
  if (!clamd_dbtime(ss->db.s, ss->db.len, &t)) return "database has no date: ";
  now = time(0);
  if ((long long) now - t > (long long) ss->maxdays * 86400) return "database too old: ";
  return 0;
}

int clamd_send_version(struct clamd_session *ss)
{
  const char *why;
  int r;

  r = clamd_next(ss);
  if (r != 1) return r;
  r = clamd_write(ss, "zVERSION", 9);
  if (r != 1) return r;
  ss->version = ss->sent;
  /* the answer before anything else goes out: an old server is passed
     over before it has been sent, or has scanned, a byte of the message */
  while (!ss->got.s[ss->version - 1]) {
    r = clamd_read(ss);
    if (r != 1) return r;
  }
  why = stale(ss);
  if (!why) return 1;
  if (!stralloc_copys(&ss->why, why)) return -1;
  return clamd_sanitise(&ss->why, ss->db.s, ss->db.len) ? 0 : -1;
}

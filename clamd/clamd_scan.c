#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "error.h"
#include "stralloc.h"
#include "clamd_int.h"

static int attempt(struct clamd_session *ss, const struct clamd_server *s,
                   int pre, const struct clamd_files *files,
                   const struct timespec *deadline)
{
  int fd = -1;
  int r;

  r = clamd_reach(ss, s, pre, deadline, &fd);
  if (r == 1) r = clamd_session(ss, fd, s->family == AF_UNIX, files, deadline);
  if (fd != -1 && fd != pre) close(fd);
  return r;
}

/* the session clamd_open opened with this server, to its end */
static int resume(struct clamd_session *ss, struct clamd_early *e,
                  const struct clamd_files *files)
{
  int r = e->r;

  clamd_session_free(ss);
  *ss = e->ss;
  e->ss = (struct clamd_session) CLAMD_SESSION_ZERO;
  /* what the server answered while the caller unpacked, before any wait:
     past CLAMD_PROBE a wait would not look, and take a server that has
     answered its samples for hung */
  if (r == 1) r = clamd_take(ss);
  if (r == 1) r = clamd_session_files(ss, files);
  if (e->fd != -1 && !e->pre) close(e->fd);
  e->fd = -1;
  e->open = 0;
  return r;
}

/* one log line and one part of r->why for a server passed over */
static int passed(struct clamd_result *r, const struct clamd_server *s,
                  const stralloc *why, void (*log)(void *, const char *),
                  void *logctx, stralloc *line)
{
  if (!stralloc_copys(line, s->text)) return -1;
  if (!stralloc_cats(line, ": ")) return -1;
  if (!stralloc_cat(line, why)) return -1;
  if (r->why.len && !stralloc_cats(&r->why, "; ")) return -1;
  if (!stralloc_cat(&r->why, line)) return -1;
  if (!stralloc_0(line)) return -1;
  if (log) log(logctx, line->s);
  return 0;
}

/* the engine and daily versions, without the date: "1.4.6/27500" */
static int dbversion(stralloc *out, const stralloc *db)
{
  size_t i;
  int slashes = 0;

  for (i = 0; i < db->len; ++i)
    if (db->s[i] == '/' && ++slashes == 2) break;
  return stralloc_copyb(out, db->s, i);
}

int clamd_scan(const struct clamd_server *srv, size_t n, size_t start,
               const int *prefd, const struct clamd_files *files,
               const struct timespec *deadline,
               void (*log)(void *, const char *), void *logctx,
               struct clamd_result *r)
{
  struct clamd_session ss = CLAMD_SESSION_ZERO;
  stralloc line = STRALLOC_ZERO;
  struct timespec mine;
  size_t k;
  size_t i;
  size_t toobig = 0;
  int rc = 0;

  r->verdict = CLAMD_FAIL;
  r->name.len = 0;
  r->why.len = 0;
  r->served = 0;
  r->replies = 0;
  r->db.len = 0;
  r->alerted = 0;
  ss.maxdays = r->maxdays;
  ss.judge = r->judge;
  ss.judgectx = r->judgectx;
  r->action = CLAMD_REFUSE;
  if (!n) return stralloc_copys(&r->why, "no clamd servers") ? 0 : -1;
  for (k = 0; k < n; ++k) {
    i = (start + k) % n;
    ss.toobig = 0; /* a server not reached said nothing */
    ss.alertproven = r->proven ? r->proven[i] : 0;
    if (!k && r->early && r->early->open && r->early->server == i)
      rc = resume(&ss, r->early, files);
    else {
      clamd_share(deadline, n - k, &mine);
      rc = attempt(&ss, &srv[i], prefd ? prefd[i] : -1, files, &mine);
    }
    if (rc == -1) break;
    if (rc == 1) {
      r->verdict = ss.verdict;
      r->served = &srv[i];
      r->replies = ss.replies - (ss.version ? 1 : 0);
      r->action = ss.action;
      r->alerted = ss.alertfound;
      rc = stralloc_copy(&r->name, &ss.name) && dbversion(&r->db, &ss.db) ? 0 : -1;
      break;
    }
    if (ss.toobig) ++toobig;
    rc = passed(r, &srv[i], &ss.why, log, logctx, &line);
    if (rc == -1) break;
  }
  /* every server asked said too big: asking again never helps */
  if (rc == 0 && r->verdict == CLAMD_FAIL && toobig == n) r->verdict = CLAMD_TOOBIG;
  clamd_session_free(&ss);
  stralloc_free(&line);
  if (rc == -1) errno = error_nomem;
  return rc == -1 ? -1 : 0;
}

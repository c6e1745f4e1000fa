#include "byte.h"
#include "str.h"
#include "stralloc.h"
#include "clamd.h"
#include "clamd_int.h"

static int limits(const struct clamd_reply *rep)
{
  size_t n = sizeof CLAMD_LIMITSNAME - 1;
  size_t i;

  if (rep->namelen < n) return 0;
  for (i = 0; i < n; ++i)
    if (rep->name[i] != CLAMD_LIMITSNAME[i]) return 0;
  return 1;
}

static int failname(struct clamd_session *ss, const char *what,
                    const struct clamd_reply *rep)
{
  if (!stralloc_copys(&ss->why, what)) return -1;
  if (!clamd_sanitise(&ss->why, rep->name, rep->namelen)) return -1;
  return 0;
}

/* A name found: a limit refuses unless a virus was refused or deferred
   already; a virus counts by its judgement, the worst one kept; a virus
   accepted counts for less than a limit. */
static int found(struct clamd_session *ss, const struct clamd_reply *rep)
{
  int a;

  ss->cand.len = 0;
  if (!clamd_sanitise(&ss->cand, rep->name, rep->namelen)) return -1;
  if (limits(rep)) {
    if (ss->verdict == CLAMD_LIMITS) return 1;
    if (ss->verdict == CLAMD_VIRUS && ss->action != CLAMD_ACCEPT) return 1;
    ss->verdict = CLAMD_LIMITS;
  } else {
    a = ss->judge ? ss->judge(ss->judgectx, ss->cand.s, ss->cand.len) : CLAMD_REFUSE;
    if (ss->verdict == CLAMD_VIRUS && a <= ss->action) return 1;
    if (ss->verdict == CLAMD_LIMITS && a == CLAMD_ACCEPT) return 1;
    ss->verdict = CLAMD_VIRUS;
    ss->action = a;
  }
  return stralloc_copy(&ss->name, &ss->cand) ? 1 : -1;
}

/* does the reply's text hold CLAMD_TOOBIGTEXT? */
static int toobig(const struct clamd_reply *rep)
{
  size_t n = sizeof CLAMD_TOOBIGTEXT - 1;
  size_t i;

  for (i = 0; i + n <= rep->namelen; ++i)
    if (byte_equal(rep->name + i, n, CLAMD_TOOBIGTEXT)) return 1;
  return 0;
}

int clamd_match(struct clamd_session *ss, const struct clamd_reply *rep)
{
  if (rep->kind == CLAMD_R_ERROR) {
    if (toobig(rep)) ss->toobig = 1;
    return failname(ss, "error reply: ", rep);
  }
  if (rep->kind == CLAMD_R_BAD) return clamd_fail(ss, "malformed reply", 0);
  if (!rep->id || rep->id > ss->sent)
    return clamd_fail(ss, "reply with an unknown id", 0);
  if (ss->got.s[rep->id - 1])
    return clamd_fail(ss, "reply with a duplicate id", 0);
  ss->got.s[rep->id - 1] = 1;
  ++ss->replies;
  if (rep->kind == CLAMD_R_PONG)
    return clamd_fail(ss, "PONG to a scan request", 0);
  if (rep->id == ss->version) {
    if (rep->kind != CLAMD_R_VERSION)
      return clamd_fail(ss, "no version in the answer to VERSION", 0);
    ss->db.len = 0;
    return clamd_sanitise(&ss->db, rep->name, rep->namelen) ? 1 : -1;
  }
  if (rep->kind == CLAMD_R_VERSION)
    return clamd_fail(ss, "a version in answer to a scan request", 0);
  if (rep->id == ss->alert) {
    if (rep->kind != CLAMD_R_FOUND || !limits(rep))
      return clamd_fail(ss, CLAMD_ALERTOFF, 0);
    ss->alertfound = 1;
    return 1;
  }
  if (rep->id == ss->control) {
    /* a limit on 68 bytes is no detection */
    if (rep->kind != CLAMD_R_FOUND || limits(rep))
      return clamd_fail(ss, "the scanner did not detect its control sample", 0);
    ss->controlfound = 1;
    return 1;
  }
  if (rep->kind == CLAMD_R_OK) return 1;
  return found(ss, rep);
}

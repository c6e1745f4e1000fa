#include "fmt.h"
#include "qsq_safe.h"
#include "str.h"
#include "verdict.h"

static size_t cat(char *out, size_t len, const char *s)
{
  for (; *s && len < VERDICT_REPLY; ++s) out[len++] = *s;
  return len;
}

/* The reply for notqmail's fd 6: D (permanent) or Z (temporary), the
   reason, the virus or limit name (only for kinds whose reason ends in
   ':'), an attachment's rule, and the working folder's ID, so that a
   bounce leads the administrator to the log. At most VERDICT_REPLY bytes, printable ASCII,
   no newline; out has room for VERDICT_REPLY + 1 and ends in NUL. */
size_t verdict_reply(char *out, enum verdict_kind k, const char *name, const char *rule, const char *id)
{
  char safe[VERDICT_NAMEBUF];
  char ref[VERDICT_NAMEBUF];
  const char *reason = verdict_reason(k);
  size_t rlen = str_len(reason);
  size_t len = 0;
  int permanent = verdict_refused(k);

  out[len++] = permanent ? 'D' : 'Z';
  len = cat(out, len, reason);
  if (rlen && reason[rlen - 1] == ':') {
    verdict_name(safe, name ? name : "", name ? str_len(name) : 0);
    len = cat(out, len, " ");
    len = cat(out, len, safe);
  }
  /* an attachment refused names its rule: the sender can tell which of
     the names it gave was at fault */
  if (k == VERDICT_ATTACH && rule && *rule) {
    ref[0] = 0;
    qsq_safe(ref, 0, sizeof ref, rule, QSQ_RULECHARS, VERDICT_NAME);
    len = cat(out, len, " (rule ");
    len = cat(out, len, ref);
    len = cat(out, len, ")");
  }
  len = cat(out, len, permanent ? "; message refused" : "; try again later");
  /* the ID, cut as in the log's prefix */
  ref[0] = 0;
  if (id) qsq_safe(ref, 0, sizeof ref, id, QSQ_IDCHARS, VERDICT_NAME);
  if (ref[0]) {
    len = cat(out, len, ", ref ");
    len = cat(out, len, ref);
  }
  len = cat(out, len, permanent ? (k == VERDICT_VIRUS || k == VERDICT_ATTACH ? " (#5.7.1)" : " (#5.3.4)")
                                : (k == VERDICT_DISK ? " (#4.3.1)" : k == VERDICT_HELD ? " (#4.7.1)" : " (#4.3.0)"));
  out[len] = 0;
  return len;
}

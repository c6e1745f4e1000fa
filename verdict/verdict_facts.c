#include "fmt.h"
#include "pair.h"
#include "qsq.h"
#include "qsq_safe.h"
#include "str.h"
#include "verdict.h"

static size_t cat(char *out, size_t len, const char *s)
{
  for (; *s && len < VERDICT_FACTS - 1; ++s) out[len++] = *s;
  return len;
}

static size_t catsafe(char *out, size_t len, const char *s, const char *allowed, size_t max)
{
  if (!s || !*s) return cat(out, len, "-");
  return qsq_safe(out, len, VERDICT_FACTS, s, allowed, max);
}

static size_t catnum(char *out, size_t len, unsigned long u)
{
  char num[FMT_ULONG];
  num[fmt_ulong(num, u)] = 0;
  return cat(out, len, num);
}

/* What qscanq-stdin knows of a message, for qscanq's summary line, in
   the form verdict.h gives at struct verdict_facts, each field cut to its
   alphabet (qsq_safe.h). out has room for VERDICT_FACTS and ends in NUL. */
size_t verdict_facts(char *out, const struct verdict_facts *f)
{
  const char *reason = verdict_reason(f->kind);
  size_t rlen = str_len(reason);
  size_t len = 0;
  out[len++] = (char) (f->kind == VERDICT_CLEAN ? PAIR_QUEUED : verdict_refused(f->kind) ? PAIR_REFUSED : PAIR_DEFERRED);
  if (f->kind == VERDICT_CLEAN) { /* pair_queue's "PID " */
    len = catnum(out, len, f->queue);
    out[len++] = ' ';
  }
  len = cat(out, len, "ip ");
  len = catsafe(out, len, f->ip, QSQ_IPCHARS, 64);
  len = cat(out, len, " bytes ");
  len = catnum(out, len, f->bytes);
  len = cat(out, len, " parts ");
  if (f->parts < 0) len = cat(out, len, "-");
  else len = catnum(out, len, (unsigned long) f->parts);
  len = cat(out, len, " scanner ");
  len = catsafe(out, len, f->scanner, QSQ_SERVERCHARS, 128);
  if (f->db) {
    len = cat(out, len, " db ");
    len = catsafe(out, len, f->db, QSQ_DBCHARS, 64);
  }
  if (f->failover && *f->failover) {
    len = cat(out, len, " failover ");
    len = qsq_safe(out, len, VERDICT_FACTS, f->failover, QSQ_SERVERCHARS ",", VERDICT_FAILOVER);
  }
  /* made of verdict_addr's words and its brackets and commas already:
     printable, only cut here */
  if (f->envelope) len = qsq_safe(out, len, VERDICT_FACTS, f->envelope, QSQ_PRINT, VERDICT_ENVTEXT);
  len = cat(out, len, ": ");
  len = cat(out, len, reason);
  if (rlen && reason[rlen - 1] == ':') {
    char safe[VERDICT_NAMEBUF];
    verdict_name(safe, f->name ? f->name : "", f->name ? str_len(f->name) : 0);
    len = cat(out, len, " ");
    len = cat(out, len, safe);
  }
  if (f->kind == VERDICT_CLEAN && f->name && f->rule) {
    char safe[VERDICT_NAMEBUF];
    verdict_name(safe, f->name, str_len(f->name));
    len = cat(out, len, ", accepted ");
    len = cat(out, len, safe);
  }
  if (f->rule) {
    len = cat(out, len, " (rule ");
    len = catsafe(out, len, f->rule, QSQ_RULECHARS, VERDICT_NAME);
    len = cat(out, len, ")");
  }
  out[len] = 0;
  return len;
}

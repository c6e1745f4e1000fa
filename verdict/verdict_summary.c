#include "fmt.h"
#include "str.h"
#include "verdict.h"

static size_t cat(char *out, size_t len, const char *s)
{
  for (; *s && len < VERDICT_LINE - 1; ++s) out[len++] = *s;
  return len;
}

static size_t catnum(char *out, size_t len, unsigned long u)
{
  char num[FMT_ULONG];
  num[fmt_ulong(num, u)] = 0;
  return cat(out, len, num);
}

/* The summary line (qscanq(8), LOG), ending in a newline:
     PREFIX summary: WORD CODE smtpd PID qp PID queue PID|- ms N FACTS
   FACTS come from qscanq-stdin, which runs as the caller: only their
   first line, printable ASCII, at most VERDICT_FACTS bytes, is used. out
   has room for VERDICT_LINE + 1 and ends in NUL. Returns the length. */
size_t verdict_summary(char *out, const struct verdict_summary *v)
{
  char facts[VERDICT_FACTS];
  size_t flen = 0;
  size_t len = 0;
  len = cat(out, len, v->prefix);
  len = cat(out, len, "summary: ");
  len = cat(out, len, verdict_word(v));
  len = cat(out, len, " ");
  if (v->code < 0) len = cat(out, len, "crash");
  else len = catnum(out, len, (unsigned long) v->code);
  len = cat(out, len, " smtpd ");
  len = catnum(out, len, v->smtpd);
  len = cat(out, len, " qp ");
  len = catnum(out, len, v->qp);
  len = cat(out, len, " queue ");
  if (v->queue) len = catnum(out, len, v->queue);
  else len = cat(out, len, "-");
  len = cat(out, len, " ms ");
  len = catnum(out, len, v->ms);
  len = cat(out, len, " ");
  if (v->facts && v->factslen > 1)
    flen = verdict_clean(facts, sizeof facts - 1, v->facts + 1, v->factslen - 1);
  if (flen) {
    facts[flen] = 0;
    len = cat(out, len, facts);
  }
  else {
    len = cat(out, len, "ip - bytes - parts - scanner -: ");
    len = cat(out, len, v->none ? v->none : "no report from qscanq-stdin");
  }
  if (v->dropped) len = cat(out, len, "; a bounce from qmail-send, dropped (see install-wrap(8))");
  if (v->abandoned) len = cat(out, len, "; the caller went away: it closed the envelope before its end (qmail-smtpd does so for a message over databytes or a client gone mid-DATA), nothing queued");
  out[len++] = '\n';
  out[len] = 0;
  return len;
}

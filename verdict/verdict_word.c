#include "pair.h"
#include "qsq.h"
#include "verdict.h"

/* The summary's verdict: what the caller was told. A refusal by the scan
   (facts R) shows as refused whether the caller saw 31 or 82. */
const char *verdict_word(const struct verdict_summary *v)
{
  int refused = pair_letter(v->facts, v->factslen) == PAIR_REFUSED;
  if (v->dropped) return "dropped";
  /* nothing to retry: the caller itself gave the message up */
  if (v->abandoned) return "abandoned";
  if (v->code == 0) return "queued";
  if (v->code == QSQ_EXIT_REPLY && refused) return "refused";
  return qsq_word(v->code);
}

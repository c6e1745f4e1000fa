#include "pair.h"
#include "qsq.h"
#include "scan.h"

/* s as an fd qscanq may have passed: a number above 2, not 6, at most
   max; else -1 */
static int fdarg(const char *s, unsigned long max)
{
  unsigned long u;
  size_t len = scan_ulong(s, &u);
  if (!len || s[len] || u <= 2 || u == QSQ_REPLYFD || u > max) return -1;
  return (int) u;
}

/* The one place the command line is read. A FACTS that is no fd is
   ignored (nobody to tell, as when run by hand); an ASK that is none is
   an error: qscanq-stdin must not connect as the caller what qscanq was
   to connect. */
int pair_args(struct pair_args *a, int argc, char *const *argv)
{
  a->id = argc > 1 ? argv[1] : "?";
  a->facts = argc > 2 ? fdarg(argv[2], PAIR_FACTSMAX) : -1;
  a->ask = -1;
  a->askarg = argc > 3 ? argv[3] : "";
  if (argc <= 3) return 0;
  if (argc != 4) return -1;
  a->ask = fdarg(argv[3], PAIR_ASKMAX);
  return a->ask == -1 ? -1 : 0;
}

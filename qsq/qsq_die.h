#ifndef QSQ_DIE_H
#define QSQ_DIE_H

/* The one way qscanq and qscanq-stdin give up on a message: one line on
   fd 2, "PREFIX VERDICT (CODE): a b c[: error]", then exit CODE. PREFIX
   is qsq_prefix's; VERDICT is "deferred" or "refused"; the code in the
   line is the one the caller sees. a, b, c and se may be 0 (strerr_die's
   rules). */
struct strerr;
extern void qsq_die(int code, const char *prefix, const char *verdict, const char *a,
                    const char *b, const char *c, const struct strerr *se)
  __attribute__((noreturn));

#endif

#ifndef QSQ_DIE_H
#define QSQ_DIE_H

/* The one way qscanq and qscanq-stdin give up on a message: one line on
   fd 2, "PREFIX WORD (CODE): a b c[: error]", then exit CODE. PREFIX is
   qsq_prefix's; WORD is qsq_word(code) (qsq.h). a, b, c and se may be 0
   (strerr_die's rules). */
struct strerr;
extern void qsq_die(int code, const char *prefix, const char *a,
                    const char *b, const char *c, const struct strerr *se)
  __attribute__((noreturn));
/* The same, but the line's word is qsq_word(decided) while the code in
   it, and the exit, is told: the caller sees told (notqmail's 82, the
   reason on fd 6) for a message decided as decided. */
extern void qsq_dietold(int decided, int told, const char *prefix, const char *a,
                        const char *b, const char *c, const struct strerr *se)
  __attribute__((noreturn));

#endif

#ifndef STRERR_H
#define STRERR_H

/* Diagnostics in qmail's style, unbuffered-looking: each message is one
   write to fd 2 (through subfderr), never to fd 1. */
struct strerr {
  const struct strerr *who;
  const char *x;
  const char *y;
  const char *z;
};

extern struct strerr strerr_sys;
extern void strerr_sysinit(void);

extern void strerr_warn(const char *a, const char *b, const char *c,
                        const char *d, const char *e, const char *f,
                        const struct strerr *se);
extern void strerr_die(int code, const char *a, const char *b, const char *c,
                       const char *d, const char *e, const char *f,
                       const struct strerr *se) __attribute__((noreturn));

#define strerr_warn1(a, se) strerr_warn((a), 0, 0, 0, 0, 0, (se))
#define strerr_warn2(a, b, se) strerr_warn((a), (b), 0, 0, 0, 0, (se))
#define strerr_warn3(a, b, c, se) strerr_warn((a), (b), (c), 0, 0, 0, (se))
#define strerr_warn4(a, b, c, d, se) strerr_warn((a), (b), (c), (d), 0, 0, (se))
#define strerr_die1sys(e, a) strerr_die((e), (a), 0, 0, 0, 0, 0, &strerr_sys)
#define strerr_die2sys(e, a, b) strerr_die((e), (a), (b), 0, 0, 0, 0, &strerr_sys)
#define strerr_die3sys(e, a, b, c) strerr_die((e), (a), (b), (c), 0, 0, 0, &strerr_sys)
#define strerr_die4sys(e, a, b, c, d) strerr_die((e), (a), (b), (c), (d), 0, 0, &strerr_sys)
#define strerr_die1x(e, a) strerr_die((e), (a), 0, 0, 0, 0, 0, 0)
#define strerr_die2x(e, a, b) strerr_die((e), (a), (b), 0, 0, 0, 0, 0)
#define strerr_die3x(e, a, b, c) strerr_die((e), (a), (b), (c), 0, 0, 0, 0)
#define strerr_die4x(e, a, b, c, d) strerr_die((e), (a), (b), (c), (d), 0, 0, 0)

#endif

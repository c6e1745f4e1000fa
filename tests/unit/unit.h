#ifndef UNIT_H
#define UNIT_H

#include <stddef.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <check.h>

/* One suite per library module (tests/unit/check_*.c). */
extern Suite *alloc_suite(void);
extern Suite *byte_suite(void);
extern Suite *policy_suite(void);
extern Suite *clamd_suite(void);
extern Suite *clamd_feed_suite(void);
extern Suite *env_suite(void);
extern Suite *error_suite(void);
extern Suite *fd_suite(void);
extern Suite *fmt_suite(void);
extern Suite *getln_suite(void);
extern Suite *mime_suite(void);
extern Suite *mime_dec_suite(void);
extern Suite *mime_embed_suite(void);
extern Suite *mime_field_suite(void);
extern Suite *mime_lines_suite(void);
extern Suite *mime_param_suite(void);
extern Suite *open_suite(void);
extern Suite *pair_suite(void);
extern Suite *proof_suite(void);
extern Suite *prot_suite(void);
extern Suite *scan_suite(void);
extern Suite *seek_suite(void);
extern Suite *sig_suite(void);
extern Suite *str_suite(void);
extern Suite *stralloc_suite(void);
extern Suite *strerr_suite(void);
extern Suite *subfd_suite(void);
extern Suite *substdio_suite(void);
extern Suite *sweep_suite(void);
extern Suite *tai_suite(void);
extern Suite *wait_suite(void);
extern Suite *verdict_suite(void);
extern Suite *qsq_suite(void);
extern Suite *safe_suite(void);
extern Suite *zip_suite(void);

/* alloc_fail.c: replaces the archive's alloc() at link time.
   alloc_fail_after: -1 never fails; N lets N more allocations succeed,
   then every later one fails with errno ENOMEM. */
extern int alloc_fail_after;
extern unsigned long alloc_calls;  /* calls to alloc(), failed ones too */
extern size_t alloc_last;          /* size asked for by the last call */
extern long alloc_live;            /* blocks allocated and not yet freed,
                                      counted from the last reset */
extern void alloc_fail_reset(void);

/* fakeio.c: scripted substdio ops. The fd passed to the op picks the
   fake stream, so fake_read and fake_write work with fds 0..FAKE_MAX-1. */
#define FAKE_MAX 4
#define FAKE_OUT 262144

struct fake {
  const char *in;     /* input: bytes served by fake_read */
  size_t inlen;
  size_t inpos;
  char out[FAKE_OUT]; /* output: bytes taken by fake_write */
  size_t outlen;
  size_t chunk;       /* most bytes moved per call; 0 means no limit */
  int eintr;          /* fail this many calls with EINTR first */
  int eintr_each;     /* if set, re-arm one EINTR after every success */
  long fail_after;    /* successful calls before failing; -1 never */
  int fail_errno;     /* errno of that failure */
  long zero_after;    /* write: successful calls before returning 0; -1 never */
  unsigned long calls;    /* every call, failed ones too */
  unsigned long intrs;    /* EINTRs returned */
  size_t lastreq;     /* len asked for by the last call */
  const char *lastbuf; /* buf passed by the last call */
  size_t maxreq;      /* largest len asked for */
  size_t maxmoved;    /* largest number of bytes moved by one call */
};

extern struct fake fake[FAKE_MAX];
extern void fake_reset(void);
extern void fake_input(int fd, const char *in, size_t len);
extern ssize_t fake_read(int fd, char *buf, size_t len);
extern ssize_t fake_write(int fd, char *buf, size_t len);

/* child.c: run code in a forked child, where Check's own assertions
   must not be used. CHILD_CHECK reports the first failed condition to
   the parent and exits 1. child_run returns the child's wait status and
   copies the child's report (empty if none) into child_report. */
extern char child_report[512];
extern int child_run(void (*fn)(void));
extern void child_fail(const char *file, int line, const char *what)
  __attribute__((noreturn));
#define CHILD_CHECK(c) \
  do { if (!(c)) child_fail(__FILE__, __LINE__, #c); } while (0)
/* Asserts (in the parent) that fn ran to the end in a child. */
#define ck_assert_child_ok(fn) \
  do { \
    int ck_child_w_ = child_run(fn); \
    ck_assert_msg(WIFEXITED(ck_child_w_) && WEXITSTATUS(ck_child_w_) == 0, \
                  "child %s: status %d: %s", #fn, ck_child_w_, child_report); \
  } while (0)

/* Reads fd to its end into buf (at most len bytes); returns the count. */
extern size_t read_all(int fd, char *buf, size_t len);
/* Sleeps for ms milliseconds, through signals. */
extern void sleep_ms(long ms);
/* An fd number (50 or above) that is not open. */
extern int unused_fd(void);

#endif

#ifndef SWEEP_H
#define SWEEP_H

/* cleanq's sweep of the spool, apart from its I/O and its log: the
   decision on each entry of the spool (a pure function), and the remover,
   which deletes a folder of any shape and depth in constant memory,
   without recursion, without following a symbolic link and without
   leaving its file system. */
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* ---- the decision on one entry of the spool */

/* What the sweep knows of a fact: not looked up yet, or the answer. */
enum sweep_known { SWEEP_UNKNOWN, SWEEP_NO, SWEEP_YES };
/* What lstat said of the entry. */
enum sweep_stat { SWEEP_STAT_UNKNOWN, SWEEP_STAT_OK, SWEEP_STAT_GONE, SWEEP_STAT_FAILED };

struct sweep_entry {
  const char *name;       /* as readdir gave it */
  enum sweep_stat stat;   /* lstat's outcome */
  mode_t mode;            /* lstat's st_mode, when stat is SWEEP_STAT_OK */
  uint64_t now;           /* the sweep's clock, TAI64 seconds */
  int timed;              /* a timed sweep: what was stuck is tried again */
  enum sweep_known stuck; /* it could not be deleted in the last sweep */
  enum sweep_known lock;  /* some process holds the lock on it (qscanq) */
};

struct sweep_rules {
  uint64_t grace;   /* a folder not marked in use is in use this long */
  uint64_t abandon; /* one marked in use is abandoned after this long */
};

enum sweep_act {
  SWEEP_IGNORE,     /* . or .., or gone meanwhile: nothing to do or say */
  SWEEP_ASKSTAT,    /* lstat it, then decide again */
  SWEEP_ASKSTUCK,   /* look it up in the last sweep's stuck list, again */
  SWEEP_ASKLOCK,    /* try its lock, again */
  SWEEP_STATFAIL,   /* lstat failed: a failure to log */
  SWEEP_INUSE,      /* a working folder in use: left alone */
  SWEEP_WAIT,       /* stuck last time: left for the next timed sweep */
  SWEEP_SUSPICIOUS, /* no working folder of qscanq's: deleted, logged */
  SWEEP_DONE,       /* a finished working folder: deleted */
  SWEEP_ABANDONED   /* marked in use, but too old: deleted */
};

/* What to do with e: the next fact to find out, or the decision. *age is
   the working folder's age in seconds from its name (0 for other names). */
extern enum sweep_act sweep_decide(const struct sweep_entry *e, const struct sweep_rules *r, uint64_t *age);
/* 1 if name is one of the NUL-terminated names in list[0..len). */
extern int sweep_listed(const char *list, size_t len, const char *name);
/* 1 for . and .. */
extern int sweep_isdot(const char *name);

/* ---- the remover */

/* Passes over one folder in one call: what is left after them waits. */
#define SWEEP_PASSES 8
/* Steps: one for each entry read, this many for each folder entered (it
   takes that many times the system calls). */
#define SWEEP_FOLDERSTEPS 4
/* Names a subfolder can be moved up to before the remover gives up on it. */
#define SWEEP_HOISTTRIES 100
/* The longest name it keeps for a failure (readdir's names fit). */
#define SWEEP_NAMEMAX 255

struct sweep {
  /* set by the caller */
  dev_t dev;                 /* the file system it never leaves */
  unsigned long budget;      /* steps allowed on one folder in one call */
  int (*stop)(void);         /* polled between entries: 1 stops at once */
  /* kept across calls */
  unsigned long hoisted;     /* counter for the names of moved-up folders */
  unsigned long progress;    /* entries removed or moved so far */
  /* the folder being deleted (sweep_fresh clears them) */
  unsigned long steps;       /* spent on it */
  int exhausted;             /* ... over budget */
  int stopped;               /* stop() said so */
  int errnum;                /* its first failure: errno, 0 for none */
  const char *errwhat;       /* ... what failed ("unable to open ") */
  char errname[SWEEP_NAMEMAX + 1]; /* ... and on which entry */
};

/* Deletes the folder dirfd/name and everything in it: 0 when it is gone,
   -1 when it is not (s says why: errnum, exhausted, stopped, or none of
   them: still not empty after SWEEP_PASSES passes). Folders moved up wait
   in it, as .cleanq.N, for the next call. */
extern int sweep_remove(struct sweep *s, int dirfd, const char *name);
/* Starts on a new entry: no failure, no step. */
extern void sweep_fresh(struct sweep *s);
/* Records the first failure on the entry; errno is the reason. */
extern void sweep_failed(struct sweep *s, const char *what, const char *name);

#endif

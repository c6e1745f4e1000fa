#ifndef QSQ_PATH_H
#define QSQ_PATH_H

/* The installed tree below conf-home (SPEC 4), by name. Folders and
   programs are relative, as hier.c names them; QSQ_PATH_* are what a
   program appends to auto_home. String literals, so that they join at
   compile time. */
#define QSQ_BIN "bin"
#define QSQ_DIR "qscanq"                           /* qscanq's own tree */
#define QSQ_SPOOL QSQ_DIR "/spool"                 /* the working folders */
#define QSQ_CLEANQ QSQ_DIR "/cleanq"               /* cleanq's service */
#define QSQ_SUPERVISE QSQ_CLEANQ "/supervise"
#define QSQ_CONTROL "control"                      /* in QSQ_SUPERVISE */
#define QSQ_CLEANQLOG QSQ_CLEANQ "/log"
#define QSQ_CLAMDSVC QSQ_DIR "/clamd-service"      /* clamd's service */
#define QSQ_CLAMDLOG QSQ_CLAMDSVC "/log"
#define QSQ_QSCANQ "qscanq"                        /* the programs, in QSQ_BIN */
#define QSQ_STDIN "qscanq-stdin"
#define QSQ_RUNCLEANQ "run-cleanq"
#define QSQ_CLEANQPROG "cleanq"
#define QSQ_QUEUE "qmail-queue"  /* qmail's, in QSQ_BIN; the real one in QSQ_DIR */

#define QSQ_PATH_SPOOL "/" QSQ_SPOOL
#define QSQ_PATH_CONTROL "/" QSQ_SUPERVISE "/" QSQ_CONTROL
#define QSQ_PATH_QSCANQ "/" QSQ_BIN "/" QSQ_QSCANQ
#define QSQ_PATH_STDIN "/" QSQ_BIN "/" QSQ_STDIN
#define QSQ_PATH_RUNCLEANQ "/" QSQ_BIN "/" QSQ_RUNCLEANQ
#define QSQ_PATH_BINQUEUE "/" QSQ_BIN "/" QSQ_QUEUE     /* what qmail runs */
#define QSQ_PATH_REALQUEUE "/" QSQ_DIR "/" QSQ_QUEUE    /* what qscanq-stdin runs */
/* QSQ_DIR/qmail-queue's link until install-wrap: relative to QSQ_DIR */
#define QSQ_QUEUELINK "../" QSQ_BIN "/" QSQ_QUEUE

/* hier()'s place: home, then subdir unless it is "", then name unless it
   is 0, joined by '/', NUL-terminated, into sa. 1, or 0 out of memory. */
struct stralloc;
extern int qsq_hierpath(struct stralloc *sa, const char *home, const char *subdir, const char *name);

#endif

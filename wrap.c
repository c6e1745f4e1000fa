#include <fcntl.h>
#include <stdio.h> /* rename() only: no stdio streams */
#include <sys/stat.h>
#include <unistd.h>
#include "auto_home.h"
#include "byte.h"
#include "error.h"
#include "qsq.h"
#include "qsq_path.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"
#include "wrap.h"

#define QTARGET QSQ_QUEUELINK
#define BTARGET QSQ_QSCANQ
#define TMP ".qscanq-tmp" /* beside the name it replaces: "." NAME TMP */

static stralloc b = STRALLOC_ZERO;    /* HOME/bin/qmail-queue */
static stralloc q = STRALLOC_ZERO;    /* HOME/qscanq/qmail-queue */
static stralloc s = STRALLOC_ZERO;    /* HOME/bin/qscanq */
static stralloc btmp = STRALLOC_ZERO; /* beside b */
static stralloc qtmp = STRALLOC_ZERO; /* beside q */
static stralloc bdir = STRALLOC_ZERO;
static stralloc qdir = STRALLOC_ZERO;
static stralloc target = STRALLOC_ZERO;

/* the real qmail-queue, as wrap_state found it */
static dev_t realdev;
static ino_t realino;

static void name(const char *fatal, stralloc *sa, const char *suffix)
{
  if (!stralloc_copys(sa, auto_home) || !stralloc_cats(sa, suffix) || !stralloc_0(sa))
    strerr_die2x(QSQ_EXIT_FAIL, fatal, "out of memory");
}

/* Is the symbolic link path a link to want? Leaves its target in target. */
static int linksto(const char *fatal, const char *path, const char *want)
{
  size_t len = 64;
  for (;;) {
    ssize_t r;
    if (!stralloc_ready(&target, len + 1)) strerr_die2x(QSQ_EXIT_FAIL, fatal, "out of memory");
    r = readlink(path, target.s, len);
    if (r == -1) strerr_die4sys(QSQ_EXIT_FAIL, fatal, "unable to read link ", path, ": ");
    if ((size_t) r < len) { target.len = (size_t) r; break; }
    len *= 2;
  }
  target.s[target.len] = 0;
  return str_equal(target.s, want);
}

static int same(const struct stat *x, const struct stat *y)
{
  return x->st_dev == y->st_dev && x->st_ino == y->st_ino;
}

int wrap_state(const char *fatal)
{
  struct stat sb;
  struct stat sq;
  struct stat ss;
  int haves;

  name(fatal, &b, QSQ_PATH_BINQUEUE);
  name(fatal, &q, QSQ_PATH_REALQUEUE);
  name(fatal, &s, QSQ_PATH_QSCANQ);
  name(fatal, &btmp, "/" QSQ_BIN "/." QSQ_QUEUE TMP);
  name(fatal, &qtmp, "/" QSQ_DIR "/." QSQ_QUEUE TMP);
  name(fatal, &bdir, "/" QSQ_BIN);
  name(fatal, &qdir, "/" QSQ_DIR);

  if (lstat(b.s, &sb) == -1) {
    if (errno == error_noent) strerr_die3x(QSQ_EXIT_FAIL, fatal, b.s, " does not exist: install qmail first");
    strerr_die4sys(QSQ_EXIT_FAIL, fatal, "unable to stat ", b.s, ": ");
  }
  if (lstat(q.s, &sq) == -1) {
    if (errno == error_noent) strerr_die3x(QSQ_EXIT_FAIL, fatal, q.s, " does not exist: run make setup first");
    strerr_die4sys(QSQ_EXIT_FAIL, fatal, "unable to stat ", q.s, ": ");
  }
  haves = lstat(s.s, &ss) == 0;
  if (!haves && errno != error_noent) strerr_die4sys(QSQ_EXIT_FAIL, fatal, "unable to stat ", s.s, ": ");

  if (S_ISLNK(sb.st_mode)) {
    if (!linksto(fatal, b.s, BTARGET))
      strerr_die(QSQ_EXIT_FAIL, fatal, b.s, " is a symbolic link to ", target.s, ", not to " BTARGET ": refusing to touch it", 0, 0);
    if (S_ISLNK(sq.st_mode))
      strerr_die(QSQ_EXIT_FAIL, fatal, b.s, " runs qscanq, but ", q.s,
                 " is a symbolic link, not the real qmail-queue: qscanq would run itself;"
                 " put the real qmail-queue back first", 0, 0);
    if (!S_ISREG(sq.st_mode)) strerr_die3x(QSQ_EXIT_FAIL, fatal, q.s, " is neither a file nor a symbolic link");
    if (haves && same(&sq, &ss)) strerr_die3x(QSQ_EXIT_FAIL, fatal, q.s, " is qscanq itself, not the real qmail-queue");
    realdev = sq.st_dev;
    realino = sq.st_ino;
    return WRAP_ON;
  }
  if (!S_ISREG(sb.st_mode)) strerr_die3x(QSQ_EXIT_FAIL, fatal, b.s, " is neither a file nor a symbolic link");
  if (haves && same(&sb, &ss)) strerr_die3x(QSQ_EXIT_FAIL, fatal, b.s, " is qscanq itself, not the real qmail-queue");
  realdev = sb.st_dev;
  realino = sb.st_ino;
  if (S_ISLNK(sq.st_mode)) {
    if (!linksto(fatal, q.s, QTARGET))
      strerr_die(QSQ_EXIT_FAIL, fatal, q.s, " is a symbolic link to ", target.s, ", not to " QTARGET ": refusing to touch it", 0, 0);
    return WRAP_OFF;
  }
  if (!S_ISREG(sq.st_mode)) strerr_die3x(QSQ_EXIT_FAIL, fatal, q.s, " is neither a file nor a symbolic link");
  if (same(&sb, &sq)) return WRAP_HALF;
  strerr_die(QSQ_EXIT_FAIL, fatal, b.s, " and ", q.s,
             " are different files (was qmail installed again over a wrap?): find out which one is"
             " the real qmail-queue, put it at the first name, remove the second, and run make setup",
             0, 0);
}

static void syncdir(const char *fatal, const char *dir)
{
  int fd = open(dir, O_RDONLY | O_DIRECTORY);
  if (fd == -1) strerr_die4sys(QSQ_EXIT_FAIL, fatal, "unable to open ", dir, ": ");
  if (fsync(fd) == -1) strerr_die4sys(QSQ_EXIT_FAIL, fatal, "unable to sync ", dir, ": ");
  close(fd);
}

/* tmp is in place: rename it over dst. */
static void finish(const char *fatal, const char *tmp, const char *dst, const char *dir)
{
  if (rename(tmp, dst) == -1) {
    strerr_warn4(fatal, "unable to rename ", tmp, ": ", &strerr_sys);
    (void) unlink(tmp);
    _exit(QSQ_EXIT_FAIL);
  }
  syncdir(fatal, dir);
}

static void clear(const char *fatal, const char *tmp)
{
  if (unlink(tmp) == -1 && errno != error_noent) strerr_die4sys(QSQ_EXIT_FAIL, fatal, "unable to remove ", tmp, ": ");
}

void wrap_real(const char *fatal, int to_q)
{
  const char *from = to_q ? b.s : q.s;
  const char *tmp = to_q ? qtmp.s : btmp.s;
  struct stat st;
  clear(fatal, tmp);
  if (link(from, tmp) == -1) strerr_die(QSQ_EXIT_FAIL, fatal, "unable to link ", from, " to ", tmp, ": ", &strerr_sys);
  /* the name may have changed hands since wrap_state looked */
  if (lstat(tmp, &st) == -1 || st.st_dev != realdev || st.st_ino != realino) {
    (void) unlink(tmp);
    strerr_die3x(QSQ_EXIT_FAIL, fatal, from, " changed while we worked: try again");
  }
  finish(fatal, tmp, to_q ? q.s : b.s, to_q ? qdir.s : bdir.s);
}

void wrap_symlink(const char *fatal, int to_q)
{
  const char *tmp = to_q ? qtmp.s : btmp.s;
  const char *to = to_q ? QTARGET : BTARGET;
  clear(fatal, tmp);
  if (symlink(to, tmp) == -1) strerr_die4sys(QSQ_EXIT_FAIL, fatal, "unable to make the symbolic link ", tmp, ": ");
  finish(fatal, tmp, to_q ? q.s : b.s, to_q ? qdir.s : bdir.s);
}

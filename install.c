#include <grp.h>
#include <stdio.h> /* rename() only: no stdio streams */
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "error.h"
#include "hier.h"
#include "open.h"
#include "qsq.h"
#include "qsq_path.h"
#include "strerr.h"
#include "stralloc.h"
#include "substdio.h"

/* install: makes the tree that hier() describes (make setup).
   Idempotent; never replaces qscanq/qmail-queue once it exists, so that it
   never undoes install-wrap; never changes a folder that belongs to qmail. */

#define FATAL "install: fatal: "

static stralloc path = STRALLOC_ZERO;
static stralloc tmp = STRALLOC_ZERO;

static void nomem(void)
{
  strerr_die2x(QSQ_EXIT_FAIL, FATAL, "out of memory");
}

static void makepath(const char *home, const char *subdir, const char *name)
{
  if (!qsq_hierpath(&path, home, subdir, name)) nomem();
}

static void owner(const char *user, const char *group, uid_t *uid, gid_t *gid)
{
  struct passwd *pw = getpwnam(user);
  if (!pw) strerr_die4x(QSQ_EXIT_FAIL, FATAL, "no such user: ", user, " (create it first: see INSTALL)");
  *uid = pw->pw_uid;
  *gid = pw->pw_gid;
  if (group) {
    struct group *gr = getgrnam(group);
    if (!gr) strerr_die4x(QSQ_EXIT_FAIL, FATAL, "no such group: ", group, " (create it first: see INSTALL)");
    *gid = gr->gr_gid;
  }
}

static void own(const char *user, const char *group, int mode)
{
  uid_t uid;
  gid_t gid;
  owner(user, group, &uid, &gid);
  /* chown first: it clears set-id bits that chmod then sets. */
  if (lchown(path.s, uid, gid) == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to chown ", path.s, ": ");
  if (chmod(path.s, (mode_t) mode) == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to chmod ", path.s, ": ");
}

void q(const char *home, const char *subdir)
{
  struct stat st;
  makepath(home, subdir, 0);
  if (stat(path.s, &st) == 0) {
    if (!S_ISDIR(st.st_mode)) strerr_die3x(QSQ_EXIT_FAIL, FATAL, path.s, " is not a folder");
    return;
  }
  if (errno != error_noent) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to stat ", path.s, ": ");
  if (mkdir(path.s, 0755) == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to mkdir ", path.s, ": ");
  if (chmod(path.s, 0755) == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to chmod ", path.s, ": "); /* past umask */
}

void d(const char *home, const char *subdir, const char *user, const char *group, int mode)
{
  struct stat st;
  makepath(home, subdir, 0);
  if (mkdir(path.s, 0700) == -1 && errno != error_exist)
    strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to mkdir ", path.s, ": ");
  if (lstat(path.s, &st) == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to stat ", path.s, ": ");
  if (!S_ISDIR(st.st_mode)) strerr_die3x(QSQ_EXIT_FAIL, FATAL, path.s, " exists and is not a folder");
  own(user, group, mode);
}

void p(const char *home, const char *subdir, const char *name, const char *user, const char *group, int mode)
{
  struct stat st;
  makepath(home, subdir, name);
  if (mkfifo(path.s, 0600) == -1 && errno != error_exist)
    strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to mkfifo ", path.s, ": ");
  if (lstat(path.s, &st) == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to stat ", path.s, ": ");
  if (!S_ISFIFO(st.st_mode)) strerr_die3x(QSQ_EXIT_FAIL, FATAL, path.s, " exists and is not a named pipe");
  own(user, group, mode);
}

void w(const char *home, const char *subdir, const char *name, const char *target)
{
  struct stat st;
  makepath(home, subdir, name);
  if (lstat(path.s, &st) == 0) return; /* a link, or install-wrap's hard link: keep it */
  if (errno != error_noent) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to stat ", path.s, ": ");
  if (symlink(target, path.s) == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to symlink ", path.s, ": ");
}

void c(const char *home, const char *subdir, const char *name, const char *source,
       const char *user, const char *group, int mode)
{
  char inbuf[SUBSTDIO_INSIZE];
  char outbuf[SUBSTDIO_OUTSIZE];
  substdio ssin;
  substdio ssout;
  uid_t uid;
  gid_t gid;
  int fdin;
  int fdout;

  owner(user, group, &uid, &gid);
  makepath(home, subdir, name);
  /* Write beside the target, then rename: a running program keeps its old
     binary and a caller never sees a half-written one. */
  if (!stralloc_copys(&tmp, home) || !stralloc_cats(&tmp, "/") ||
      !stralloc_cats(&tmp, subdir) || !stralloc_cats(&tmp, "/.") ||
      !stralloc_cats(&tmp, name) || !stralloc_cats(&tmp, ".new") || !stralloc_0(&tmp))
    nomem();

  fdin = open_read(source);
  if (fdin == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to read ", source, ": ");
  if (unlink(tmp.s) == -1 && errno != error_noent) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to remove ", tmp.s, ": ");
  fdout = open_excl(tmp.s);
  if (fdout == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to create ", tmp.s, ": ");
  substdio_fdbuf(&ssin, substdio_read, fdin, inbuf, sizeof inbuf);
  substdio_fdbuf(&ssout, substdio_write, fdout, outbuf, sizeof outbuf);
  switch (substdio_copy(&ssout, &ssin)) {
    case -2: strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to read ", source, ": ");
    case -3: strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to write ", tmp.s, ": ");
  }
  close(fdin);
  if (substdio_flush(&ssout) == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to write ", tmp.s, ": ");
  if (fsync(fdout) == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to write ", tmp.s, ": ");
  if (fchown(fdout, uid, gid) == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to chown ", tmp.s, ": ");
  if (fchmod(fdout, (mode_t) mode) == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to chmod ", tmp.s, ": ");
  if (close(fdout) == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to write ", tmp.s, ": ");
  if (rename(tmp.s, path.s) == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to rename ", tmp.s, ": ");
}

int main(void)
{
  umask(077);
  /* Without qmail-send's uid, install-wrap's bounce policy cannot work,
     and a refused bounce would stay in qmail's queue for ever. */
  if (auto_sendknown == 2)
    strerr_die2x(QSQ_EXIT_FAIL, FATAL, "conf-users line 3 names a user that did not exist when qscanq was built: "
                 "create qmail's users first (see INSTALL), then make clean && make");
  hier();
  return 0;
}

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#include "error.h"
#include "hier.h"
#include "qsq.h"
#include "qsq_path.h"
#include "str.h"
#include "strerr.h"
#include "stralloc.h"

/* instcheck: compares the installed tree with hier() (make check).
   Reports every difference on stderr and exits 111 if there was any. */

#define WARNING "instcheck: warning: "
#define FATAL "instcheck: fatal: "

static stralloc path = STRALLOC_ZERO;
static int problems = 0;

static void nomem(void)
{
  strerr_die2x(QSQ_EXIT_FAIL, FATAL, "out of memory");
}

static void makepath(const char *home, const char *subdir, const char *name)
{
  if (!qsq_hierpath(&path, home, subdir, name)) nomem();
}

static void problem(const char *what)
{
  strerr_warn3(WARNING, path.s, what, 0);
  ++problems;
}

static void check(const struct stat *st, const char *user, const char *group, int mode)
{
  struct passwd *pw = getpwnam(user);
  gid_t gid;
  char buf[8];
  char want[8];
  if (!pw) strerr_die3x(QSQ_EXIT_FAIL, FATAL, "no such user: ", user);
  gid = pw->pw_gid;
  if (group) {
    struct group *gr = getgrnam(group);
    if (!gr) strerr_die3x(QSQ_EXIT_FAIL, FATAL, "no such group: ", group);
    gid = gr->gr_gid;
  }
  if (st->st_uid != pw->pw_uid) problem(" has the wrong owner");
  if (st->st_gid != gid) problem(" has the wrong group");
  if ((int) (st->st_mode & 07777) != mode) {
    /* modes in octal, as ls and chmod show them */
    {
      size_t i = 0;
      unsigned long m = st->st_mode & 07777;
      unsigned long wm = (unsigned long) mode;
      int k;
      for (k = 9; k >= 0; k -= 3) buf[i++] = (char) ('0' + ((m >> k) & 7));
      buf[i] = 0;
      i = 0;
      for (k = 9; k >= 0; k -= 3) want[i++] = (char) ('0' + ((wm >> k) & 7));
      want[i] = 0;
    }
    strerr_warn(WARNING, path.s, " has mode ", buf, " instead of ", want, 0);
    ++problems;
  }
}

static int get(struct stat *st)
{
  if (lstat(path.s, st) == 0) return 1;
  if (errno == error_noent) problem(" is missing");
  else { strerr_warn3(WARNING, "unable to stat ", path.s, &strerr_sys); ++problems; }
  return 0;
}

void q(const char *home, const char *subdir)
{
  struct stat st;
  makepath(home, subdir, 0);
  if (stat(path.s, &st) == -1) { problem(" is missing"); return; }
  if (!S_ISDIR(st.st_mode)) problem(" is not a folder");
}

void d(const char *home, const char *subdir, const char *user, const char *group, int mode)
{
  struct stat st;
  makepath(home, subdir, 0);
  if (!get(&st)) return;
  if (!S_ISDIR(st.st_mode)) { problem(" is not a folder"); return; }
  check(&st, user, group, mode);
}

void c(const char *home, const char *subdir, const char *name, const char *source,
       const char *user, const char *group, int mode)
{
  struct stat st;
  (void) source;
  makepath(home, subdir, name);
  if (!get(&st)) return;
  if (!S_ISREG(st.st_mode)) { problem(" is not a plain file"); return; }
  check(&st, user, group, mode);
}

void p(const char *home, const char *subdir, const char *name, const char *user, const char *group, int mode)
{
  struct stat st;
  makepath(home, subdir, name);
  if (!get(&st)) return;
  if (!S_ISFIFO(st.st_mode)) { problem(" is not a named pipe"); return; }
  check(&st, user, group, mode);
}

void w(const char *home, const char *subdir, const char *name, const char *target)
{
  struct stat st;
  char link[256];
  ssize_t r;
  makepath(home, subdir, name);
  if (!get(&st)) return;
  if (S_ISREG(st.st_mode)) return; /* wrapped: the real qmail-queue, hard-linked */
  if (!S_ISLNK(st.st_mode)) { problem(" is neither a link nor the real qmail-queue"); return; }
  r = readlink(path.s, link, sizeof link - 1);
  if (r == -1) { strerr_warn3(WARNING, "unable to read link ", path.s, &strerr_sys); ++problems; return; }
  link[r] = 0;
  if (!str_equal(link, target)) problem(" points somewhere unexpected");
}

int main(void)
{
  hier();
  if (problems) strerr_die2x(QSQ_EXIT_FAIL, FATAL, "the installation has problems (see above)");
  return 0;
}

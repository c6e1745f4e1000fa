#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sweep.h"
#include "unit.h"

/* sweep/: the decision on each spool entry over every case, and the
   remover on real trees in a temporary folder. */

/* ---- the decision */

#define NOW 0x400000006000000aULL
#define DIR_DONE (S_IFDIR | 0700)
#define DIR_USED (S_IFDIR | S_ISVTX | 0700)

static const struct sweep_rules rules = { .grace = 10, .abandon = 90 };

/* A working folder's name whose label is NOW - age (age < 0: ahead). */
static const char *idname(long long age)
{
  static char name[80];
  snprintf(name, sizeof name, "@%016llx%08x.%x.%d", (unsigned long long) (NOW - (unsigned long long) age), 123456789u, 0x1f2e, 7);
  return name;
}

struct row {
  const char *what;
  const char *name;      /* 0: idname(age) */
  long long age;
  enum sweep_stat stat;
  mode_t mode;
  int timed;
  enum sweep_known stuck;
  enum sweep_known lock;
  enum sweep_act want;
  unsigned long long wantage;
};

#define U SWEEP_UNKNOWN
#define N SWEEP_NO
#define Y SWEEP_YES
#define OK SWEEP_STAT_OK

static const struct row table[] = {
  { "dot", ".", 0, OK, DIR_DONE, 1, U, U, SWEEP_IGNORE, 0 },
  { "dot-dot", "..", 0, OK, DIR_DONE, 0, U, U, SWEEP_IGNORE, 0 },
  { "dot before stat", ".", 0, SWEEP_STAT_UNKNOWN, 0, 1, U, U, SWEEP_IGNORE, 0 },
  { "not statted yet", 0, 100, SWEEP_STAT_UNKNOWN, 0, 1, U, U, SWEEP_ASKSTAT, 0 },
  { "gone meanwhile", 0, 100, SWEEP_STAT_GONE, 0, 1, U, U, SWEEP_IGNORE, 0 },
  { "stat failed", 0, 100, SWEEP_STAT_FAILED, 0, 1, U, U, SWEEP_STATFAIL, 0 },
  { "stat failed, stuck before", "x", 0, SWEEP_STAT_FAILED, 0, 0, Y, U, SWEEP_STATFAIL, 0 },
  /* no working folder: suspicious */
  { "file named like an ID", 0, 100, OK, S_IFREG | 0600, 1, U, U, SWEEP_SUSPICIOUS, 0 },
  { "link named like an ID", 0, 100, OK, S_IFLNK | 0777, 1, U, U, SWEEP_SUSPICIOUS, 0 },
  { "fifo", "fifo", 0, OK, S_IFIFO | 0600, 1, U, U, SWEEP_SUSPICIOUS, 0 },
  { "socket", "sock", 0, OK, S_IFSOCK | 0600, 1, U, U, SWEEP_SUSPICIOUS, 0 },
  { "device", "dev", 0, OK, S_IFCHR | 0600, 1, U, U, SWEEP_SUSPICIOUS, 0 },
  { "folder, bad hex", "@nothex", 0, OK, DIR_DONE, 1, U, U, SWEEP_SUSPICIOUS, 0 },
  { "folder, short", "@0123", 0, OK, DIR_DONE, 1, U, U, SWEEP_SUSPICIOUS, 0 },
  { "folder, hidden", ".hidden", 0, OK, DIR_DONE, 1, U, U, SWEEP_SUSPICIOUS, 0 },
  { "folder, junk after the ID", "@400000006000000a075bcd15.1f2e.7x", 0, OK, DIR_DONE, 1, U, U, SWEEP_SUSPICIOUS, 0 },
  { "folder, upper-case hex", "@400000006000000A075BCD15.1f2e.7", 0, OK, DIR_DONE, 1, U, U, SWEEP_SUSPICIOUS, 0 },
  { "folder, no counter", "@400000006000000a075bcd15.1f2e.", 0, OK, DIR_DONE, 1, U, U, SWEEP_SUSPICIOUS, 0 },
  { "folder, marked, bad name", "junk", 0, OK, DIR_USED, 1, U, U, SWEEP_SUSPICIOUS, 0 },
  { "suspicious, wake-up, stuck not known", "junk", 0, OK, DIR_DONE, 0, U, U, SWEEP_ASKSTUCK, 0 },
  { "suspicious, wake-up, stuck before", "junk", 0, OK, DIR_DONE, 0, Y, U, SWEEP_WAIT, 0 },
  { "suspicious, wake-up, not stuck", "junk", 0, OK, S_IFREG | 0600, 0, N, U, SWEEP_SUSPICIOUS, 0 },
  { "suspicious, timed, stuck before", "junk", 0, OK, DIR_DONE, 1, Y, U, SWEEP_SUSPICIOUS, 0 },
  /* done folders: the grace */
  { "done, 100 s", 0, 100, OK, DIR_DONE, 1, U, U, SWEEP_DONE, 100 },
  { "done, 5 s", 0, 5, OK, DIR_DONE, 1, U, U, SWEEP_INUSE, 5 },
  { "done, 9 s", 0, 9, OK, DIR_DONE, 1, U, U, SWEEP_INUSE, 9 },
  { "done, 10 s (the grace is over)", 0, 10, OK, DIR_DONE, 1, U, U, SWEEP_DONE, 10 },
  { "done, 0 s", 0, 0, OK, DIR_DONE, 1, U, U, SWEEP_INUSE, 0 },
  { "done, 5 s ahead", 0, -5, OK, DIR_DONE, 1, U, U, SWEEP_INUSE, 5 },
  { "done, 200 s ahead (clock set back)", 0, -200, OK, DIR_DONE, 1, U, U, SWEEP_DONE, 200 },
  { "done, young, wake-up, stuck", 0, 5, OK, DIR_DONE, 0, Y, U, SWEEP_INUSE, 5 },
  { "done, wake-up, stuck not known", 0, 100, OK, DIR_DONE, 0, U, U, SWEEP_ASKSTUCK, 100 },
  { "done, wake-up, stuck before", 0, 100, OK, DIR_DONE, 0, Y, U, SWEEP_WAIT, 100 },
  { "done, wake-up, not stuck", 0, 100, OK, DIR_DONE, 0, N, U, SWEEP_DONE, 100 },
  { "done, timed, stuck before", 0, 100, OK, DIR_DONE, 1, Y, U, SWEEP_DONE, 100 },
  { "done, lock held (not looked at)", 0, 100, OK, DIR_DONE, 1, U, Y, SWEEP_DONE, 100 },
  /* folders marked in use: 3 x conf-timeout, then the lock */
  { "marked, 5 s", 0, 5, OK, DIR_USED, 1, U, U, SWEEP_INUSE, 5 },
  { "marked, 80 s", 0, 80, OK, DIR_USED, 1, U, U, SWEEP_INUSE, 80 },
  { "marked, 90 s (not over)", 0, 90, OK, DIR_USED, 1, U, U, SWEEP_INUSE, 90 },
  { "marked, 91 s, lock not known", 0, 91, OK, DIR_USED, 1, U, U, SWEEP_ASKLOCK, 91 },
  { "marked, 100 s, locked", 0, 100, OK, DIR_USED, 1, U, Y, SWEEP_INUSE, 100 },
  { "marked, 100 s, not locked", 0, 100, OK, DIR_USED, 1, U, N, SWEEP_ABANDONED, 100 },
  { "marked, days old, not locked", 0, 999999, OK, DIR_USED, 1, U, N, SWEEP_ABANDONED, 999999 },
  { "marked, 40 s ahead", 0, -40, OK, DIR_USED, 1, U, U, SWEEP_INUSE, 40 },
  { "marked, 100 s ahead, not locked", 0, -100, OK, DIR_USED, 1, U, N, SWEEP_ABANDONED, 100 },
  { "marked, young, wake-up, stuck", 0, 5, OK, DIR_USED, 0, Y, U, SWEEP_INUSE, 5 },
  { "marked, old, wake-up: the lock first", 0, 100, OK, DIR_USED, 0, U, U, SWEEP_ASKLOCK, 100 },
  { "marked, old, locked, wake-up, stuck", 0, 100, OK, DIR_USED, 0, Y, Y, SWEEP_INUSE, 100 },
  { "marked, old, not locked, wake-up, stuck not known", 0, 100, OK, DIR_USED, 0, U, N, SWEEP_ASKSTUCK, 100 },
  { "marked, old, not locked, wake-up, stuck", 0, 100, OK, DIR_USED, 0, Y, N, SWEEP_WAIT, 100 },
  { "marked, old, not locked, wake-up, not stuck", 0, 100, OK, DIR_USED, 0, N, N, SWEEP_ABANDONED, 100 },
  { "marked, other mode bits", 0, 100, OK, S_IFDIR | S_ISVTX | 0777, 1, U, N, SWEEP_ABANDONED, 100 }
};

START_TEST(test_sweep_decide_table)
{
  const struct row *r = &table[_i];
  struct sweep_entry e = { .now = NOW };
  uint64_t age = 12345;
  enum sweep_act got;
  e.name = r->name ? r->name : idname(r->age);
  e.stat = r->stat;
  e.mode = r->mode;
  e.timed = r->timed;
  e.stuck = r->stuck;
  e.lock = r->lock;
  got = sweep_decide(&e, &rules, &age);
  ck_assert_msg(got == r->want, "%s: got %d, want %d", r->what, (int) got, (int) r->want);
  ck_assert_msg(age == r->wantage, "%s: age %llu, want %llu", r->what, (unsigned long long) age, r->wantage);
}
END_TEST

/* Asked every fact it asks for, the decision ends within four calls, never
   asks the same fact twice, and asks for the lock only of an old folder
   marked in use (trying a lock is I/O on a folder qscanq may be using). */
START_TEST(test_sweep_decide_asks)
{
  static const mode_t modes[] = { DIR_DONE, DIR_USED, S_IFREG | 0600, S_IFLNK | 0777 };
  static const long long ages[] = { 0, 9, 10, 90, 91, 100000, -50 };
  size_t m, a;
  int timed, stuck, lock;
  for (m = 0; m < sizeof modes / sizeof modes[0]; ++m)
    for (a = 0; a < sizeof ages / sizeof ages[0]; ++a)
      for (timed = 0; timed < 2; ++timed)
        for (stuck = 0; stuck < 2; ++stuck)
          for (lock = 0; lock < 2; ++lock) {
            struct sweep_entry e = { .name = idname(ages[a]), .now = NOW, .timed = timed };
            int asked[4] = { 0, 0, 0, 0 };
            enum sweep_act act;
            uint64_t age;
            int calls = 0;
            for (;;) {
              ck_assert_int_lt(++calls, 5);
              act = sweep_decide(&e, &rules, &age);
              if (act == SWEEP_ASKSTAT) { ck_assert(!asked[1]++); e.stat = SWEEP_STAT_OK; e.mode = modes[m]; }
              else if (act == SWEEP_ASKSTUCK) { ck_assert(!asked[2]++); e.stuck = stuck ? SWEEP_YES : SWEEP_NO; }
              else if (act == SWEEP_ASKLOCK) { ck_assert(!asked[3]++); e.lock = lock ? SWEEP_YES : SWEEP_NO; }
              else break;
            }
            if (asked[3]) ck_assert(modes[m] == DIR_USED && age > rules.abandon);
            if (asked[2]) ck_assert(!timed);
            if (act == SWEEP_WAIT) ck_assert(stuck && !timed);
            if (act == SWEEP_ABANDONED) ck_assert(modes[m] == DIR_USED && !lock);
            if (act == SWEEP_DONE) ck_assert(modes[m] == DIR_DONE && age >= rules.grace);
            if (act == SWEEP_SUSPICIOUS) ck_assert(!S_ISDIR(modes[m]));
          }
}
END_TEST

START_TEST(test_sweep_listed)
{
  static const char list[] = "a\0@x.1.2\0\0bc";
  ck_assert(sweep_listed(list, sizeof list - 1, "a"));
  ck_assert(sweep_listed(list, sizeof list - 1, "@x.1.2"));
  ck_assert(sweep_listed(list, sizeof list, "bc"));
  ck_assert(!sweep_listed(list, sizeof list, "b"));
  ck_assert(!sweep_listed(list, sizeof list, "@x.1"));
  ck_assert(!sweep_listed(list, 2, "@x.1.2"));
  ck_assert(!sweep_listed(0, 0, "a"));
  ck_assert(sweep_isdot(".") && sweep_isdot(".."));
  ck_assert(!sweep_isdot("...") && !sweep_isdot(".a") && !sweep_isdot("") && !sweep_isdot("a."));
}
END_TEST

START_TEST(test_sweep_failed)
{
  static struct sweep s;
  char big[400];
  memset(big, 'n', sizeof big - 1);
  big[sizeof big - 1] = 0;
  errno = EACCES;
  sweep_failed(&s, "unable to open ", big);
  ck_assert_int_eq(s.errnum, EACCES);
  ck_assert_str_eq(s.errwhat, "unable to open ");
  ck_assert_uint_eq(strlen(s.errname), SWEEP_NAMEMAX);
  errno = ENOENT;
  sweep_failed(&s, "unable to remove ", "other");
  ck_assert_int_eq(s.errnum, EACCES); /* the first failure is kept */
  ck_assert_str_eq(s.errwhat, "unable to open ");
  sweep_fresh(&s);
  ck_assert_int_eq(s.errnum, 0);
  errno = 0;
  sweep_failed(&s, "unable to read ", "x");
  ck_assert_int_eq(s.errnum, EIO); /* a failure without errno still counts */
  ck_assert_str_eq(s.errname, "x");
}
END_TEST

/* ---- the remover, on real trees */

static char tmp[64];
static int tmpfd = -1;

static void setup(void)
{
  strcpy(tmp, "/tmp/qsq-sweep.XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(tmp));
  ck_assert_int_eq(chmod(tmp, 0755), 0);
  tmpfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ck_assert_int_ge(tmpfd, 0);
  umask(022);
}

static void teardown(void)
{
  char cmd[256];
  int r;
  close(tmpfd);
  snprintf(cmd, sizeof cmd, "chmod -R u+rwx %s 2>/dev/null; rm -rf %s", tmp, tmp);
  r = system(cmd);
  (void) r;
}

/* A remover for the temporary folder's file system. */
static void init(struct sweep *s, unsigned long budget)
{
  struct stat st;
  memset(s, 0, sizeof *s);
  ck_assert_int_eq(fstat(tmpfd, &st), 0);
  s->dev = st.st_dev;
  s->budget = budget;
}

static int mkfile(int dir, const char *name, const char *text)
{
  int fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  size_t len = strlen(text);
  if (fd == -1) return -1;
  if (write(fd, text, len) != (ssize_t) len) { close(fd); return -1; }
  return close(fd);
}

/* mkdir dir/name, and a descriptor of it */
static int mkdirfd(int dir, const char *name, mode_t mode)
{
  if (mkdirat(dir, name, mode) == -1) return -1;
  return openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

static int exists(int dir, const char *name)
{
  struct stat st;
  return fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

static int openfds(void)
{
  DIR *d = opendir("/proc/self/fd");
  int n = 0;
  if (!d) return -1;
  while (readdir(d)) ++n;
  closedir(d);
  return n;
}

/* depth nested folders under dir/name, each with a file in it */
static void nest(int dir, const char *name, int depth)
{
  int fd = mkdirfd(dir, name, 0755);
  int i;
  ck_assert_int_ge(fd, 0);
  for (i = 0; i < depth; ++i) {
    int sub = mkdirfd(fd, "d", 0755);
    ck_assert_int_ge(sub, 0);
    ck_assert_int_eq(mkfile(sub, "f", "x"), 0);
    close(fd);
    fd = sub;
  }
  close(fd);
}

START_TEST(test_sweep_remove_flat)
{
  static struct sweep s;
  int fd;
  int i;
  init(&s, 100000);
  fd = mkdirfd(tmpfd, "w", 0700);
  ck_assert_int_ge(fd, 0);
  for (i = 0; i < 500; ++i) {
    char name[16];
    snprintf(name, sizeof name, "%d", i);
    ck_assert_int_eq(mkfile(fd, name, "x"), 0);
  }
  ck_assert_int_eq(mkfifoat(fd, "fifo", 0600), 0);
  ck_assert_int_eq(mkdirat(fd, "empty", 0755), 0);
  close(fd);
  ck_assert_int_eq(sweep_remove(&s, tmpfd, "w"), 0);
  ck_assert(!exists(tmpfd, "w"));
  ck_assert_uint_eq(s.progress, 502); /* each entry once; w itself is the caller's */
  ck_assert_int_eq(s.errnum, 0);
  ck_assert(!s.exhausted && !s.stopped);
  ck_assert_int_eq(sweep_remove(&s, tmpfd, "w"), 0); /* gone already: fine */
  ck_assert_int_eq(sweep_remove(&s, tmpfd, "never-was"), 0);
}
END_TEST

/* Far deeper than one level (beyond that, folders are moved up): 3,000
   levels, in constant descriptors, nothing recursing. */
START_TEST(test_sweep_remove_deep)
{
  static struct sweep s;
  int before;
  init(&s, 1000000);
  nest(tmpfd, "w", 3000);
  before = openfds();
  ck_assert_int_eq(sweep_remove(&s, tmpfd, "w"), 0);
  ck_assert(!exists(tmpfd, "w"));
  ck_assert_int_eq(openfds(), before);
  ck_assert_uint_ge(s.hoisted, 2998); /* all but the first levels moved up */
  ck_assert_int_eq(s.errnum, 0);
}
END_TEST

START_TEST(test_sweep_remove_links)
{
  static struct sweep s;
  char target[128];
  int out, w, sub, deep;
  init(&s, 100000);
  out = mkdirfd(tmpfd, "outside", 0755);
  ck_assert_int_ge(out, 0);
  ck_assert_int_eq(mkfile(out, "precious", "keep"), 0);
  ck_assert_int_eq(mkdirat(out, "dir", 0755), 0);
  w = mkdirfd(tmpfd, "w", 0700);
  sub = mkdirfd(w, "sub", 0755);
  deep = mkdirfd(sub, "deeper", 0755);
  ck_assert(w >= 0 && sub >= 0 && deep >= 0);
  snprintf(target, sizeof target, "%s/outside", tmp);
  ck_assert_int_eq(symlinkat(target, w, "dirlink"), 0);
  ck_assert_int_eq(symlinkat(target, sub, "dirlink"), 0);
  ck_assert_int_eq(symlinkat(target, deep, "dirlink"), 0);
  ck_assert_int_eq(symlinkat("../../../outside/precious", deep, "filelink"), 0);
  ck_assert_int_eq(symlinkat("/", sub, "root"), 0);
  ck_assert_int_eq(symlinkat("loop", w, "loop"), 0);
  ck_assert_int_eq(symlinkat("nowhere", deep, "dangling"), 0);
  close(deep);
  close(sub);
  close(w);
  /* a link where the folder should be: not entered, and its target stays */
  ck_assert_int_eq(symlinkat(target, tmpfd, "link"), 0);
  ck_assert_int_eq(sweep_remove(&s, tmpfd, "link"), -1);
  ck_assert_str_eq(s.errwhat, "unable to open ");
  ck_assert(exists(tmpfd, "link"));

  ck_assert_int_eq(sweep_remove(&s, tmpfd, "w"), 0);
  ck_assert(!exists(tmpfd, "w"));
  ck_assert(exists(out, "precious") && exists(out, "dir"));
  ck_assert(exists(tmpfd, "link"));
  close(out);
}
END_TEST

/* What the remover may not remove, as an unprivileged user: root's files
   in a folder it may not write. Run as nobody in a child when root. */
static void cannot(void)
{
  static struct sweep s;
  struct stat st;
  int top;
  CHILD_CHECK(fstat(tmpfd, &st) == 0);
  s.dev = st.st_dev;
  s.budget = 100000;
  if (geteuid() == 0) CHILD_CHECK(setgroups(0, 0) == 0 && setgid(65534) == 0 && setuid(65534) == 0);
  CHILD_CHECK(sweep_remove(&s, tmpfd, "w") == -1);
  CHILD_CHECK(s.errnum == EACCES);
  CHILD_CHECK(strcmp(s.errwhat, "unable to remove ") == 0);
  CHILD_CHECK(strcmp(s.errname, "f") == 0);
  CHILD_CHECK(!s.exhausted && !s.stopped);
  top = openat(tmpfd, "w", O_RDONLY | O_DIRECTORY);
  CHILD_CHECK(top >= 0);
  /* the rest went: the files, the empty folder it may not read, the one
     moved up from deeper down that it may not write */
  CHILD_CHECK(!exists(top, "a") && !exists(top, "b") && !exists(top, "sealed") && !exists(top, "sub"));
  CHILD_CHECK(exists(top, "keep"));
  close(top);
}

START_TEST(test_sweep_remove_cannot)
{
  int w, keep, sub;
  w = mkdirfd(tmpfd, "w", 0777);
  ck_assert_int_ge(w, 0);
  ck_assert_int_eq(fchmod(w, 0777), 0);
  if (geteuid() == 0) ck_assert_int_eq(fchown(w, 65534, 65534), 0);
  ck_assert_int_eq(mkfile(w, "a", "x"), 0);
  ck_assert_int_eq(mkfile(w, "b", "x"), 0);
  keep = mkdirfd(w, "keep", 0755);
  ck_assert_int_ge(keep, 0);
  ck_assert_int_eq(mkfile(keep, "f", "x"), 0);
  ck_assert_int_eq(fchmod(keep, 0555), 0);
  ck_assert_int_eq(mkdirat(w, "sealed", 0), 0);
  ck_assert_int_eq(fchmodat(w, "sealed", 0, 0), 0);
  sub = mkdirfd(w, "sub", 0777);
  ck_assert_int_ge(sub, 0);
  ck_assert_int_eq(fchmod(sub, 0777), 0);
  if (geteuid() == 0) ck_assert_int_eq(fchown(sub, 65534, 65534), 0);
  ck_assert_int_eq(mkdirat(sub, "locked", 0), 0);
  ck_assert_int_eq(fchmodat(sub, "locked", 0, 0), 0);
  close(sub);
  close(keep);
  close(w);
  ck_assert_child_ok(cannot);
  ck_assert(exists(tmpfd, "w"));
}
END_TEST

/* A budget too small for the tree: the remover stops, says so, keeps what
   it moved up, and the next calls (the next sweeps) go on to the end. */
START_TEST(test_sweep_remove_budget)
{
  static struct sweep s;
  int fd, i, calls = 0;
  init(&s, 40);
  nest(tmpfd, "w", 60);
  fd = openat(tmpfd, "w", O_RDONLY | O_DIRECTORY);
  ck_assert_int_ge(fd, 0);
  for (i = 0; i < 100; ++i) {
    char name[16];
    snprintf(name, sizeof name, "%d", i);
    ck_assert_int_eq(mkfile(fd, name, "x"), 0);
  }
  close(fd);
  while (sweep_remove(&s, tmpfd, "w") == -1) {
    ck_assert_msg(s.exhausted, "call %d: failed, but not over budget", calls);
    ck_assert_int_eq(s.errnum, 0);
    ck_assert(s.steps > s.budget);
    ck_assert(exists(tmpfd, "w"));
    ck_assert_int_lt(++calls, 100);
  }
  ck_assert_int_ge(calls, 5); /* 100 files and 60 levels do not fit in 40 steps */
  ck_assert(!exists(tmpfd, "w"));
  ck_assert(!s.exhausted);
  /* every entry removed once, and levels 2 to 60 moved up once each,
     however the calls cut the work */
  ck_assert_uint_eq(s.progress, 100 + 60 + 60 + 59);
}
END_TEST

static int polls;
static int stopafter;
static int stopper(void)
{
  return ++polls > stopafter;
}

/* stop() is asked between entries; once it says so the remover leaves
   at once, and a later call finishes the job. */
START_TEST(test_sweep_remove_stop)
{
  static struct sweep s;
  init(&s, 100000);
  nest(tmpfd, "w", 50);
  s.stop = stopper;
  polls = 0;
  stopafter = 10;
  ck_assert_int_eq(sweep_remove(&s, tmpfd, "w"), -1);
  ck_assert(s.stopped && !s.exhausted);
  ck_assert_int_eq(s.errnum, 0);
  ck_assert_int_eq(polls, 11); /* not asked again once it said so */
  ck_assert(exists(tmpfd, "w"));
  ck_assert_uint_gt(s.progress, 0);
  s.stop = 0;
  ck_assert_int_eq(sweep_remove(&s, tmpfd, "w"), 0);
  ck_assert(!exists(tmpfd, "w"));
}
END_TEST

/* Names with any byte but NUL and /, and names the remover itself would
   use for the folders it moves up, taken already. */
START_TEST(test_sweep_remove_oddnames)
{
  static const char *const names[] = {
    "-rf", "...", ".hidden", " ", "a\nb", "\\", "*", "\x01\x7f\xff", "@000000000000000000000000.1.1",
    ".cleanq.0", ".cleanq", "\xe2\x80\xae"
  };
  static struct sweep s;
  char longname[256];
  size_t i;
  int w, sub, taken;
  init(&s, 100000);
  w = mkdirfd(tmpfd, "w", 0700);
  ck_assert_int_ge(w, 0);
  sub = mkdirfd(w, "sub\nx", 0755);
  ck_assert_int_ge(sub, 0);
  for (i = 0; i < sizeof names / sizeof names[0]; ++i) {
    ck_assert_int_eq(mkfile(w, names[i], "x"), 0);
    ck_assert_int_eq(mkfile(sub, names[i], "x"), 0);
  }
  memset(longname, 'x', 255);
  longname[255] = 0;
  ck_assert_int_eq(mkfile(sub, longname, "x"), 0);
  ck_assert_int_eq(mkdirat(sub, "\xff", 0755), 0);
  ck_assert_int_eq(mkdirat(sub, "-", 0755), 0);
  /* .cleanq.1 a folder with something in it: a move onto it fails */
  taken = mkdirfd(w, ".cleanq.1", 0755);
  ck_assert_int_ge(taken, 0);
  ck_assert_int_eq(mkfile(taken, "f", "x"), 0);
  close(taken);
  close(sub);
  close(w);
  ck_assert_int_eq(sweep_remove(&s, tmpfd, "w"), 0);
  ck_assert(!exists(tmpfd, "w"));
  ck_assert_int_eq(s.errnum, 0);
}
END_TEST

/* A folder on another file system is not entered: simulated here by a
   remover that belongs to another one. */
START_TEST(test_sweep_remove_otherfs)
{
  static struct sweep s;
  int w;
  init(&s, 100000);
  w = mkdirfd(tmpfd, "w", 0700);
  ck_assert_int_ge(w, 0);
  ck_assert_int_eq(mkfile(w, "f", "x"), 0);
  close(w);
  s.dev += 1;
  ck_assert_int_eq(sweep_remove(&s, tmpfd, "w"), -1);
  ck_assert_int_eq(s.errnum, EXDEV);
  ck_assert_str_eq(s.errwhat, "refusing to enter ");
  ck_assert_str_eq(s.errname, "w");
  ck_assert_uint_eq(s.progress, 0);
  ck_assert(exists(tmpfd, "w"));
}
END_TEST

Suite *sweep_suite(void)
{
  Suite *s = suite_create("sweep");
  TCase *tc = tcase_create("decide");
  TCase *rm = tcase_create("remove");
  tcase_add_loop_test(tc, test_sweep_decide_table, 0, (int) (sizeof table / sizeof table[0]));
  tcase_add_test(tc, test_sweep_decide_asks);
  tcase_add_test(tc, test_sweep_listed);
  tcase_add_test(tc, test_sweep_failed);
  suite_add_tcase(s, tc);
  tcase_add_checked_fixture(rm, setup, teardown);
  tcase_set_timeout(rm, 60);
  tcase_add_test(rm, test_sweep_remove_flat);
  tcase_add_test(rm, test_sweep_remove_deep);
  tcase_add_test(rm, test_sweep_remove_links);
  tcase_add_test(rm, test_sweep_remove_cannot);
  tcase_add_test(rm, test_sweep_remove_budget);
  tcase_add_test(rm, test_sweep_remove_stop);
  tcase_add_test(rm, test_sweep_remove_oddnames);
  tcase_add_test(rm, test_sweep_remove_otherfs);
  suite_add_tcase(s, rm);
  return s;
}

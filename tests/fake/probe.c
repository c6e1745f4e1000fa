/* tests/fake/probe: a stand-in for a program that qscanq runs (run-cleanq),
 * for tests. It reports on fd 2 what it was started with, one line each:
 *   probe: pid N
 *   probe: ids RUID EUID SUID RGID EGID SGID
 *   probe: fds N N ...     (the open descriptors, ascending)
 *   probe: cwd PATH
 *   probe: env N           (the number of environment variables)
 * then stays 60 seconds, so that a test can see that nobody waits for it.
 * It opens nothing before it has listed its descriptors but the listing
 * itself, which it leaves out. Exit 0; 111 if it cannot look. */

#define _GNU_SOURCE
#include <dirent.h>
#include <unistd.h>
#include "fmt.h"
#include "scan.h"
#include "subfd.h"
#include "substdio.h"

extern char **environ;

static void out(const char *s)
{
  (void) substdio_puts(subfderr, s);
}

static void outnum(unsigned long u)
{
  char num[FMT_ULONG];
  (void) substdio_put(subfderr, num, fmt_ulong(num, u));
}

static int isnum(const char *s)
{
  if (!*s) return 0;
  for (; *s; ++s)
    if (*s < '0' || *s > '9') return 0;
  return 1;
}

static void fds(void)
{
  /* a bitmap is enough: tests leave a few descriptors below 1024 */
  static unsigned char seen[1024];
  struct dirent *de;
  unsigned long n;
  DIR *d = opendir("/proc/self/fd");
  if (!d) _exit(111);
  while ((de = readdir(d)))
    if (isnum(de->d_name)) {
      n = 0;
      (void) scan_ulong(de->d_name, &n);
      if (n < sizeof seen && (int) n != dirfd(d)) seen[n] = 1;
    }
  closedir(d);
  out("probe: fds");
  for (n = 0; n < sizeof seen; ++n)
    if (seen[n]) { out(" "); outnum(n); }
  out("\n");
}

int main(void)
{
  uid_t r, e, s;
  gid_t gr, ge, gs;
  static char cwd[4096];
  unsigned long n = 0;
  fds();
  if (getresuid(&r, &e, &s) == -1 || getresgid(&gr, &ge, &gs) == -1) _exit(111);
  out("probe: pid "); outnum((unsigned long) getpid()); out("\n");
  out("probe: ids ");
  outnum(r); out(" "); outnum(e); out(" "); outnum(s); out(" ");
  outnum(gr); out(" "); outnum(ge); out(" "); outnum(gs); out("\n");
  out("probe: cwd "); out(getcwd(cwd, sizeof cwd) ? cwd : "?"); out("\n");
  while (environ[n]) ++n;
  out("probe: env "); outnum(n); out("\n");
  (void) substdio_flush(subfderr);
  sleep(60);
  return 0;
}

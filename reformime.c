#include <errno.h>
#include <sys/resource.h>
#include <unistd.h>
#include "error.h"
#include "fmt.h"
#include "mime.h"
#include "strerr.h"
#include "subfd.h"
#include "substdio.h"

/* reformime: unpacks the MIME message on fd 0 into new files in the
   current folder, named from each part's position (see reformime.1).
   -l lists the parts on stdout instead, -s prints statistics on stderr. */

#define FATAL "reformime: fatal: "

static struct mime m;

static void stat1(const char *name, unsigned long long v)
{
  char num[FMT_ULONG];
  (void) substdio_puts(subfderr, " ");
  (void) substdio_puts(subfderr, name);
  (void) substdio_puts(subfderr, " ");
  (void) substdio_put(subfderr, num, fmt_ulong(num, (unsigned long) v));
}

/* one line, easy to read from a test: name value pairs; rss is this
   process's peak resident memory in KB */
static void stats(void)
{
  struct rusage ru;
  (void) substdio_puts(subfderr, "reformime: stats:");
  stat1("in", m.st.in);
  stat1("header", m.st.header);
  stat1("lines", m.st.lines);
  stat1("parts", m.st.parts);
  stat1("files", m.st.files);
  stat1("out", m.st.out);
  stat1("work", m.st.work);
  stat1("depth", m.st.depth);
  stat1("active", m.st.active);
  stat1("steps", m.st.steps);
  stat1("mem", m.st.mem);
  if (getrusage(RUSAGE_SELF, &ru) == 0) stat1("rss", (unsigned long long) ru.ru_maxrss);
  (void) substdio_puts(subfderr, "\n");
  (void) substdio_flush(subfderr);
}

static void die(int code, int showstats)
{
  static stralloc name = STRALLOC_ZERO;
  if (showstats) stats();
  /* the name is one reformime made up, never one from the message */
  if (m.errname.len) {
    if (!stralloc_copys(&name, " ") || !stralloc_cat(&name, &m.errname) || !stralloc_0(&name)) name.s = 0;
  }
  if (m.errsys) {
    errno = m.errsys;
    strerr_die(code, FATAL, m.errwhat, name.s, ": ", 0, 0, &strerr_sys);
  }
  strerr_die(code, FATAL, m.errwhat ? m.errwhat : "unknown trouble", name.s, 0, 0, 0, 0);
}

int main(int argc, char **argv)
{
  int flags = 0;
  int showstats = 0;
  int i;
  for (i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (a[0] != '-' || !a[1]) strerr_die1x(MIME_USAGE, "reformime: usage: reformime [-ls]");
    for (++a; *a; ++a) {
      if (*a == 'l') flags |= MIME_LIST | MIME_NOWRITE;
      else if (*a == 's') showstats = 1;
      else strerr_die1x(MIME_USAGE, "reformime: usage: reformime [-ls]");
    }
  }
  if (mime_init(&m, flags, subfdout)) die(m.err, showstats);
  for (;;) {
    char *p;
    size_t room;
    ssize_t r;
    if (mime_buffer(&m, &p, &room)) die(m.err, showstats);
    do r = read(0, p, room);
    while (r == -1 && errno == error_intr);
    if (r == -1) {
      if (showstats) stats();
      strerr_die2sys(MIME_READ, FATAL, "unable to read input: ");
    }
    if (!r) break;
    if (mime_commit(&m, (size_t) r)) die(m.err, showstats);
  }
  if (mime_finish(&m)) die(m.err, showstats);
  mime_free(&m);
  if (substdio_flush(subfdout) == -1) strerr_die2sys(MIME_WRITE, FATAL, "unable to write the listing: ");
  if (showstats) stats();
  return 0;
}

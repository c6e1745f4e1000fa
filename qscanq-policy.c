#include <errno.h>
#include <fcntl.h>
#include <stdio.h> /* rename */
#include <sys/stat.h>
#include <unistd.h>
#include "byte.h"
#include "cdb.h"
#include "fmt.h"
#include "getln.h"
#include "policy.h"
#include "qsq.h"
#include "stralloc.h"
#include "strerr.h"
#include "subfd.h"
#include "substdio.h"

/* qscanq-policy CDB TMP < TABLE: compiles the administrator's policy
   table (qscanq-policy(8)) into the cdb CDB, as tcprules does: written
   to TMP, synced, then renamed over CDB, so that every qscanq-stdin
   reads either the old table or the new one whole; the next message
   uses the new one. Run by root; CDB is made mode 0644, since every
   caller's qscanq-stdin reads it. Nothing is written on any error. */

#define FATAL "qscanq-policy: fatal: "

static stralloc line = STRALLOC_ZERO;
static stralloc key = STRALLOC_ZERO;
static struct cdb_make cm = CDB_MAKE_ZERO;
static unsigned long lineno;
static int attach;

__attribute__((noreturn))
static void syntax(const char *why)
{
  char num[FMT_ULONG];
  num[fmt_ulong(num, lineno)] = 0;
  strerr_die(QSQ_EXIT_USAGE, FATAL, "line ", num, ": ", why, 0, 0);
}

static void nomem(void) { strerr_die2x(QSQ_EXIT_FAIL, FATAL, "out of memory"); }

static int space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* the next field of line from *i: start and length, 0 when none */
static size_t field(size_t *i, size_t *start)
{
  while (*i < line.len && space(line.s[*i])) ++*i;
  *start = *i;
  while (*i < line.len && !space(line.s[*i])) ++*i;
  return *i - *start;
}

static int eq(size_t at, size_t len, const char *s)
{
  size_t i;
  for (i = 0; i < len && s[i]; ++i) if (line.s[at + i] != s[i]) return 0;
  return i == len && !s[i];
}

/* bytes a pattern may hold: printable ASCII but space */
static void printable(size_t at, size_t len)
{
  size_t i;
  for (i = 0; i < len; ++i)
    if ((unsigned char) line.s[at + i] <= 32 || (unsigned char) line.s[at + i] >= 127)
      syntax("a pattern holds a control character or a byte outside ASCII");
  if (len > POLICY_KEYMAX) syntax("a pattern longer than POLICY_KEYMAX (256)");
}

static void add(const char *data, size_t dlen)
{
  if (!cdb_make_add(&cm, key.s, key.len, data, dlen)) {
    if (errno == EFBIG) strerr_die2x(QSQ_EXIT_USAGE, FATAL, "the table is larger than CDB_MAX");
    nomem();
  }
}

/* key = kind then the pattern, in lower case when lower */
static void makekey(const char *kind, size_t at, size_t len, int lower)
{
  size_t i;
  if (!stralloc_copys(&key, kind)) nomem();
  for (i = 0; i < len; ++i) {
    char c = line.s[at + i];
    if (lower && c >= 'A' && c <= 'Z') c = (char) (c + 32);
    if (!stralloc_append(&key, &c)) nomem();
  }
}

static void oneline(void)
{
  size_t i = 0;
  size_t k, p, a, x;
  size_t klen, plen, alen;
  char act;
  if (line.len && line.s[line.len - 1] == '\n') --line.len;
  klen = field(&i, &k);
  if (!klen || line.s[k] == '#') return;
  plen = field(&i, &p);
  if (!plen) syntax("a rule without a pattern");
  printable(p, plen);
  alen = field(&i, &a);
  if (field(&i, &x)) syntax("more than three fields");
  if (eq(k, klen, "sig")) {
    int ac = policy_action(line.s + a, alen);
    if (ac < 0) syntax("a sig rule's action must be accept, defer or refuse");
    act = (char) (ac == POLICY_ACCEPT ? 'a' : ac == POLICY_DEFER ? 'd' : 'r');
    if (line.s[p + plen - 1] == '*') {
      if (plen == 1) syntax("a prefix rule of * alone: name the prefix");
      makekey("s+", p, plen - 1, 0);
    } else makekey("s=", p, plen, 0);
    add(&act, 1);
    return;
  }
  if (alen && !eq(a, alen, "refuse")) syntax("name, type and magic rules only refuse");
  if (eq(k, klen, "name")) {
    if (line.s[p] != '.' || plen < 2) syntax("a name rule is an extension: .exe, .pdf.exe");
    makekey("n", p, plen, 1);
  } else if (eq(k, klen, "type")) {
    if (byte_chr(line.s + p, plen, '/') == plen) syntax("a type rule is TYPE/SUBTYPE");
    makekey("t", p, plen, 1);
  } else if (eq(k, klen, "magic")) {
    if (!eq(p, plen, "pe") && !eq(p, plen, "elf") && !eq(p, plen, "script"))
      syntax("a magic rule is pe, elf or script");
    makekey("m", p, plen, 1);
  } else syntax("a rule starts with sig, name, type or magic");
  add("", 0);
  /* one key says the table has attachment rules at all: without it
     qscanq-stdin asks nothing about names */
  if (!attach) {
    if (!stralloc_copys(&key, "!")) nomem();
    add("", 0);
    attach = 1;
  }
}

int main(int argc, char **argv)
{
  int match = 1;
  int fd;
  if (argc != 3) strerr_die1x(QSQ_EXIT_USAGE, "qscanq-policy: usage: qscanq-policy CDB TMP < TABLE");
  if (!cdb_make_start(&cm)) nomem();
  while (match) {
    if (getln(subfdin, &line, &match, '\n') == -1) strerr_die2sys(QSQ_EXIT_FAIL, FATAL, "unable to read the table: ");
    if (!line.len) break;
    ++lineno;
    oneline();
  }
  if (!cdb_make_finish(&cm)) {
    if (errno == EFBIG) strerr_die2x(QSQ_EXIT_USAGE, FATAL, "the table is larger than CDB_MAX");
    nomem();
  }
  fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to create ", argv[2], ": ");
  if (substdio_allwrite(substdio_write, fd, cm.out.s, cm.out.len) == -1 || fchmod(fd, 0644) == -1 ||
      fsync(fd) == -1 || close(fd) == -1)
    strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to write ", argv[2], ": ");
  if (rename(argv[2], argv[1]) == -1) strerr_die(QSQ_EXIT_FAIL, FATAL, "unable to move ", argv[2], " to ", argv[1], ": ", &strerr_sys);
  return 0;
}

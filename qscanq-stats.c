#include <fcntl.h>
#include <stdio.h> /* rename() only: no stdio streams */
#include <stdlib.h> /* qsort */
#include <time.h>
#include <unistd.h>
#include "alloc.h"
#include "byte.h"
#include "fmt.h"
#include "getln.h"
#include "qsq.h"
#include "str.h"
#include "stralloc.h"
#include "strerr.h"
#include "subfd.h"
#include "substdio.h"
#include "verdict.h"

/* qscanq-stats [-d|-h] [-p FILE]: in the tradition of qmailanalog, reads
   qscanq's summary lines (qscanq(8), LOG) on stdin, as cleanq's multilog
   keeps them (the record) or as any log holds them, ignores every other
   line, and prints per day (-d, the default) or per hour (-h), in UTC,
   by the time each message started (its ID): messages and verdicts,
   refusals by name, deferrals by reason, failovers by server, latency
   percentiles. -p FILE also writes the newest period's figures for
   Prometheus' textfile collector, to FILE.tmp and then renamed to FILE.
   Runs as anyone; reads nothing but stdin. */

#define FATAL "qscanq-stats: fatal: "

/* TAI64 seconds of 1970-01-01 00:00:00 UTC, as djb's libtai counts them
   (the leap seconds since are not counted: a period may start a few
   seconds early, which no table shows) */
#define TAI_UNIX 4611686018427387914ULL

struct key {
  char *s;
  size_t len;
  unsigned long n;
};

struct keys {
  struct key *k;
  size_t n;
  size_t room;
};

struct bin {
  unsigned long period;  /* seconds since 1970 / the period's length */
  unsigned long messages, queued, refused, deferred, dropped;
  struct keys names, reasons, servers;
  unsigned long *ms;
  size_t nms, roomms;
};

static struct bin *bins;
static size_t nbins;
static size_t roombins;
static unsigned long length = 86400; /* -h: 3600 */

static void nomem(void)
{
  strerr_die2x(QSQ_EXIT_FAIL, FATAL, "out of memory");
}

/* grows *p (each element size bytes, *room of them) to hold need */
static void grow(void **p, size_t *room, size_t need, size_t size)
{
  size_t want;
  if (need <= *room) return;
  want = *room ? 2 * *room : 16;
  while (want < need) want *= 2;
  if (want > (size_t) -1 / size) nomem();
  if (!alloc_re(p, *room * size, want * size)) nomem();
  *room = want;
}

static void count(struct keys *ks, const char *s, size_t len)
{
  size_t i;
  for (i = 0; i < ks->n; ++i)
    if (ks->k[i].len == len && byte_equal(ks->k[i].s, len, s)) { ++ks->k[i].n; return; }
  grow((void **) &ks->k, &ks->room, ks->n + 1, sizeof *ks->k);
  ks->k[ks->n].s = alloc(len + 1);
  if (!ks->k[ks->n].s) nomem();
  byte_copy(ks->k[ks->n].s, len, s);
  ks->k[ks->n].s[len] = 0;
  ks->k[ks->n].len = len;
  ks->k[ks->n].n = 1;
  ++ks->n;
}

/* The bin of a period: lines come nearly in order (cleanq logs them as
   it deletes the folders), so the search starts from the newest. Bins
   stay sorted by period. */
static struct bin *bin(unsigned long period)
{
  size_t i = nbins;
  while (i && bins[i - 1].period > period) --i;
  if (i && bins[i - 1].period == period) return &bins[i - 1];
  grow((void **) &bins, &roombins, nbins + 1, sizeof *bins);
  byte_copyr((char *) (bins + i + 1), (nbins - i) * sizeof *bins, (char *) (bins + i));
  byte_zero(bins + i, sizeof *bins);
  bins[i].period = period;
  ++nbins;
  return &bins[i];
}

static int is(const char *s, size_t len, const char *w)
{
  return len == str_len(w) && byte_equal(s, len, w);
}

static void take(const struct verdict_line *v)
{
  static const char virus[] = "virus found: ";
  static const char limits[] = "beyond the virus scanner's limits, cannot be scanned: ";
  struct bin *b;
  const char *r = v->reason;
  size_t rlen = v->reasonlen;
  size_t i;
  size_t start;
  if (v->sec < TAI_UNIX) return;
  b = bin((unsigned long) ((v->sec - TAI_UNIX) / length));
  ++b->messages;
  grow((void **) &b->ms, &b->roomms, b->nms + 1, sizeof *b->ms);
  b->ms[b->nms++] = v->ms;
  for (start = 0, i = 0; v->failover && i <= v->failoverlen; ++i)
    if (i == v->failoverlen || v->failover[i] == ',') {
      if (i > start) count(&b->servers, v->failover + start, i - start);
      start = i + 1;
    }
  if (is(v->word, v->wordlen, "queued")) { ++b->queued; return; }
  if (is(v->word, v->wordlen, "refused") || is(v->word, v->wordlen, "dropped")) {
    if (is(v->word, v->wordlen, "dropped")) ++b->dropped;
    else ++b->refused;
    /* by the name the scanner gave; a limit of the unpacker by its words */
    if (rlen > sizeof virus - 1 && byte_equal(r, sizeof virus - 1, virus)) { r += sizeof virus - 1; rlen -= sizeof virus - 1; }
    else if (rlen > sizeof limits - 1 && byte_equal(r, sizeof limits - 1, limits)) { r += sizeof limits - 1; rlen -= sizeof limits - 1; }
    count(&b->names, r, rlen);
    return;
  }
  ++b->deferred;
  /* "clean" with a code: the real qmail-queue itself failed */
  if (is(r, rlen, "clean")) {
    char why[64];
    size_t n = fmt_str(why, "the real qmail-queue failed, exit ");
    if (v->code < 0) n += fmt_str(why + n, "crash");
    else n += fmt_ulong(why + n, (unsigned long) v->code);
    count(&b->reasons, why, n);
    return;
  }
  count(&b->reasons, r, rlen);
}

/* ---- output */

static substdio *out;

static void puts_(const char *s)
{
  if (substdio_puts(out, s) == -1) strerr_die2sys(QSQ_EXIT_FAIL, FATAL, "unable to write: ");
}

static void putb(const char *s, size_t len)
{
  if (substdio_put(out, s, len) == -1) strerr_die2sys(QSQ_EXIT_FAIL, FATAL, "unable to write: ");
}

/* u, right-aligned in width */
static void putnum(unsigned long u, size_t width)
{
  char num[FMT_ULONG];
  size_t n = fmt_ulong(num, u);
  while (width-- > n) putb(" ", 1);
  putb(num, n);
}

/* the period's name: 2026-12-07, or 2026-12-07T15 per hour */
static void putperiod(unsigned long period)
{
  char buf[32];
  struct tm tm;
  time_t t = (time_t) (period * length);
  size_t n = 0;
  if (!gmtime_r(&t, &tm)) { putnum(period, 13); return; }
  n += fmt_ulong(buf + n, (unsigned long) tm.tm_year + 1900);
  buf[n++] = '-';
  buf[n++] = (char) ('0' + (tm.tm_mon + 1) / 10);
  buf[n++] = (char) ('0' + (tm.tm_mon + 1) % 10);
  buf[n++] = '-';
  buf[n++] = (char) ('0' + tm.tm_mday / 10);
  buf[n++] = (char) ('0' + tm.tm_mday % 10);
  if (length == 3600) {
    buf[n++] = 'T';
    buf[n++] = (char) ('0' + tm.tm_hour / 10);
    buf[n++] = (char) ('0' + tm.tm_hour % 10);
  } else {
    buf[n++] = ' ';
    buf[n++] = ' ';
    buf[n++] = ' ';
  }
  putb(buf, n);
}

static int ulcmp(const void *a, const void *b)
{
  unsigned long x = *(const unsigned long *) a;
  unsigned long y = *(const unsigned long *) b;
  return x < y ? -1 : x > y;
}

/* the p-th percentile (nearest rank) of the sorted ms */
static unsigned long pct(const struct bin *b, unsigned long p)
{
  size_t rank;
  if (!b->nms) return 0;
  rank = (size_t) ((p * b->nms + 99) / 100);
  if (rank < 1) rank = 1;
  return b->ms[rank - 1];
}

static void table(const char *title, size_t off)
{
  size_t i;
  size_t j;
  puts_("\n");
  puts_(title);
  puts_("\nperiod          count  what\n");
  for (i = 0; i < nbins; ++i) {
    const struct keys *ks = (const struct keys *) ((const char *) &bins[i] + off);
    for (j = 0; j < ks->n; ++j) {
      putperiod(bins[i].period);
      putnum(ks->k[j].n, 8);
      puts_("  ");
      putb(ks->k[j].s, ks->k[j].len);
      puts_("\n");
    }
  }
}

static void report(void)
{
  size_t i;
  puts_("messages\nperiod       messages  queued refused deferred dropped\n");
  for (i = 0; i < nbins; ++i) {
    putperiod(bins[i].period);
    putnum(bins[i].messages, 8);
    putnum(bins[i].queued, 8);
    putnum(bins[i].refused, 8);
    putnum(bins[i].deferred, 9);
    putnum(bins[i].dropped, 8);
    puts_("\n");
  }
  table("refused (and dropped) by name", __builtin_offsetof(struct bin, names));
  table("deferred by reason", __builtin_offsetof(struct bin, reasons));
  table("failovers by server (servers passed over)", __builtin_offsetof(struct bin, servers));
  puts_("\nlatency, ms (from qscanq's start to the end of its wait)\nperiod       messages     p50     p90     p99     max\n");
  for (i = 0; i < nbins; ++i) {
    putperiod(bins[i].period);
    putnum(bins[i].nms, 8);
    putnum(pct(&bins[i], 50), 8);
    putnum(pct(&bins[i], 90), 8);
    putnum(pct(&bins[i], 99), 8);
    putnum(pct(&bins[i], 100), 8);
    puts_("\n");
  }
}

/* ---- Prometheus' text format: the newest period */

/* a label value: \ and " escaped, as the format asks. It is a field of
   one line read whole, so it holds no newline; qscanq writes summary
   lines printable (verdict_summary), and nothing here filters again. */
static void putlabel(const char *s, size_t len)
{
  size_t i;
  for (i = 0; i < len; ++i) {
    if (s[i] == '\\' || s[i] == '"') putb("\\", 1);
    putb(s + i, 1);
  }
}

static void metric(const char *name, const char *label, const char *value, size_t vlen, unsigned long n)
{
  puts_(name);
  if (label) {
    puts_("{");
    puts_(label);
    puts_("=\"");
    putlabel(value, vlen);
    puts_("\"}");
  }
  puts_(" ");
  putnum(n, 0);
  puts_("\n");
}

static void keys(const char *name, const char *help, const char *label, const struct keys *ks)
{
  size_t j;
  puts_("# HELP "); puts_(name); puts_(" "); puts_(help); puts_("\n");
  puts_("# TYPE "); puts_(name); puts_(" gauge\n");
  for (j = 0; j < ks->n; ++j) metric(name, label, ks->k[j].s, ks->k[j].len, ks->k[j].n);
}

static void prometheus(void)
{
  static const char *q[] = { "0.5", "0.9", "0.99", "1" };
  static const unsigned long p[] = { 50, 90, 99, 100 };
  const struct bin *b = &bins[nbins - 1];
  size_t i;
  puts_("# HELP qscanq_period_start_seconds Start of the period (UTC) the figures below are for: the newest in the log.\n");
  puts_("# TYPE qscanq_period_start_seconds gauge\n");
  metric("qscanq_period_start_seconds", 0, 0, 0, b->period * length);
  puts_("# HELP qscanq_messages Messages in the period, by verdict.\n# TYPE qscanq_messages gauge\n");
  metric("qscanq_messages", "verdict", "queued", 6, b->queued);
  metric("qscanq_messages", "verdict", "refused", 7, b->refused);
  metric("qscanq_messages", "verdict", "deferred", 8, b->deferred);
  metric("qscanq_messages", "verdict", "dropped", 7, b->dropped);
  keys("qscanq_refused", "Messages refused or dropped in the period, by name.", "name", &b->names);
  keys("qscanq_deferred", "Messages deferred in the period, by reason.", "reason", &b->reasons);
  keys("qscanq_failovers", "Times a clamd server was passed over in the period.", "server", &b->servers);
  puts_("# HELP qscanq_latency_ms Milliseconds per message in the period, from qscanq's start to the end of its wait.\n");
  puts_("# TYPE qscanq_latency_ms gauge\n");
  for (i = 0; i < 4; ++i) metric("qscanq_latency_ms", "quantile", q[i], str_len(q[i]), pct(b, p[i]));
}

static void writeprom(const char *fn)
{
  static stralloc tmp = STRALLOC_ZERO;
  static char buf[4096];
  substdio ss;
  int fd;
  if (!stralloc_copys(&tmp, fn) || !stralloc_cats(&tmp, ".tmp") || !stralloc_0(&tmp)) nomem();
  /* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): stralloc_0 succeeded, so tmp.s is set */
  fd = open(tmp.s, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to create ", tmp.s, ": ");
  substdio_fdbuf(&ss, substdio_write, fd, buf, sizeof buf);
  out = &ss;
  if (nbins) prometheus();
  if (substdio_flush(&ss) == -1 || fsync(fd) == -1 || close(fd) == -1)
    strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to write ", tmp.s, ": ");
  /* the collector reads FILE whole or not at all */
  if (rename(tmp.s, fn) == -1) strerr_die4sys(QSQ_EXIT_FAIL, FATAL, "unable to rename ", tmp.s, ": ");
}

static void usage(void)
{
  strerr_die1x(QSQ_EXIT_USAGE, "qscanq-stats: usage: qscanq-stats [ -d | -h ] [ -p FILE ]");
}

int main(int argc, char **argv)
{
  static stralloc line = STRALLOC_ZERO;
  const char *prom = 0;
  struct verdict_line v;
  int match;
  int i;

  for (i = 1; i < argc; ++i) {
    if (str_equal(argv[i], "-d")) length = 86400;
    else if (str_equal(argv[i], "-h")) length = 3600;
    else if (str_equal(argv[i], "-p") && i + 1 < argc) prom = argv[++i];
    else usage();
  }
  for (;;) {
    if (getln(subfdin, &line, &match, '\n') == -1) strerr_die2sys(QSQ_EXIT_FAIL, FATAL, "unable to read input: ");
    if (!line.len) break;
    if (verdict_parse(&v, line.s, line.len)) take(&v);
    if (!match) break;
  }
  for (i = 0; (size_t) i < nbins; ++i)
    if (bins[i].nms) qsort(bins[i].ms, bins[i].nms, sizeof *bins[i].ms, ulcmp);
  out = subfdout;
  report();
  if (substdio_flush(subfdout) == -1) strerr_die2sys(QSQ_EXIT_FAIL, FATAL, "unable to write: ");
  if (prom) writeprom(prom);
  return 0;
}

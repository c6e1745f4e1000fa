#include "byte.h"
#include "qsq_id.h"
#include "scan.h"
#include "verdict.h"

/* where the string w starts in s[from..len), or len */
static size_t find(const char *s, size_t len, size_t from, const char *w, size_t wlen)
{
  size_t i;
  for (i = from; i + wlen <= len; ++i)
    if (byte_equal(s + i, wlen, w)) return i;
  return len;
}

/* the number after "KEY " at s[at..len): its value, or 0 */
static size_t number(const char *s, size_t len, size_t at, unsigned long *u)
{
  char num[21];
  size_t n;
  for (n = 0; n < sizeof num - 1 && at + n < len && s[at + n] >= '0' && s[at + n] <= '9'; ++n) num[n] = s[at + n];
  num[n] = 0;
  if (!n) return 0;
  return scan_ulong(num, u);
}

/* a word: up to a space or ": " */
static size_t word(const char *s, size_t len, size_t at)
{
  size_t i;
  for (i = at; i < len && s[i] != ' ' && !(s[i] == ':' && i + 1 < len && s[i + 1] == ' '); ++i) ;
  return i - at;
}

#define DROPPED "; a bounce from qmail-send, dropped"

/* A summary line (qscanq(8), LOG), as it is on fd 2 or in cleanq's log
   (after multilog's stamp, or any other prefix: the line is found by its
   "qscanq: @"), newline or not. 1 and v filled in (pointers into s) if
   it is one; 0 if not. */
int verdict_parse(struct verdict_line *v, const char *s, size_t len)
{
  char id[QSQ_IDMAX];
  unsigned long u;
  size_t at;
  size_t n;
  size_t colon;

  byte_zero(v, sizeof *v);
  while (len && (s[len - 1] == '\n' || s[len - 1] == '\r')) --len;
  at = find(s, len, 0, "qscanq: @", 9);
  if (at == len) return 0;
  at += 8;
  n = word(s, len, at);
  if (n >= sizeof id) return 0;
  byte_copy(id, n, s + at);
  id[n] = 0;
  if (!qsq_id_parse(id, &v->sec)) return 0;
  v->id = s + at;
  v->idlen = n;
  at = find(s, len, at + n, ": summary: ", 11);
  if (at == len) return 0;
  at += 11;
  v->word = s + at;
  v->wordlen = word(s, len, at);
  at += v->wordlen + 1;
  if (at + 5 <= len && byte_equal(s + at, 5, "crash")) v->code = -1;
  else if (!number(s, len, at, &u) || u > 255) return 0;
  else v->code = (int) u;
  at = find(s, len, at, " ms ", 4);
  if (at == len || !number(s, len, at + 4, &v->ms)) return 0;
  at = find(s, len, at, " scanner ", 9);
  if (at == len) return 0;
  at += 9;
  v->scanner = s + at;
  v->scannerlen = word(s, len, at);
  at += v->scannerlen;
  /* the database version (#19) comes before the failover list */
  if (at + 4 <= len && byte_equal(s + at, 4, " db ")) at += 4 + word(s, len, at + 4);
  if (at + 10 <= len && byte_equal(s + at, 10, " failover ")) {
    v->failover = s + at + 10;
    v->failoverlen = word(s, len, at + 10);
  }
  colon = find(s, len, at, ": ", 2);
  if (colon == len) return 0;
  v->reason = s + colon + 2;
  v->reasonlen = len - colon - 2;
  n = find(v->reason, v->reasonlen, 0, DROPPED, sizeof DROPPED - 1);
  v->reasonlen = n;
  return 1;
}

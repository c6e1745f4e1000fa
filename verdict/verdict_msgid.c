#include "verdict.h"

static int ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static char lower(char c) { return (char) (c >= 'A' && c <= 'Z' ? c + 32 : c); }

/* 1 if the line at h[0..len) starts with the field name Message-ID: */
static int ismsgid(const char *h, size_t len)
{
  static const char name[] = "message-id:";
  size_t i;
  if (len < sizeof name - 1) return 0;
  for (i = 0; i < sizeof name - 1; ++i)
    if (lower(h[i]) != name[i]) return 0;
  return 1;
}

/* The Message-ID of a message whose first len bytes are head, for a log
   line: " msgid <ID>", ID being what stands between the first < and the
   next > of the first Message-ID field (folded lines joined), or its
   first word when there is no <; through verdict_addr. " msgid -" when
   the header (up to its empty line, within len) has none. out has room
   for size; NUL-terminated; returns the length. */
size_t verdict_msgid(char *out, size_t size, const char *head, size_t len)
{
  static const char none[] = " msgid -";
  static const char key[] = " msgid ";
  size_t at = 0;
  size_t i;
  size_t n;
  for (;;) {
    size_t end;
    if (at >= len || head[at] == '\n' || (head[at] == '\r' && at + 1 < len && head[at + 1] == '\n')) break;
    for (end = at; end < len && head[end] != '\n'; ++end) ;
    if (ismsgid(head + at, end - at)) {
      size_t v = at + sizeof "message-id:" - 1;
      size_t stop;
      /* the field's value runs on over folded lines, to the next field */
      for (stop = end; stop + 1 < len && (head[stop + 1] == ' ' || head[stop + 1] == '\t'); ) {
        for (++stop; stop < len && head[stop] != '\n'; ++stop) ;
      }
      if (stop > len) stop = len;
      while (v < stop && ws(head[v])) ++v;
      if (v >= stop) break;
      if (head[v] == '<') {
        for (i = ++v; i < stop && head[i] != '>'; ++i) ;
      } else
        for (i = v; i < stop && !ws(head[i]); ++i) ;
      for (n = 0; key[n] && n + 1 < size; ++n) out[n] = key[n];
      out[n] = 0;
      return verdict_addr(out, n, size, head + v, i - v);
    }
    at = end + 1;
  }
  for (n = 0; none[n] && n + 1 < size; ++n) out[n] = none[n];
  out[n] = 0;
  return n;
}

#include "byte.h"
#include "clamd.h"

static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

/* days from 1970-01-01 to y-m-d (m 1..12), proleptic Gregorian */
static long long days(long long y, long long m, long long d)
{
  long long era;
  long long yoe;
  long long doy;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* a number of at most max digits at s[*i], spaces before it skipped */
static int num(const char *s, size_t len, size_t *i, int max, long long *u)
{
  int n = 0;

  while (*i < len && s[*i] == ' ') ++*i;
  *u = 0;
  while (*i < len && s[*i] >= '0' && s[*i] <= '9' && n < max) {
    *u = *u * 10 + (s[*i] - '0');
    ++*i;
    ++n;
  }
  return n > 0;
}

static int sep(const char *s, size_t len, size_t *i, char c)
{
  if (*i >= len || s[*i] != c) return 0;
  ++*i;
  return 1;
}

int clamd_dbtime(const char *s, size_t len, long long *t)
{
  long long mon = 0;
  long long d;
  long long hh;
  long long mm;
  long long ss;
  long long y;
  size_t i = 0;
  int slashes = 0;

  while (i < len && slashes < 2) if (s[i++] == '/') ++slashes;
  if (slashes < 2) return 0;
  /* "Www Mmm dd hh:mm:ss yyyy" */
  if (len - i < 8 || s[i + 3] != ' ') return 0;
  i += 4;
  while (mon < 12 && !byte_equal(s + i, 3, months + 3 * mon)) ++mon;
  if (mon == 12) return 0;
  i += 3;
  if (!num(s, len, &i, 2, &d) || d < 1 || d > 31) return 0;
  if (!num(s, len, &i, 2, &hh) || !sep(s, len, &i, ':') || hh > 23) return 0;
  if (!num(s, len, &i, 2, &mm) || !sep(s, len, &i, ':') || mm > 59) return 0;
  if (!num(s, len, &i, 2, &ss) || ss > 60) return 0;
  if (!num(s, len, &i, 4, &y) || y < 1970) return 0;
  *t = days(y, mon + 1, d) * 86400 + hh * 3600 + mm * 60 + ss;
  return 1;
}

#include "byte.h"
#include "scan.h"
#include "proof.h"

/* "PID (COMM) S PPID ...": COMM may hold spaces and parentheses, so it
   ends at the last ')'. starttime is field 22, the 20th after COMM. */
int proof_stat(const char *buf, size_t len, unsigned long *start)
{
  size_t open = 0;
  size_t close = len;
  size_t i;
  int field;

  while (open < len && buf[open] != '(') ++open;
  while (close > open && buf[close - 1] != ')') --close;
  if (open == len || close <= open + 1) return 0;
  if (close - 1 - (open + 1) != 5 || byte_diff(buf + open + 1, 5, "clamd") != 0) return 0;
  i = close;
  for (field = 3; field <= 22; ++field) {
    if (i >= len || buf[i] != ' ') return 0;
    ++i;
    if (field == 22) {
      size_t n;
      char digits[21];
      for (n = 0; n < sizeof digits - 1 && i + n < len && buf[i + n] >= '0' && buf[i + n] <= '9'; ++n) digits[n] = buf[i + n];
      digits[n] = 0;
      if (!n || scan_ulong(digits, start) != n) return 0;
      return 1;
    }
    while (i < len && buf[i] != ' ') ++i;
  }
  return 0;
}

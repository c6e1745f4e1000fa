#include "fmt.h"
#include "verdict.h"

static size_t cat(char *out, size_t len, size_t size, const char *s)
{
  for (; *s && len + 1 < size; ++s) out[len++] = *s;
  out[len] = 0;
  return len;
}

/* The envelope qmail-queue would have read (F sender NUL, T recipient NUL
   ..., NUL), as far as it was read, for a log line:
     " from <S> rcpts N to <R1>,<R2>,<R3>"
   with ",..." when there are more recipients than VERDICT_RCPTSHOWN and
   "+" after N when the envelope was cut (no final NUL: the read stopped
   at a limit, or the caller sent no more). Nothing usable (no bytes, a
   first byte that is not F): " from - rcpts - to -". Each field's first
   byte is its letter and is dropped; each address goes through
   verdict_addr. out has room for size; NUL-terminated; returns the
   length. */
size_t verdict_envelope(char *out, size_t size, const char *env, size_t len)
{
  char num[FMT_ULONG];
  unsigned long rcpts = 0;
  size_t n = 0;
  size_t i = 0;
  size_t start;
  int complete = 0;

  out[0] = 0;
  if (!len || env[0] != 'F') return cat(out, 0, size, " from - rcpts - to -");
  for (start = 0; start < len && env[start]; ++start) ;
  n = cat(out, n, size, " from ");
  n = verdict_addr(out, n, size, env + 1, start - 1);
  /* the recipients: the first few for the line, all of them counted */
  for (i = start + 1; i < len; ) {
    size_t end;
    if (!env[i]) { complete = 1; break; }
    for (end = i; end < len && env[end]; ++end) ;
    ++rcpts;
    i = end + 1;
  }
  if (start >= len) complete = 0;
  n = cat(out, n, size, " rcpts ");
  num[fmt_ulong(num, rcpts)] = 0;
  n = cat(out, n, size, num);
  if (!complete) n = cat(out, n, size, "+");
  n = cat(out, n, size, " to ");
  if (!rcpts) return cat(out, n, size, "-");
  rcpts = 0;
  for (i = start + 1; i < len && env[i] && rcpts < VERDICT_RCPTSHOWN; ++rcpts) {
    size_t end;
    for (end = i; end < len && env[end]; ++end) ;
    if (rcpts) n = cat(out, n, size, ",");
    n = verdict_addr(out, n, size, env + i + 1, end - i - 1);
    i = end + 1;
  }
  if (i < len && env[i]) n = cat(out, n, size, ",...");
  return n;
}

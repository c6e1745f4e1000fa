#include "stralloc.h"
#include "clamd.h"

/* A name goes into log lines and perhaps an SMTP reply: a server that
   sends control characters, CR LF or a 10 KB name must not reach either
   as it sent it. The alphabet covers every signature name clamd has
   (Win.Test.EICAR_HDB-1, Heuristics.Limits.Exceeded.MaxFileSize,
   Qscanq.Test.Eicar.UNOFFICIAL, ...), and a space for the text of ERROR
   replies ("INSTREAM size limit exceeded. ERROR"). */
static int ok(unsigned char c)
{
  if (c >= 'A' && c <= 'Z') return 1;
  if (c >= 'a' && c <= 'z') return 1;
  if (c >= '0' && c <= '9') return 1;
  switch (c) {
    case ' ': case '.': case '_': case '-': case ':': case '/': case '+': return 1;
  }
  return 0;
}

int clamd_sanitise(stralloc *out, const char *s, size_t len)
{
  size_t i;

  if (len > CLAMD_NAMEMAX) len = CLAMD_NAMEMAX;
  if (!stralloc_readyplus(out, len)) return 0;
  for (i = 0; i < len; ++i) {
    if (ok((unsigned char) s[i])) out->s[out->len++] = s[i];
    else out->s[out->len++] = '?';
  }
  return 1;
}

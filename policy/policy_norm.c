#include "byte.h"
#include "policy.h"

/* What a client shows as a dot, or shows nothing for, in UTF-8: */
static const struct { const char *u; char to; } tricks[] = {
  { "\342\200\252", 0 }, { "\342\200\253", 0 }, { "\342\200\254", 0 }, /* LRE RLE PDF */
  { "\342\200\255", 0 }, { "\342\200\256", 0 },                         /* LRO RLO */
  { "\342\201\246", 0 }, { "\342\201\247", 0 }, { "\342\201\250", 0 }, /* LRI RLI FSI */
  { "\342\201\251", 0 },                                                 /* PDI */
  { "\342\200\216", 0 }, { "\342\200\217", 0 },                         /* LRM RLM */
  { "\342\200\213", 0 }, { "\342\200\214", 0 }, { "\342\200\215", 0 }, /* zero widths */
  { "\357\273\277", 0 },                                                 /* BOM */
  { "\342\200\244", '.' },  /* U+2024 one dot leader */
  { "\357\274\216", '.' },  /* U+FF0E fullwidth full stop */
  { "\357\271\222", '.' },  /* U+FE52 small full stop */
  { "\343\200\202", '.' },  /* U+3002 ideographic full stop */
  { "\357\275\241", '.' },  /* U+FF61 halfwidth ideographic full stop */
};

int policy_norm(stralloc *out, const char *s, size_t len)
{
  size_t i = 0;
  size_t t;

  out->len = 0;
  if (len > POLICY_KEYMAX * 4) len = POLICY_KEYMAX * 4;
  if (!stralloc_ready(out, len + 1)) return 0;
  while (i < len) {
    unsigned char c = (unsigned char) s[i];
    if (c == 0342 || c == 0343 || c == 0357) {
      for (t = 0; t < sizeof tricks / sizeof tricks[0]; ++t)
        if (len - i >= 3 && byte_equal(s + i, 3, tricks[t].u)) break;
      if (t < sizeof tricks / sizeof tricks[0]) {
        if (tricks[t].to) out->s[out->len++] = tricks[t].to;
        i += 3;
        continue;
      }
    }
    ++i;
    if (c < 32 || c == 127) continue;  /* NUL, CR, LF, TAB ...: dropped */
    if (c >= 'A' && c <= 'Z') c = (unsigned char) (c + 32);
    out->s[out->len++] = (char) c;
  }
  /* Windows drops trailing dots and spaces */
  while (out->len && (out->s[out->len - 1] == '.' || out->s[out->len - 1] == ' ')) --out->len;
  return 1;
}

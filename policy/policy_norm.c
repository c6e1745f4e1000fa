#include "policy.h"

/* What a client shows as a dot, or shows nothing for, in UTF-8 (as
   numbers: the characters themselves would mislead a reader here too) */
static const struct { unsigned char u[3]; char to; } tricks[] = {
  { { 0xe2, 0x80, 0xaa }, 0 }, { { 0xe2, 0x80, 0xab }, 0 }, /* LRE RLE */
  { { 0xe2, 0x80, 0xac }, 0 }, { { 0xe2, 0x80, 0xad }, 0 }, /* PDF LRO */
  { { 0xe2, 0x80, 0xae }, 0 },                              /* RLO */
  { { 0xe2, 0x81, 0xa6 }, 0 }, { { 0xe2, 0x81, 0xa7 }, 0 }, /* LRI RLI */
  { { 0xe2, 0x81, 0xa8 }, 0 }, { { 0xe2, 0x81, 0xa9 }, 0 }, /* FSI PDI */
  { { 0xe2, 0x80, 0x8e }, 0 }, { { 0xe2, 0x80, 0x8f }, 0 }, /* LRM RLM */
  { { 0xe2, 0x80, 0x8b }, 0 }, { { 0xe2, 0x80, 0x8c }, 0 }, /* zero widths */
  { { 0xe2, 0x80, 0x8d }, 0 }, { { 0xef, 0xbb, 0xbf }, 0 }, /* ZWJ, BOM */
  { { 0xe2, 0x80, 0xa4 }, '.' },  /* U+2024 one dot leader */
  { { 0xef, 0xbc, 0x8e }, '.' },  /* U+FF0E fullwidth full stop */
  { { 0xef, 0xb9, 0x92 }, '.' },  /* U+FE52 small full stop */
  { { 0xe3, 0x80, 0x82 }, '.' },  /* U+3002 ideographic full stop */
  { { 0xef, 0xbd, 0xa1 }, '.' },  /* U+FF61 halfwidth ideographic full stop */
};

static int same(const char *s, const unsigned char *u)
{
  return (unsigned char) s[0] == u[0] && (unsigned char) s[1] == u[1] && (unsigned char) s[2] == u[2];
}

int policy_norm(stralloc *out, const char *s, size_t len)
{
  size_t i = 0;
  size_t t;

  out->len = 0;
  if (len > (size_t) POLICY_KEYMAX * 4) len = (size_t) POLICY_KEYMAX * 4;
  if (!stralloc_ready(out, len + 1)) return 0;
  while (i < len) {
    unsigned char c = (unsigned char) s[i];
    if (c == 0342 || c == 0343 || c == 0357) {
      for (t = 0; t < sizeof tricks / sizeof tricks[0]; ++t)
        if (len - i >= 3 && same(s + i, tricks[t].u)) break;
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

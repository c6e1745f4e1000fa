#include "mime_int.h"

/* Finds an encoded word =?charset?X?text?= at s[i]; sets the text's
   bounds and the encoding letter. Returns the index after it, or 0. */
static size_t word(const char *s, size_t n, size_t i, size_t *ts, size_t *te, char *enc)
{
  size_t j;
  if (i + 1 >= n || s[i] != '=' || s[i + 1] != '?') return 0;
  /* RFC 2047 words are at most 75 bytes: the caps keep this linear */
  for (j = i + 2; j < n && s[j] != '?'; ++j)
    if (s[j] == ' ' || s[j] == '\t' || j > i + 64) return 0;
  if (j + 2 >= n || s[j + 2] != '?') return 0;
  *enc = s[j + 1];
  if (*enc != 'B' && *enc != 'b' && *enc != 'Q' && *enc != 'q') return 0;
  *ts = j + 3;
  for (j = *ts; j + 1 < n; ++j) {
    if (s[j] == ' ' || s[j] == '\t' || j > *ts + 512) return 0;
    if (s[j] == '?' && s[j + 1] == '=') { *te = j; return j + 2; }
  }
  return 0;
}

/* RFC 2047 encoded words (the charset is ignored: bytes are what matter
   for a boundary); white space between two encoded words disappears. */
int mime_2047(const char *s, size_t n, stralloc *out)
{
  size_t i = 0;
  size_t lastend = (size_t) -1;
  char buf[3 * 64 + 2];
  if (!stralloc_copys(out, "")) return 0;
  while (i < n) {
    size_t ts, te, e;
    char enc;
    e = word(s, n, i, &ts, &te, &enc);
    if (!e) {
      size_t j = i;
      /* white space only up to the next encoded word is dropped */
      if (lastend == i) {
        while (j < n && (s[j] == ' ' || s[j] == '\t')) ++j;
        if (j < n && word(s, n, j, &ts, &te, &enc)) { i = j; continue; }
      }
      if (!stralloc_append(out, s + i)) return 0;
      ++i;
      continue;
    }
    if (enc == 'B' || enc == 'b') {
      struct mime_b64 d = MIME_B64_ZERO;
      size_t k;
      for (k = ts; k < te; k += 256) {
        size_t len = te - k < 256 ? te - k : 256;
        if (!stralloc_catb(out, buf, mime_b64(&d, s + k, len, buf))) return 0;
      }
      if (!stralloc_catb(out, buf, mime_b64_end(&d, buf))) return 0;
    } else {
      size_t k;
      for (k = ts; k < te; ++k) {
        char c = s[k];
        if (c == '_') c = ' ';
        else if (c == '=' && k + 2 < te && mime_hex((unsigned char) s[k + 1]) >= 0 && mime_hex((unsigned char) s[k + 2]) >= 0) {
          c = (char) (mime_hex((unsigned char) s[k + 1]) * 16 + mime_hex((unsigned char) s[k + 2]));
          k += 2;
        }
        if (!stralloc_append(out, &c)) return 0;
      }
    }
    i = e;
    lastend = e;
  }
  return 1;
}

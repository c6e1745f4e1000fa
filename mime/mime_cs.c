#include "mime_int.h"

/* names as Python's codec lookup finds them, compared without case and
   without the punctuation it folds */
static const struct { const char *name; int cs; } names[] = {
  { "cp037", MIME_CS_EBCDIC }, { "ibm037", MIME_CS_EBCDIC }, { "ibm039", MIME_CS_EBCDIC },
  { "037", MIME_CS_EBCDIC }, { "csibm037", MIME_CS_EBCDIC }, { "ebcdiccpus", MIME_CS_EBCDIC },
  { "ebcdiccpca", MIME_CS_EBCDIC }, { "ebcdiccpwt", MIME_CS_EBCDIC }, { "ebcdiccpnl", MIME_CS_EBCDIC },
  { "cp424", MIME_CS_EBCDIC }, { "ibm424", MIME_CS_EBCDIC }, { "424", MIME_CS_EBCDIC },
  { "csibm424", MIME_CS_EBCDIC }, { "ebcdiccphe", MIME_CS_EBCDIC },
  { "cp1140", MIME_CS_EBCDIC }, { "ibm1140", MIME_CS_EBCDIC }, { "1140", MIME_CS_EBCDIC },
  { "cp273", MIME_CS_EBCDIC + 1 }, { "ibm273", MIME_CS_EBCDIC + 1 }, { "273", MIME_CS_EBCDIC + 1 },
  { "csibm273", MIME_CS_EBCDIC + 1 },
  { "cp500", MIME_CS_EBCDIC + 2 }, { "ibm500", MIME_CS_EBCDIC + 2 }, { "500", MIME_CS_EBCDIC + 2 },
  { "csibm500", MIME_CS_EBCDIC + 2 }, { "ebcdiccpbe", MIME_CS_EBCDIC + 2 }, { "ebcdiccpch", MIME_CS_EBCDIC + 2 },
  { "cp875", MIME_CS_EBCDIC + 3 }, { "ibm875", MIME_CS_EBCDIC + 3 }, { "875", MIME_CS_EBCDIC + 3 },
  { "cp1026", MIME_CS_EBCDIC + 4 }, { "ibm1026", MIME_CS_EBCDIC + 4 }, { "1026", MIME_CS_EBCDIC + 4 },
  { "csibm1026", MIME_CS_EBCDIC + 4 },
  { "utf7", MIME_CS_UTF7 }, { "u7", MIME_CS_UTF7 }, { "unicode11utf7", MIME_CS_UTF7 },
  { "csunicode11utf7", MIME_CS_UTF7 }
};

/* The charset of RFC 2231's charset'language'value (s[0..n) is the
   charset) when it is one whose ASCII differs from ASCII: EBCDIC code
   pages, UTF-7; else MIME_CS_NONE. */
int mime_cs(const char *s, size_t n)
{
  char b[24];
  size_t i, k = 0, j;
  for (i = 0; i < n; ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = (char) (c + 32);
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) continue;
    if (k == sizeof b - 1) return MIME_CS_NONE;
    b[k++] = c;
  }
  b[k] = 0;
  for (j = 0; j < sizeof names / sizeof names[0]; ++j) {
    const char *t = names[j].name;
    for (i = 0; i < k && t[i] == b[i]; ++i) ;
    if (i == k && !t[i]) return names[j].cs;
  }
  return MIME_CS_NONE;
}

#include "mime_int.h"

int mime_ieq(const char *s, size_t n, const char *t)
{
  size_t i;
  for (i = 0; i < n; ++i) {
    unsigned char c = (unsigned char) s[i];
    if (c >= 'A' && c <= 'Z') c = (unsigned char) (c + 32);
    if (!t[i] || c != (unsigned char) t[i]) return 0;
  }
  return !t[n];
}

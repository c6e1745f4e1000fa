#include "byte.h"
#include "clamd.h"

static int isdigit_(char c) { return c >= '0' && c <= '9'; }

/* s[0..len-1] is "fd[DIGITS]: " or "stream: ": returns its length, 0 if
   neither */
static size_t tag(const char *s, size_t len)
{
  size_t i;

  if (len >= 8 && byte_equal(s, 8, "stream: ")) return 8;
  if (len < 3 || !byte_equal(s, 3, "fd[")) return 0;
  for (i = 3; i < len && isdigit_(s[i]); ++i) ;
  if (i == 3 || i > 12) return 0;
  if (len - i < 3 || !byte_equal(s + i, 3, "]: ")) return 0;
  return i + 3;
}

static int ends(const char *s, size_t len, const char *t, size_t tlen)
{
  return len >= tlen && byte_equal(s + len - tlen, tlen, t);
}

void clamd_parse(const char *s, size_t len, struct clamd_reply *rep)
{
  unsigned long id = 0;
  size_t i;
  size_t t;

  rep->kind = CLAMD_R_BAD;
  rep->id = 0;
  rep->name = 0;
  rep->namelen = 0;
  for (i = 0; i < len; ++i)  /* NUL, CR, LF, ESC ...: not clamd's */
    if ((unsigned char) s[i] < 32 || (unsigned char) s[i] == 127) return;
  for (i = 0; i < len && isdigit_(s[i]); ++i) {
    if (id > (CLAMD_IDMAX - (unsigned long) (s[i] - '0')) / 10) return;
    id = id * 10 + (unsigned long) (s[i] - '0');
  }
  if (i && (s[0] == '0' || len - i < 2 || !byte_equal(s + i, 2, ": "))) {
    if (!ends(s, len, "ERROR", 5)) return;
    i = 0;   /* an ERROR whatever comes first: the id is not trusted */
    id = 0;
  }
  if (i) i += 2;
  s += i;
  len -= i;
  rep->id = id;
  if (ends(s, len, "ERROR", 5)) {
    rep->kind = CLAMD_R_ERROR;
    rep->name = s;
    rep->namelen = len;
    return;
  }
  if (!id) return;
  if (len == 4 && byte_equal(s, 4, "PONG")) { rep->kind = CLAMD_R_PONG; return; }
  if (len > 7 && byte_equal(s, 7, "ClamAV ")) {
    rep->kind = CLAMD_R_VERSION;
    rep->name = s + 7;
    rep->namelen = len - 7;
    return;
  }
  t = tag(s, len);
  if (!t) return;
  s += t;
  len -= t;
  if (len == 2 && byte_equal(s, 2, "OK")) { rep->kind = CLAMD_R_OK; return; }
  if (len > 6 && ends(s, len, " FOUND", 6)) {
    rep->kind = CLAMD_R_FOUND;
    rep->name = s;
    rep->namelen = len - 6;
  }
}

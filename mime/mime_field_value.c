#include "mime_int.h"

static int hasmulti(const char *s, size_t n)
{
  size_t i;
  for (i = 0; i + 9 <= n; ++i)
    if ((s[i] | 32) == 'm' && mime_ieq(s + i, 9, "multipart")) return 1;
  return 0;
}

static int any(const char *s, size_t n, const char *const *names)
{
  for (; *names; ++names)
    if (mime_ieq(s, n, *names)) return 1;
  return 0;
}

static const char *const msgtypes[] = { "message/rfc822", "message/global", "message/news", 0 };
static const char *const hqxtypes[] = { "application/mac-binhex40", "application/binhex40", "application/x-binhex40", "application/mac-binhex", 0 };
static const char *const ident[] = { "7bit", "8bit", "binary", "x-yenc", "yenc", 0 };
static const char *const uu[] = { "x-uuencode", "uuencode", "x-uue", "uue", "x-uu", "uu", 0 };
static const char *const hqx[] = { "mac-binhex40", "x-mac-binhex40", "binhex40", "x-binhex40", "binhex", "mac-binhex", 0 };

/* white space and comments (nested, with backslash escapes) from s[i] */
static size_t cfws(const char *s, size_t len, size_t i, int *odd)
{
  for (;;) {
    int depth = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
    if (i >= len || s[i] != '(') return i;
    *odd = 1;
    for (; i < len; ++i) {
      if (s[i] == '\\') { ++i; continue; }
      if (s[i] == '(') ++depth;
      else if (s[i] == ')' && !--depth) { ++i; break; }
    }
  }
}

static void ct(const char *s, size_t len, struct mime_field *f)
{
  size_t i, j;
  int odd = 0;
  /* a comment before the type, a quoted type: munpack and ripMIME read
     the type inside; a careless reader takes a leaf */
  i = cfws(s, len, 0, &odd);
  if (i < len && s[i] == '"') { ++i; odd = 1; }
  for (j = i; j < len && s[j] != ';' && s[j] != ' ' && s[j] != '\t' && s[j] != '(' && s[j] != '"' && s[j] != '\r' && s[j] != '\n'; ++j) ;
  f->work += j;
  f->type = i;
  f->typelen = j - i;
  if (j - i >= 9 && mime_ieq(s + i, 9, "multipart")) {
    f->types |= MIME_T_MULTI;
    if (mime_ieq(s + i, j - i, "multipart/digest")) f->types |= MIME_T_DIGEST;
  } else if (hasmulti(s + i, j - i))
    /* x-multipart/mixed and the like: some clients split them */
    f->types |= MIME_T_MULTI | MIME_T_LEAF;
  else if (any(s + i, j - i, msgtypes)) f->types |= MIME_T_MSG;
  else f->types |= MIME_T_LEAF;
  if (odd) f->types |= MIME_T_LEAF;
  if (j - i >= 20 && (s[j - 1] == '0' || (s[j - 1] | 32) == 'x') && any(s + i, j - i, hqxtypes))
    f->emb = MIME_EMBED_HQX;
}

static int wordchar(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

/* every word counts, even in comments: a list such as
   "base64, quoted-printable" gets every decoding */
static void cte(const char *s, size_t len, struct mime_field *f)
{
  size_t i = 0, j;
  int some = 0;
  while (i < len) {
    if (!wordchar((unsigned char) s[i])) { ++i; continue; }
    for (j = i; j < len && wordchar((unsigned char) s[j]); ++j) ;
    some = 1;
    if (mime_ieq(s + i, j - i, "base64")) f->encs |= MIME_ENC_B64;
    else if (mime_ieq(s + i, j - i, "quoted-printable")) f->encs |= MIME_ENC_QP;
    else if (any(s + i, j - i, ident)) f->encs |= MIME_ENC_ID;
    else if (any(s + i, j - i, uu)) { f->encs |= MIME_ENC_ID; f->emb = MIME_EMBED_UU; }
    else if (any(s + i, j - i, hqx)) { f->encs |= MIME_ENC_ID; f->emb = MIME_EMBED_HQX; }
    else f->encs |= MIME_ENC_ID | MIME_ENC_B64; /* unknown: the bytes as they are, and base64 */
    i = j;
  }
  f->work += len;
  if (!some) f->encs |= MIME_ENC_ID | MIME_ENC_B64;
}

/* What the core needs of a Content-Type (the readings: a leaf, a
   message, a multipart; BinHex) or a Content-Transfer-Encoding (the
   decodings; uuencode, BinHex). Boundaries and names are left to
   mime_boundaries and mime_param_first. */
void mime_field_value(enum mime_fkind kind, const char *s, size_t n, struct mime_field *f)
{
  *f = (struct mime_field) { .types = 0, .encs = 0, .emb = MIME_EMBED_NONE, .type = 0, .typelen = 0, .work = 0 };
  if (kind == MIME_F_CT) ct(s, n, f);
  else if (kind == MIME_F_CTE) cte(s, n, f);
}

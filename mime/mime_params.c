#include "mime_int.h"

/* Skips a comment starting at s[i] == '(': nested, with \ quoting.
   Returns the index after it (n if it never closes). */
static size_t comment(const char *s, size_t n, size_t i, unsigned long long *work)
{
  int depth = 0;
  for (; i < n; ++i) {
    ++*work;
    if (s[i] == '\\') { ++i; continue; }
    if (s[i] == '(') ++depth;
    else if (s[i] == ')' && !--depth) return i + 1;
  }
  return n;
}

/* Skips a quoted string starting at s[i] == '"', with \ quoting.
   Returns the index after it (n if it never closes). */
static size_t quoted(const char *s, size_t n, size_t i, unsigned long long *work)
{
  for (++i; i < n && s[i] != '"'; ++i) { ++*work; if (s[i] == '\\') ++i; }
  return i < n ? i + 1 : i;
}

/* Skips to the next ';' outside comments and quoted strings. */
static size_t skipjunk(const char *s, size_t n, size_t i, unsigned long long *work)
{
  while (i < n && s[i] != ';') {
    ++*work;
    if (s[i] == '(') i = comment(s, n, i, work);
    else if (s[i] == '"') i = quoted(s, n, i, work);
    else ++i;
  }
  return i;
}

static size_t skipcfws(const char *s, size_t n, size_t i, unsigned long long *work)
{
  while (i < n) {
    ++*work;
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') ++i;
    else if (s[i] == '(') i = comment(s, n, i, work);
    else break;
  }
  return i;
}

/* RFC 2045 parameters: ; name = value, value a token or a quoted string,
   comments anywhere between. A broken parameter is skipped up to the next
   ';' outside quotes. Linear in n: every byte is looked at a fixed number
   of times. */
int mime_params(const char *s, size_t n, stralloc *tmp, mime_paramfn fn, void *ctx, unsigned long long *work)
{
  size_t i = 0;
  /* the type/subtype part, up to the first ';' outside comments and quotes */
  i = skipjunk(s, n, i, work);
  while (i < n) {
    size_t ns, ne;
    ++i; /* the ';' */
    i = skipcfws(s, n, i, work);
    ns = i;
    while (i < n && s[i] != '=' && s[i] != ';' && s[i] != ' ' && s[i] != '\t' && s[i] != '(' && s[i] != '"') { ++*work; ++i; }
    ne = i;
    i = skipcfws(s, n, i, work);
    if (i >= n) break;
    if (s[i] != '=' || ne == ns) {
      /* no value: skip to the next ';' outside quotes */
      i = skipjunk(s, n, i, work);
      continue;
    }
    ++i;
    i = skipcfws(s, n, i, work);
    if (!stralloc_copys(tmp, "")) return 0;
    if (i < n && s[i] == '"') {
      ++i;
      while (i < n && s[i] != '"') {
        ++*work;
        if (s[i] == '\\' && i + 1 < n) ++i;
        if (!stralloc_append(tmp, s + i)) return 0;
        ++i;
      }
      if (i < n) ++i;
    } else {
      size_t vs = i;
      while (i < n && s[i] != ';' && s[i] != ' ' && s[i] != '\t' && s[i] != '(' && s[i] != '\r' && s[i] != '\n') { ++*work; ++i; }
      if (!stralloc_copyb(tmp, s + vs, i - vs)) return 0;
    }
    if (!fn(ctx, s + ns, ne - ns, tmp->s ? tmp->s : "", tmp->len)) return 0;
    /* anything up to the next ';' is junk */
    i = skipjunk(s, n, i, work);
  }
  return 1;
}

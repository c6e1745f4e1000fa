#include "byte.h"
#include "cdb.h"
#include "policy.h"

static char ruled[POLICY_KEYMAX + 8];

/* the longest suffix of norm from a dot that the table lists */
static int suffix(const struct policy *p, const stralloc *norm, const char **rule)
{
  char key[POLICY_KEYMAX + 1];
  const char *d;
  size_t dl;
  size_t i;

  for (i = 0; i < norm->len; ++i) {
    size_t n = norm->len - i;
    if (norm->s[i] != '.' || n > POLICY_KEYMAX) continue;
    key[0] = 'n';
    byte_copy(key + 1, n, norm->s + i);
    if (cdb_find(p->db.s, p->db.len, key, n + 1, &d, &dl) != 1) continue;
    byte_copy(ruled, 5, "name:");
    byte_copy(ruled + 5, n, norm->s + i);
    ruled[5 + n] = 0;
    *rule = ruled;
    return 1;
  }
  return 0;
}

int policy_name(const struct policy *p, const char *name, size_t len,
                stralloc *norm, const char **rule)
{
  size_t nul = byte_chr(name, len, 0);

  if (!p->db.len) return 0;
  /* a reader that stops at a NUL sees less than one that skips it */
  if (nul < len) {
    if (!policy_norm(norm, name, nul)) return -1;
    if (suffix(p, norm, rule)) return 1;
  }
  if (!policy_norm(norm, name, len)) return -1;
  return suffix(p, norm, rule);
}

#include "byte.h"
#include "cdb.h"
#include "policy.h"

static char ruled[POLICY_KEYMAX + 8];

int policy_type(const struct policy *p, const char *type, size_t len, const char **rule)
{
  char key[POLICY_KEYMAX + 1];
  const char *d;
  size_t dl;
  size_t i;

  if (!p->db.len || !len || len > POLICY_KEYMAX) return 0;
  key[0] = 't';
  for (i = 0; i < len; ++i) {
    char c = type[i];
    key[i + 1] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  if (cdb_find(p->db.s, p->db.len, key, len + 1, &d, &dl) != 1) return 0;
  byte_copy(ruled, 5, "type:");
  byte_copy(ruled + 5, len, key + 1);
  ruled[5 + len] = 0;
  *rule = ruled;
  return 1;
}

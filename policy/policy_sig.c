#include "byte.h"
#include "cdb.h"
#include "policy.h"

static char ruled[POLICY_KEYMAX + 2];

/* the action stored under key, or -1 */
static int action(const struct policy *p, const char *key, size_t klen)
{
  const char *data;
  size_t dlen;
  if (cdb_find(p->db.s, p->db.len, key, klen, &data, &dlen) != 1 || dlen != 1) return -1;
  if (data[0] == 'a') return POLICY_ACCEPT;
  if (data[0] == 'd') return POLICY_DEFER;
  if (data[0] == 'r') return POLICY_REFUSE;
  return -1;
}

enum policy_action policy_sig(const struct policy *p, const char *name,
                              size_t len, const char **rule)
{
  char key[POLICY_KEYMAX + 2];
  size_t k;
  int a;

  *rule = "default";
  if (!p->db.len) return POLICY_REFUSE;
  if (len > POLICY_KEYMAX) len = POLICY_KEYMAX;
  key[0] = 's';
  key[1] = '=';
  byte_copy(key + 2, len, name);
  a = action(p, key, len + 2);
  if (a >= 0) {
    byte_copy(ruled, len, key + 2);
    ruled[len] = 0;
    *rule = ruled;
    return (enum policy_action) a;
  }
  key[1] = '+';
  for (k = len; k > 0; --k) {
    a = action(p, key, k + 2);
    if (a < 0) continue;
    byte_copy(ruled, k, key + 2);
    ruled[k] = '*';
    ruled[k + 1] = 0;
    *rule = ruled;
    return (enum policy_action) a;
  }
  return POLICY_REFUSE;
}

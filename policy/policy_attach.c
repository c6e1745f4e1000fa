#include "cdb.h"
#include "policy.h"

int policy_attach(const struct policy *p)
{
  const char *d;
  size_t dl;
  return p->db.len && cdb_find(p->db.s, p->db.len, "!", 1, &d, &dl) == 1;
}

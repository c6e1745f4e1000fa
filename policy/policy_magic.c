#include "byte.h"
#include "cdb.h"
#include "policy.h"

/* what the first bytes of a file make it, whatever it is called:
   "pe" (MZ, a DOS or Windows executable), "elf", "script" (#!), or 0 */
static const char *kind(const char *head, size_t len)
{
  if (len >= 2 && head[0] == 'M' && head[1] == 'Z') return "pe";
  if (len >= 4 && byte_equal(head, 4, "\177ELF")) return "elf";
  if (len >= 2 && head[0] == '#' && head[1] == '!') return "script";
  return 0;
}

int policy_magic(const struct policy *p, const char *head, size_t len, const char **rule)
{
  static char ruled[16];
  char key[8];
  const char *k = kind(head, len);
  const char *d;
  size_t dl;
  size_t n;

  if (!p->db.len || !k) return 0;
  for (n = 0; k[n]; ++n) key[n + 1] = k[n];
  key[0] = 'm';
  if (cdb_find(p->db.s, p->db.len, key, n + 1, &d, &dl) != 1) return 0;
  byte_copy(ruled, 6, "magic:");
  byte_copy(ruled + 6, n + 1, k);
  *rule = ruled;
  return 1;
}

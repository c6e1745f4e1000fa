#include <errno.h>
#include "cdb.h"

int cdb_make_add(struct cdb_make *m, const char *key, size_t klen,
                 const char *data, size_t dlen)
{
  char n[8];

  if (klen > CDB_MAX || dlen > CDB_MAX || m->out.len + 8 + klen + dlen > CDB_MAX) {
    errno = EFBIG;
    return 0;
  }
  cdb_pack(n, cdb_hash(key, klen));
  cdb_pack(n + 4, (uint32_t) m->out.len);
  if (!stralloc_catb(&m->hp, n, 8)) return 0;
  cdb_pack(n, (uint32_t) klen);
  cdb_pack(n + 4, (uint32_t) dlen);
  if (!stralloc_readyplus(&m->out, 8 + klen + dlen)) { m->hp.len -= 8; return 0; }
  return stralloc_catb(&m->out, n, 8) && stralloc_catb(&m->out, key, klen) &&
         stralloc_catb(&m->out, data, dlen);
}

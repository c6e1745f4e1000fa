#include <errno.h>
#include "byte.h"
#include "cdb.h"

/* Table t gets twice as many slots as it has records (at least one
   empty slot ends every search); each record goes into the first free
   slot from (hash >> 8) % slots on. */
int cdb_make_finish(struct cdb_make *m)
{
  size_t nrec = m->hp.len / 8;
  size_t count[256];
  size_t t;
  size_t i;

  byte_zero((char *) count, sizeof count);
  for (i = 0; i < nrec; ++i) ++count[cdb_unpack(m->hp.s + i * 8) & 255];
  if (m->out.len + nrec * 16 > CDB_MAX) { errno = EFBIG; return 0; }
  if (!stralloc_readyplus(&m->out, nrec * 16)) return 0;
  for (t = 0; t < 256; ++t) {
    size_t slots = count[t] * 2;
    size_t tpos = m->out.len;
    char *tab = m->out.s + tpos;

    cdb_pack(m->out.s + t * 8, (uint32_t) tpos);
    cdb_pack(m->out.s + t * 8 + 4, (uint32_t) slots);
    if (!slots) continue;
    byte_zero(tab, slots * 8);
    for (i = 0; i < nrec; ++i) {
      const char *e = m->hp.s + i * 8;
      uint32_t h = cdb_unpack(e);
      size_t s;

      if ((h & 255) != t) continue;
      s = (h >> 8) % slots;
      while (cdb_unpack(tab + s * 8 + 4)) if (++s == slots) s = 0;
      byte_copy(tab + s * 8, 8, e);
    }
    m->out.len += slots * 8;
  }
  return 1;
}

#include "cdb.h"

int cdb_make_start(struct cdb_make *m)
{
  m->hp.len = 0;
  if (!stralloc_ready(&m->out, 2048)) return 0;
  m->out.len = 2048;  /* the header, filled in by cdb_make_finish */
  return 1;
}

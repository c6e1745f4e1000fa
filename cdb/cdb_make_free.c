#include "cdb.h"

void cdb_make_free(struct cdb_make *m)
{
  stralloc_free(&m->out);
  stralloc_free(&m->hp);
}

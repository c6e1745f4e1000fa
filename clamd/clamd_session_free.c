#include "clamd.h"

void clamd_session_free(struct clamd_session *ss)
{
  stralloc_free(&ss->name);
  stralloc_free(&ss->got);
  stralloc_free(&ss->in);
  stralloc_free(&ss->why);
  stralloc_free(&ss->db);
  stralloc_free(&ss->cand);
}

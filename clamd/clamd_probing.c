#include "clamd_int.h"

int clamd_probing(const struct clamd_session *ss)
{
  return ss->control && ss->control <= ss->got.len && !ss->got.s[ss->control - 1];
}

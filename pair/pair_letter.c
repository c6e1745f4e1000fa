#include "pair.h"

char pair_letter(const char *facts, size_t len)
{
  if (!facts || !len) return 0;
  switch (facts[0]) {
    case PAIR_QUEUED: case PAIR_REFUSED: case PAIR_DEFERRED: return facts[0];
  }
  return 0;
}

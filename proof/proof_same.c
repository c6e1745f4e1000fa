#include "byte.h"
#include "proof.h"

int proof_same(const struct proof_id *a, const struct proof_id *b)
{
  return a->pid == b->pid && a->start == b->start && byte_diff(a->boot, PROOF_BOOTLEN, b->boot) == 0;
}

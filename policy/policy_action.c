#include "byte.h"
#include "policy.h"

int policy_action(const char *s, size_t len)
{
  if (len == 6 && byte_equal(s, 6, "accept")) return POLICY_ACCEPT;
  if (len == 5 && byte_equal(s, 5, "defer")) return POLICY_DEFER;
  if (len == 6 && byte_equal(s, 6, "refuse")) return POLICY_REFUSE;
  return -1;
}

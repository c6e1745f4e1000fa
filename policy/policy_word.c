#include "policy.h"

const char *policy_word(enum policy_action a)
{
  switch (a) {
    case POLICY_ACCEPT: return "accept";
    case POLICY_DEFER: return "defer";
    case POLICY_REFUSE: break;
  }
  return "refuse";
}

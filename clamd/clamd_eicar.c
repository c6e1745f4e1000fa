#include "clamd.h"

/* The EICAR test string, from two hex halves (as tests/eicar does), so
   that no source or object file holds it: a scanner run over the tree or
   the installed programs must not find it there. */
static const char h1[] =
  "58354f2150254041505b345c505a58353428505e2937434329377d2445494341522d";
static const char h2[] =
  "5354414e444152442d414e544956495255532d544553542d46494c452124482b482a";

static int nibble(char c)
{
  return c <= '9' ? c - '0' : c - 'a' + 10;
}

void clamd_eicar(char *buf)
{
  size_t i;

  for (i = 0; i < 34; ++i) {
    buf[i] = (char) (nibble(h1[2 * i]) * 16 + nibble(h1[2 * i + 1]));
    buf[34 + i] = (char) (nibble(h2[2 * i]) * 16 + nibble(h2[2 * i + 1]));
  }
}

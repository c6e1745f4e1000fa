#include "mime_int.h"

/* Two digits carry one whole byte, three carry two; one carries none. */
size_t mime_b64_tail(unsigned long acc, int q, char *out)
{
  if (q == 2) { out[0] = (char) (acc >> 4); return 1; }
  if (q == 3) { out[0] = (char) (acc >> 10); out[1] = (char) (acc >> 2); return 2; }
  return 0;
}

#include "byte.h"
#include "pair.h"

/* The pid is the caller's word, like the rest of the facts: it only
   names, in the summary, the qmail-queue whose log line ("qp PID") goes
   with the message. */
unsigned long pair_queue(char *facts, size_t *len)
{
  unsigned long pid = 0;
  size_t i;
  if (pair_letter(facts, *len) != PAIR_QUEUED) return 0;
  for (i = 1; i < *len && i <= 10 && facts[i] >= '0' && facts[i] <= '9'; ++i)
    pid = pid * 10 + (unsigned long) (facts[i] - '0');
  if (i == 1 || i >= *len || facts[i] != ' ' || !pid) return 0;
  byte_copy(facts + 1, *len - i - 1, facts + i + 1);
  *len -= i;
  return pid;
}

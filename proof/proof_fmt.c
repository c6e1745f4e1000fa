#include "byte.h"
#include "fmt.h"
#include "proof.h"

size_t proof_fmt(char *buf, const struct proof_id *id)
{
  size_t n = fmt_str(buf, "clamd ");
  n += fmt_ulong(buf + n, id->pid);
  n += fmt_str(buf + n, " ");
  n += fmt_ulong(buf + n, id->start);
  n += fmt_str(buf + n, " ");
  byte_copy(buf + n, PROOF_BOOTLEN, id->boot);
  n += PROOF_BOOTLEN;
  n += fmt_str(buf + n, "\n");
  return n;
}

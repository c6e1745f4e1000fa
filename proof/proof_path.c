#include "str.h"
#include "proof.h"

int proof_path(char *out, size_t size, const char *sock)
{
  return str_join(out, size, sock, ".alerted");
}

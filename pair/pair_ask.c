#include <unistd.h>
#include "pair.h"

int pair_ask(int sock)
{
  char req = PAIR_ASK;
  return write(sock, &req, 1) == 1 ? 0 : -1;
}

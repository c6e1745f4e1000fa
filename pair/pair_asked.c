#include <unistd.h>
#include "pair.h"

/* read(2), never recvmsg: the setuid side takes no descriptor, and reads
   nothing past the one byte of the one packet */
int pair_asked(int sock)
{
  char req;
  return read(sock, &req, 1) == 1 && req == PAIR_ASK;
}

#include <sys/socket.h>
#include "pair.h"

/* recv(2), never recvmsg: the setuid side takes no descriptor. A longer
   packet is cut (MSG_TRUNC shows it) and refused. */
long pair_proof(int sock)
{
  unsigned char p[3];
  ssize_t r = recv(sock, p, sizeof p, MSG_DONTWAIT | MSG_TRUNC);
  if (r != 2 || p[0] != PAIR_PROVED || p[1] >= PAIR_MAX) return -1;
  return (long) p[1];
}

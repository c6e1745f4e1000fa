/* tests/fake/hint: a stand-in for a qscanq-stdin taken over by a hostile
 * message, for tests (SECURITY 5.10a): put in bin/qscanq-stdin's place,
 * it asks qscanq for the clamd connections as qscanq-stdin would, drops
 * them unused, tells qscanq that server 0 has just reported the alert
 * sample (PAIR_PROVED), which no session here showed, and exits 71
 * (deferred: nothing is queued). qscanq must not keep that proof unless
 * its own session with that clamd shows it. Exit 111 if qscanq's
 * arguments or socketpair are not as pair.h says. */

#include <sys/socket.h>
#include <unistd.h>
#include "pair.h"

int main(int argc, char **argv)
{
  struct pair_args a;
  char answer[4096];
  if (pair_args(&a, argc, argv) == -1 || a.ask == -1) _exit(111);
  if (pair_ask(a.ask) == -1) _exit(111);
  /* recv without a control buffer: the kernel closes what came with it */
  if (recv(a.ask, answer, sizeof answer, 0) <= 0) _exit(111);
  if (pair_proved(a.ask, 0) == -1) _exit(111);
  _exit(71);
}

#include "fmt.h"
#include "pair.h"

/* The one place the command line is made. The numbers are the fds
   themselves: qscanq-stdin finds its ends of the pipe and the socketpair
   where qscanq left them. */
void pair_cmd(struct pair_cmd *c, char *name, char *id, int facts, int ask)
{
  static char nofacts[] = PAIR_NOFACTS;
  c->argv[0] = name;
  c->argv[1] = id;
  c->argv[2] = nofacts;
  if (facts != -1) {
    c->facts[fmt_ulong(c->facts, (unsigned long) facts)] = 0;
    c->argv[2] = c->facts;
  }
  c->ask[fmt_ulong(c->ask, (unsigned long) ask)] = 0;
  c->argv[3] = c->ask;
  c->argv[4] = 0;
}

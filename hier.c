#include "auto_home.h"
#include "auto_users.h"
#include "hier.h"

void hier(void)
{
  q(auto_home, "");
  q(auto_home, "bin");
  q(auto_home, "man");
  q(auto_home, "man/man1");
  q(auto_home, "man/man8");

  c(auto_home, "bin", "qscanq", "qscanq", auto_userq, 0, 04711);
  c(auto_home, "bin", "qscanq-stdin", "qscanq-stdin", "root", 0, 0755);

  d(auto_home, "qscanq", "root", 0, 0755);
  d(auto_home, "qscanq/spool", auto_userq, 0, 0700);
  w(auto_home, "qscanq", "qmail-queue", "../bin/qmail-queue");

  /* cleanq's service: supervise keeps the modes it finds, so the control
     group can reach supervise/control through a folder it may only search. */
  d(auto_home, "qscanq/cleanq", "root", 0, 0755);
  d(auto_home, "qscanq/cleanq/supervise", "root", auto_groupc, 0710);
  p(auto_home, "qscanq/cleanq/supervise", "control", "root", auto_groupc, 0620);
  d(auto_home, "qscanq/cleanq/log", "root", 0, 0755);
  d(auto_home, "qscanq/cleanq/log/main", auto_userl, 0, 0755);
}

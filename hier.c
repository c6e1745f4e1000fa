#include "auto_home.h"
#include "auto_users.h"
#include "hier.h"
#include "qsq_path.h"

/* The names below conf-home are qsq_path.h's, which the programs use too. */
void hier(void)
{
  q(auto_home, "");
  q(auto_home, QSQ_BIN);
  q(auto_home, "man");
  q(auto_home, "man/man1");
  q(auto_home, "man/man8");

  c(auto_home, QSQ_BIN, QSQ_QSCANQ, QSQ_QSCANQ, auto_userq, 0, 04711);
  c(auto_home, QSQ_BIN, QSQ_STDIN, QSQ_STDIN, "root", 0, 0711);
  c(auto_home, QSQ_BIN, "qscanq-policy", "qscanq-policy", "root", 0, 0755);
  c(auto_home, QSQ_BIN, "reformime", "reformime", "root", 0, 0755);
  c(auto_home, QSQ_BIN, QSQ_CLEANQPROG, QSQ_CLEANQPROG, "root", 0, 0755);
  c(auto_home, QSQ_BIN, QSQ_RUNCLEANQ, QSQ_RUNCLEANQ, "root", auto_groupc, 02711);
  c(auto_home, QSQ_BIN, "qscanq-stats", "qscanq-stats", "root", 0, 0755);
  c(auto_home, QSQ_BIN, "install-wrap", "install-wrap", "root", 0, 0700);
  c(auto_home, QSQ_BIN, "install-unwrap", "install-unwrap", "root", 0, 0700);

  d(auto_home, QSQ_DIR, "root", 0, 0755);
  d(auto_home, QSQ_SPOOL, auto_userq, 0, 0700);
  w(auto_home, QSQ_DIR, QSQ_QUEUE, QSQ_QUEUELINK);
  /* Not here: qscanq/clamd, the folder of the local clamd's socket (the
     qscanq user's, group clamd's, 0730). clamd's service makes it and sets
     its owner and mode each time it starts (make-clamd-run.sh): its group
     is clamd's, which a site with the command form may not have. */

  /* cleanq's service: supervise keeps the modes it finds, so the control
     group can reach supervise/control through a folder it may only search. */
  d(auto_home, QSQ_CLEANQ, "root", 0, 0755);
  d(auto_home, QSQ_SUPERVISE, "root", auto_groupc, 0710);
  p(auto_home, QSQ_SUPERVISE, QSQ_CONTROL, "root", auto_groupc, 0620);
  d(auto_home, QSQ_CLEANQLOG, "root", 0, 0755);
  d(auto_home, QSQ_CLEANQLOG "/main", auto_userl, 0, 0755);
  /* generated from conf-home, conf-users and conf-daemontools */
  c(auto_home, QSQ_CLEANQ, "run", "cleanq-run", "root", 0, 0755);
  c(auto_home, QSQ_CLEANQLOG, "run", "cleanq-log-run", "root", 0, 0755);

  /* qscanq's own clamd (INSTALL step 5): generated from conf-clamd too.
     supervise runs as root; only clamd.conf needs to be readable by all. */
  d(auto_home, QSQ_CLAMDSVC, "root", 0, 0755);
  d(auto_home, QSQ_CLAMDLOG, "root", 0, 0755);
  d(auto_home, QSQ_CLAMDLOG "/main", auto_userl, 0, 0755);
  c(auto_home, QSQ_CLAMDSVC, "run", "clamd-run", "root", 0, 0755);
  c(auto_home, QSQ_CLAMDSVC, "clamd.conf", "clamd.conf", "root", 0, 0644);
  c(auto_home, QSQ_CLAMDLOG, "run", "clamd-log-run", "root", 0, 0755);

  c(auto_home, "man/man8", "qscanq.8", "qscanq.8", "root", 0, 0644);
  c(auto_home, "man/man8", "qscanq-stdin.8", "qscanq-stdin.8", "root", 0, 0644);
  c(auto_home, "man/man8", "qscanq-policy.8", "qscanq-policy.8", "root", 0, 0644);
  c(auto_home, "man/man8", "cleanq.8", "cleanq.8", "root", 0, 0644);
  c(auto_home, "man/man8", "run-cleanq.8", "run-cleanq.8", "root", 0, 0644);
  c(auto_home, "man/man8", "install-wrap.8", "install-wrap.8", "root", 0, 0644);
  c(auto_home, "man/man8", "install-unwrap.8", "install-unwrap.8", "root", 0, 0644);
  c(auto_home, "man/man8", "qscanq-stats.8", "qscanq-stats.8", "root", 0, 0644);
  c(auto_home, "man/man1", "reformime.1", "reformime.1", "root", 0, 0644);
}

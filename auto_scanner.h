#ifndef AUTO_SCANNER_H
#define AUTO_SCANNER_H

#include <stddef.h>
#include "clamd.h"

/* conf-scanner's first line, turned into tables by auto-scanner at build
   time. The clamd form fills auto_clamd (auto_clamd_count servers) and
   leaves auto_scanner empty; the command form fills auto_scanner (split on
   spaces) and has auto_clamd_count 0. */
extern char *const auto_scanner[];
extern const struct clamd_server auto_clamd[];
extern const size_t auto_clamd_count;

/* servers in the clamd form, at most (auto-scanner refuses more) */
#define AUTO_CLAMD_MAX 32

/* qscanq connects clamd's unix sockets for qscanq-stdin (qscanq.c): the
   request is this one byte; the answer is one packet of struct clamd_fds,
   with one fd in its SCM_RIGHTS per server whose status is 0, in server
   order. status[i]: 0 connected, -1 not a unix socket (qscanq-stdin
   connects it), else the errno of qscanq's attempt. count is qscanq's
   auto_clamd_count, so a qscanq-stdin built from another conf-scanner
   can tell. */
#define CLAMD_ASK 'c'
struct clamd_fds {
  int count;
  int status[AUTO_CLAMD_MAX];
};

#endif

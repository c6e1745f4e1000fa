#ifndef AUTO_SCANNER_H
#define AUTO_SCANNER_H

#include <stddef.h>
#include "clamd.h"
#include "pair.h"

/* conf-scanner's first line, turned into tables by auto-scanner at build
   time. The clamd form fills auto_clamd (auto_clamd_count servers) and
   leaves auto_scanner empty; the command form fills auto_scanner (split on
   spaces) and has auto_clamd_count 0. */
extern char *const auto_scanner[];
extern const struct clamd_server auto_clamd[];
extern const size_t auto_clamd_count;

/* servers in the clamd form, at most (auto-scanner refuses more): as
   many as qscanq's answer to qscanq-stdin's ask can carry (pair.h) */
#define AUTO_CLAMD_MAX PAIR_MAX

#endif

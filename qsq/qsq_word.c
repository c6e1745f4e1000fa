#include "qsq.h"

/* qmail-queue's table (SPEC 6): qmail-smtpd refuses for good on a code
   from 11 to 40 and defers on any other. */
const char *qsq_word(int code)
{
  return code >= QSQ_EXIT_PERM && code <= QSQ_EXIT_PERMLAST ? "refused" : "deferred";
}

#ifndef QSQ_PREFIX_H
#define QSQ_PREFIX_H

#include <stddef.h>

/* The log lines' prefix, in qmail's style, the same for every line of
   qscanq and qscanq-stdin about one message:
     "qscanq: " [ID " "] "uid " N [" ip " IP] ": "
   ID (0 for none yet) and IP (0 for none) come from the caller:
   cut to their alphabets (QSQ_IDCHARS, QSQ_IPCHARS: qsq_safe.h), at most
   64 bytes each. out has room for QSQ_PREFIX; NUL-terminated; returns
   the length. */
#define QSQ_PREFIX 200
extern size_t qsq_prefix(char *out, const char *id, unsigned long uid, const char *ip);

#endif

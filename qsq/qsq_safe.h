#ifndef QSQ_SAFE_H
#define QSQ_SAFE_H

#include <stddef.h>

/* The sanitizers: untrusted text (an ID or address from the caller, a
   scanner's report, a virus name) reaches a log line or a reply only
   through them. */

/* the ID's alphabet (qsq_id.h) and an IP address's, as the caller gives
   them (qsq_prefix, verdict_facts) */
#define QSQ_IDCHARS "@.0123456789abcdef"
#define QSQ_IPCHARS "0123456789abcdefABCDEF.:"

/* Appends to out[len..] the bytes of s (up to its NUL, at most max of
   them), each one in allowed kept and any other as '?', stopping short of
   size (room for the NUL included); NUL-terminates. Returns the new len. */
extern size_t qsq_safe(char *out, size_t len, size_t size, const char *s,
                       const char *allowed, size_t max);
/* Writes s[0..len-1], cut at max bytes, printable ASCII kept and any
   other byte as '?', into out (room for max + 1); NUL-terminates.
   Returns the length written. */
extern size_t qsq_printable(char *out, const char *s, size_t len, size_t max);
/* c, or '?' if it is not printable ASCII */
extern char qsq_printc(char c);

#endif

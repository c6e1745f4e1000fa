#ifndef QSQ_SAFE_H
#define QSQ_SAFE_H

#include <stddef.h>

/* The sanitizers: untrusted text (an ID or address from the caller, a
   scanner's report, a virus name, a part's name) reaches a log line, a
   reply or a listing only through one filter, qsq_keep: a byte in the
   alphabet is kept, any other (NUL always) becomes '?'. Each kind of
   text has its alphabet, named here; none holds a newline. */

#define QSQ_ALNUM "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
/* printable ASCII but space: a type in reformime's listing */
#define QSQ_GRAPH "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
/* printable ASCII: a scanner's report, a summary line read back, a
   name in the listing, the envelope's text once verdict_addr made it */
#define QSQ_PRINT " " QSQ_GRAPH
/* an address or Message-ID (verdict_addr): QSQ_GRAPH but the < > and ,
   that verdict_envelope writes around and between them */
#define QSQ_ADDRCHARS "!\"#$%&'()*+-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
/* a virus name (verdict_name): ClamAV's use no other */
#define QSQ_NAMECHARS QSQ_ALNUM "._-"
/* a name or an ERROR text in a clamd reply (clamd_sanitise): every
   signature name ClamAV has (Win.Test.EICAR_HDB-1,
   Heuristics.Limits.Exceeded.MaxFileSize, Qscanq.Test.Eicar.UNOFFICIAL),
   and a space for "INSTREAM size limit exceeded. ERROR" */
#define QSQ_CLAMDCHARS QSQ_ALNUM " ._-:/+"
/* clamd's database version ("1.4.6/27500") */
#define QSQ_DBCHARS QSQ_ALNUM "./_-"
/* a server as conf-scanner names it ("/path/clamd.ctl", "[::1]:3310") */
#define QSQ_SERVERCHARS QSQ_ALNUM "./_-:[]"
/* a policy rule in replies and facts: a name rule's "name:.exe",
   "type:application/x-msdownload", "Heuristics.Phishing.*" */
#define QSQ_RULECHARS QSQ_ALNUM "._-*/+:="
/* the ID (qsq_id.h) and an IP address, as the caller gives them */
#define QSQ_IDCHARS "@.0123456789abcdef"
#define QSQ_IPCHARS "0123456789abcdefABCDEF.:"

/* c if it is in alphabet (a NUL-terminated string of the bytes kept),
   else '?'; NUL is never kept. */
extern char qsq_keep(const char *alphabet, char c);
/* out[i] = qsq_keep(alphabet, s[i]) for each i below len; no NUL added.
   Returns len. */
extern size_t qsq_filter(char *out, const char *s, size_t len, const char *alphabet);
/* Appends to out[len..] the bytes of s (up to its NUL, at most max of
   them) through qsq_keep(allowed), stopping short of size (room for the
   NUL included); NUL-terminates. Returns the new len. */
extern size_t qsq_safe(char *out, size_t len, size_t size, const char *s,
                       const char *allowed, size_t max);
/* Writes s[0..len-1], cut at max bytes, through qsq_keep(QSQ_PRINT),
   into out (room for max + 1); NUL-terminates. Returns the length
   written. */
extern size_t qsq_printable(char *out, const char *s, size_t len, size_t max);
/* qsq_keep(QSQ_PRINT, c), for a byte at a time */
extern char qsq_printc(char c);

#endif

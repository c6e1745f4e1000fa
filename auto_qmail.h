#ifndef AUTO_QMAIL_H
#define AUTO_QMAIL_H

/* conf-qmail: 1 if the caller is notqmail (reads a reply on fd 6 at exit 82) */
extern const unsigned long auto_notqmail;
/* conf-users line 3, qmail-send's user: 1 known (auto_senduid is its uid),
   0 none named, 2 named but unknown at build time */
extern const unsigned long auto_sendknown;
extern const unsigned long auto_senduid;

#endif

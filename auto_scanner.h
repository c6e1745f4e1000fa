#ifndef AUTO_SCANNER_H
#define AUTO_SCANNER_H

extern char *const auto_scanner[]; /* conf-scanner, split on spaces */

#endif

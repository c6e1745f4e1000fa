#ifndef AUTO_TIMEOUT_H
#define AUTO_TIMEOUT_H

extern const unsigned long auto_timeout; /* conf-timeout, seconds */

#endif

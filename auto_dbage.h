#ifndef AUTO_DBAGE_H
#define AUTO_DBAGE_H

extern const unsigned long auto_dbage; /* conf-dbage, days; 0: no check */

#endif

#ifndef AUTO_USERS_H
#define AUTO_USERS_H

extern const char auto_userq[]; /* conf-users line 1: owns the spool */
extern const char auto_userl[]; /* conf-users line 2: owns cleanq's log */
extern const char auto_groupc[]; /* conf-groups line 1: may wake cleanq */

#endif

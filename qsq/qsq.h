#ifndef QSQ_H
#define QSQ_H

/* What qscanq's programs share: the working folder's ID and the exit
   codes by name. Written once here; every program and hier.c use it. */
#include <stddef.h>
#include <stdint.h>

/* Exit codes, qmail-queue's table (SPEC 6). */
#define QSQ_EXIT_VIRUS 31   /* refused for good: virus, or beyond the limits */
#define QSQ_EXIT_NOMEM 51
#define QSQ_EXIT_WRITE 53   /* could not write the copy */
#define QSQ_EXIT_READ 54    /* could not read the message */
#define QSQ_EXIT_TEMP 71    /* any other trouble: the sender retries */
#define QSQ_EXIT_BUG 81     /* a qscanq program crashed */
#define QSQ_EXIT_REPLY 82   /* notqmail: the refusal's text is on fd 6 */
#define QSQ_EXIT_USAGE 100  /* daemontools' codes, for the helper programs */
#define QSQ_EXIT_FAIL 111

/* A working folder's name: @, 24 hex digits of a TAI64N label, ., the
   pid in hex, ., a decimal counter. QSQ_IDMAX has room for the NUL. */
#define QSQ_IDPACK 12       /* the label's bytes (TAIA_PACKN) */
#define QSQ_IDMAX 64

/* Writes the ID, NUL-terminated, to id (QSQ_IDMAX bytes); its length. */
extern size_t qsq_id_make(char *id, const char label[QSQ_IDPACK],
                          unsigned long pid, unsigned long counter);
/* 1 if name is an ID as qsq_id_make writes them (the counter in any hex
   digits: older versions wrote it so), with the label's seconds in *sec;
   0 if not. */
extern int qsq_id_parse(const char *name, uint64_t *sec);

#endif

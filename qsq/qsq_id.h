#ifndef QSQ_ID_H
#define QSQ_ID_H

#include <stddef.h>
#include <stdint.h>

/* A working folder's name: @, 24 hex digits of a TAI64N label, ., the
   pid in hex, ., a decimal counter (its alphabet: QSQ_IDCHARS,
   qsq_safe.h). QSQ_IDMAX has room for the NUL. */
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

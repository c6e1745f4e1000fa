#ifndef CDB_H
#define CDB_H

#include <stddef.h>
#include <stdint.h>
#include "stralloc.h"

/* Constant databases in D. J. Bernstein's cdb format (the one tcprules
   writes), written here from the format's description: a 2048-byte
   header of 256 (position, slots) pairs, then the records (key length,
   data length, key, data), then 256 hash tables of (hash, position)
   pairs; every number 4 bytes little-endian. A table is made whole in
   memory and read whole into memory: the tables this project keeps are
   small, and a reader that checks every offset against the size it read
   cannot be led outside it by a damaged file. */

/* the largest database cdb_make_finish writes and the readers accept */
#define CDB_MAX (64UL << 20)

extern uint32_t cdb_hash(const char *key, size_t len);
extern uint32_t cdb_unpack(const char *s);
extern void cdb_pack(char *s, uint32_t u);

/* Looks key up in the database db[0..size-1]: 1 and *data, *dlen (inside
   db) for the first record with that key; 0 when there is none; -1 when
   the database is malformed (an offset or length outside it). */
extern int cdb_find(const char *db, size_t size, const char *key, size_t klen,
                    const char **data, size_t *dlen);

/* A database being made: records, and one (hash, position) per record. */
struct cdb_make {
  stralloc out;   /* header room, then the records */
  stralloc hp;    /* 8 bytes per record: hash, position */
};
#define CDB_MAKE_ZERO { STRALLOC_ZERO, STRALLOC_ZERO }

/* Each returns 1, or 0 on out of memory (or past CDB_MAX, errno EFBIG). */
extern int cdb_make_start(struct cdb_make *m);
extern int cdb_make_add(struct cdb_make *m, const char *key, size_t klen,
                        const char *data, size_t dlen);
/* appends the hash tables and fills the header: m->out is the database */
extern int cdb_make_finish(struct cdb_make *m);
extern void cdb_make_free(struct cdb_make *m);

#endif

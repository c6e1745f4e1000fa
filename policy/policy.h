#ifndef POLICY_H
#define POLICY_H

#include <stddef.h>
#include "stralloc.h"

/* The administrator's policy (qscanq-policy(8)): one cdb, made from a
   text table by qscanq-policy as tcprules makes its cdb, and read whole
   by every qscanq-stdin when it starts, so a new table counts from the
   next message on. Keys, each a kind byte and what it matches:
     "s=NAME"     a signature name, exactly         data: the action
     "s+PREFIX"   signature names that start so     data: the action
     "n.EXT"      attachment names ending in .EXT (lower case; ".pdf.exe"
                  for a double extension)           data: empty
     "tTYPE/SUB"  parts declared as that content type (lower case)
     "mKIND"      parts whose content starts as KIND: pe, elf, script
   An action is one byte: 'a' accept and log, 'd' defer, 'r' refuse. */

/* where the table lives, below conf-home */
#define POLICY_CDB "/qscanq/policy.cdb"
/* the longest key looked up; longer names are cut to it */
#define POLICY_KEYMAX 256

enum policy_action { POLICY_ACCEPT, POLICY_DEFER, POLICY_REFUSE };

struct policy {
  stralloc db;   /* the whole cdb; len 0: no table */
};
#define POLICY_ZERO { STRALLOC_ZERO }

/* Reads the table at path: 1, or 0 when there is none (no such file: the
   defaults), -1 with errno (unreadable, larger than CDB_MAX, malformed
   header: error_proto). */
extern int policy_load(struct policy *p, const char *path);

/* What to do with a signature name the scanner reported: the action of
   the exact name, else of the longest prefix listed, else POLICY_REFUSE.
   *rule (NUL-terminated, static) says which rule decided: "NAME",
   "PREFIX*", or "default". A malformed table refuses. */
extern enum policy_action policy_sig(const struct policy *p, const char *name,
                                     size_t len, const char **rule);

/* ---- attachment rules: each returns 1 and *rule ("name:.exe",
   "type:application/x-msdownload", "magic:pe"; static) when a rule
   refuses, else 0. */

/* 1 when the table has any attachment rule (the key "!"): without one
   nothing need be asked about names, types or contents */
extern int policy_attach(const struct policy *p);

/* A file name as a message gives it (any reading of any field, an
   embedded file's, a zip member's), normalised (policy_norm) into norm,
   then every suffix from a dot looked up, longest first: "invoice.pdf.exe"
   matches ".pdf.exe" and ".exe". A name with a NUL is also tried cut at
   it. This is the function the in-process zip extractor calls with each
   member name (local header and central directory both):
     if (policy_name(&table, name, len, &scratch, &rule)) refuse(name, rule);
   norm is scratch space, reused; -1 on out of memory. */
extern int policy_name(const struct policy *p, const char *name, size_t len,
                       stralloc *norm, const char **rule);
/* The tricks clients undo, undone: UTF-8 bidirectional controls (U+202E
   right-to-left override ...) and zero-width characters dropped, look-
   alike dots (U+2024, U+FF0E, U+FE52, U+3002, U+FF61) made '.', control
   characters and NUL dropped, ASCII lower case, trailing dots and spaces
   dropped. At most POLICY_KEYMAX * 4 bytes are read. 0 on out of
   memory. */
extern int policy_norm(stralloc *out, const char *s, size_t len);
/* a declared content type, in any case */
extern int policy_type(const struct policy *p, const char *type, size_t len, const char **rule);
/* the first bytes of a part (at least 4 when it has them): MZ, ELF, #! */
extern int policy_magic(const struct policy *p, const char *head, size_t len, const char **rule);

/* The action byte's word ("accept", "defer", "refuse") and back: -1 for
   an unknown word. */
extern const char *policy_word(enum policy_action a);
extern int policy_action(const char *s, size_t len);

#endif

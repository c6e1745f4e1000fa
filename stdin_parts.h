#ifndef STDIN_PARTS_H
#define STDIN_PARTS_H

#include <stddef.h>
#include "stralloc.h"
#include "stdin_exit.h"

/* parts/ is walked at most this deep (mime/ writes it flat today) */
#define PARTS_DEPTH 8

/* What the unpacker left in parts/ (stdin_parts.c): every file, as a path
   relative to parts/ ("1.2", "d/1"), each ended by a NUL, in names; every
   folder (parts/ itself first, as "parts") in dirs. */
struct parts {
  stralloc names;
  size_t n;          /* files in names */
  stralloc dirs;
  size_t at;         /* parts_name's place: file at starts at names.s + off */
  size_t off;
};
#define PARTS_ZERO { STRALLOC_ZERO, 0, STRALLOC_ZERO, 0, 0 }

/* Lists parts/, from work/. mime/ writes only regular files and folders:
   anything else is not ours, and defers the message. */
extern void parts_list(struct parts *p, struct stdin_exit *x);
/* The name of file i (0 is the first); sequential calls, as clamd_scan
   makes them for each server, cost O(1) each. */
extern const char *parts_name(struct parts *p, size_t i);

#endif

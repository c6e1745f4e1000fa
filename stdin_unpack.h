#ifndef STDIN_UNPACK_H
#define STDIN_UNPACK_H

#include "mime.h"
#include "policy.h"
#include "stralloc.h"
#include "verdict.h"
#include "stdin_exit.h"

/* qscanq-stdin's unpacking of the copy into parts/ and the attachment
   rules (stdin_unpack.c): the first name or type a rule refuses, from the
   unpacker's callback (mime.h), decided while unpacking, before any
   scanner time is spent; then the first bytes of every part. */
struct unpack {
  struct stdin_exit *x;
  const struct policy *table;
  struct mime mime;
  stralloc norm;      /* a name, normalised (policy_name) */
  int hit;            /* 1 refused, -1 out of memory */
  int workfd;         /* work/, to come back to */
  char why[VERDICT_NAMEBUF * 2 + 16]; /* "NAME (rule RULE)" */
};
#define UNPACK_ZERO(ex, tab) { .x = (ex), .table = (tab), .norm = STRALLOC_ZERO, .workfd = -1 }

/* Unpacks the copy (msgfd) into parts/, in this process, from work/ and
   back; refuses the message at the first attachment rule that matches. */
extern void unpack_run(struct unpack *u, int msgfd);
/* The attachment rules by content, on every part. */
extern void unpack_magic(struct unpack *u);

#endif

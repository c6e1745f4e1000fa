#ifndef STDIN_COMMAND_H
#define STDIN_COMMAND_H

#include "stdin_exit.h"
#include "stdin_parts.h"

/* qscanq-stdin's command form (stdin_command.c). Its scanner is a
   dumpable child of the caller's uid with its current folder in parts/,
   so any process of that uid reaches parts/ through /proc/PID/cwd while
   it runs (SECURITY 5.3). Nothing done there may change what is queued
   (issue 13.3):
   - qmail-queue gets work/msg, whose name is gone before the scanner
     starts, and no child holds an fd of it: nobody reaches it;
   - the scanner sees parts/msg, a second copy written from it, and the
     parts, all read-only (0400) before it starts: writing one takes a
     chmod first, and so does an mmap for writing;
   - inotify watches parts/, its folders and every file in them during the
     scan (the file watches also see changes made through another name, a
     hard link or /proc/PID/fd): a write, chmod, link, create, delete or
     rename defers the message, even one undone before the scan ends;
   - after the scan parts/msg must still hold the queued bytes. */
struct commandform {
  struct stdin_exit *x;
  struct parts parts;
  int named;                /* parts/msg, the scanner's copy */
  int watch;                /* the inotify instance */
  unsigned long relayed;    /* scanner lines logged */
  unsigned long hidden;     /* and not, past VERDICT_SCANLINES */
};
#define COMMANDFORM_ZERO(ex) { .x = (ex), .parts = PARTS_ZERO, .named = -1, .watch = -1 }

/* parts/msg, the scanner's copy of the copy (msgfd); then msg's name goes. */
extern void commandform_copy(struct commandform *f, int msgfd);
/* Makes every part read-only, then watches every folder and file. */
extern void commandform_guard(struct commandform *f);
/* Runs conf-scanner's command in parts/ and relays its report; returns
   if it found the message clean, refuses or defers it otherwise. */
extern void commandform_scan(struct commandform *f);
/* After the scan: nothing happened in parts/, and parts/msg still holds
   the bytes of the copy (msgfd) that will be queued. */
extern void commandform_unchanged(struct commandform *f, int msgfd);

#endif

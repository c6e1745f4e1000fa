#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "open.h"
#include "substdio.h"
#include "stdin_copy.h"

/* Writes the copy through the one fd that the unpacker, the checks and
   qmail-queue later read, so that nothing can swap msg in between. */
static int savemessage(struct stdin_exit *x)
{
  static char inbuf[65536];
  static char outbuf[65536];
  substdio ssin;
  substdio ssout;
  int fd = open("msg", O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd == -1) exit_write(x, "unable to create the copy of the message: ");
  substdio_fdbuf(&ssin, substdio_read, 0, inbuf, sizeof inbuf);
  substdio_fdbuf(&ssout, substdio_write, fd, outbuf, sizeof outbuf);
  switch (substdio_copy(&ssout, &ssin)) {
    case -2: exit_read(x, "unable to read the message: ");
    case -3: exit_write(x, "unable to write the copy of the message: ");
  }
  if (substdio_flush(&ssout) == -1) exit_write(x, "unable to write the copy of the message: ");
  return fd;
}

int copy_reopen(struct stdin_exit *x, int same)
{
  struct stat w;
  struct stat r;
  int fd = open("msg", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd == -1) exit_read(x, "unable to reopen the copy: ");
  if (fstat(same, &w) == -1 || fstat(fd, &r) == -1) exit_tempsys(x, "unable to stat the copy: ");
  if (w.st_dev != r.st_dev || w.st_ino != r.st_ino) exit_temp(x, "msg is not the copy that was written", 0);
  return fd;
}

/* The read-only fd that everything after the copy uses, checked to be
   the very file that was written. */
static int readonly(struct stdin_exit *x, int written)
{
  int fd = copy_reopen(x, written);
  if (close(written) == -1) exit_write(x, "unable to write the copy of the message: ");
  return fd;
}

int copy_save(struct stdin_exit *x)
{
  struct stat st;
  int fd = readonly(x, savemessage(x));
  x->copyfd = fd;
  if (fstat(fd, &st) == 0) x->fate.bytes = (unsigned long) st.st_size;
  return fd;
}

/* Both 0777 inside the closed spool, so that cleanq (the qscanq user) can
   empty them if this process dies before exit_cleanup(). */
void copy_folders(struct stdin_exit *x, int command)
{
  if (mkdir("parts", 0700) == -1 || chmod("parts", 0777) == -1)
    exit_write(x, "unable to make the scan folders: ");
  if (!command) return;
  if (mkdir("tmp", 0700) == -1 || chmod("tmp", 0777) == -1)
    exit_write(x, "unable to make the scan folders: ");
}

/* ClamAV answers OK without scanning when it cannot write its temporary
   files, so make sure the command can before asking it anything. */
void copy_probetmp(struct stdin_exit *x)
{
  static char probe[4096];
  int fd = open_excl("tmp/probe");
  if (fd == -1) exit_write(x, "the scanner's temporary folder is not writable: ");
  if (substdio_allwrite(substdio_write, fd, probe, sizeof probe) == -1 || close(fd) == -1)
    exit_write(x, "the scanner's temporary folder is not writable: ");
  if (unlink("tmp/probe") == -1) exit_tempsys(x, "unable to remove tmp/probe: ");
}

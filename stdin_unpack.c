#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include "error.h"
#include "seek.h"
#include "str.h"
#include "strerr.h"
#include "stdin_parts.h"
#include "stdin_unpack.h"

static size_t put(struct unpack *u, size_t at, const char *s)
{
  while (*s && at < sizeof u->why - 1) u->why[at++] = *s++;
  u->why[at] = 0;
  return at;
}

static void refuseattach(struct unpack *u, const char *name, size_t len, const char *rule)
{
  struct outcome *fate = &u->x->fate;
  u->hit = 1;
  outcome_rule(fate, name, len, rule);
  fate->attach = 1;
  (void) put(u, put(u, put(u, put(u, 0, fate->name), " (rule "), fate->rule), ")");
}

/* mime_namefn: every name and type the message declares */
static void onname(void *ctx, int kind, const char *s, size_t len, const char *out, size_t outlen)
{
  struct unpack *u = ctx;
  const char *rule;
  int r;
  (void) out;
  (void) outlen;
  if (u->hit) return;
  if (kind == MIME_TYPE) {
    if (policy_type(u->table, s, len, &rule)) refuseattach(u, s, len, rule);
    return;
  }
  r = policy_name(u->table, s, len, &u->norm, &rule);
  if (r == -1) u->hit = -1;
  else if (r) refuseattach(u, u->norm.s, u->norm.len, rule);
}

/* After a failed unpack, back in work/ (exit_with cleans up from there):
   mime/'s exit codes as reformime's were mapped. */
__attribute__((noreturn))
static void unpackfail(struct unpack *u, int code, const char *what, int sys)
{
  u->x->unpacking = 0;
  if (fchdir(u->workfd) == -1) _exit(QSQ_EXIT_TEMP); /* exit_cleanup() would work elsewhere */
  mime_free(&u->mime);
  if (!what) what = "unknown trouble";
  errno = sys;
  switch (code) {
    case MIME_LIMIT: exit_refused(u->x, "the message is beyond the unpacker's limits and can never be scanned: ", what);
    case MIME_NOMEM: case MIME_WRITE: case MIME_READ:
      exit_with(u->x, code, "unable to unpack: ", what, sys ? &strerr_sys : 0);
    default: exit_with(u->x, QSQ_EXIT_TEMP, "unable to unpack: ", what, sys ? &strerr_sys : 0);
  }
}

/* the unpacker's own trouble */
__attribute__((noreturn))
static void mimefail(struct unpack *u)
{
  unpackfail(u, u->mime.err, u->mime.errwhat, u->mime.errsys);
}

/* An attachment rule refused the message while it was being unpacked:
   for good, before any scanner time. */
__attribute__((noreturn))
static void attachfail(struct unpack *u)
{
  u->x->unpacking = 0;
  if (fchdir(u->workfd) == -1) _exit(QSQ_EXIT_TEMP);
  mime_free(&u->mime);
  if (u->hit == -1) exit_nomem(u->x);
  exit_refused(u->x, "attachment refused: ", u->why);
}

/* mime/ writes into the current folder, so this works from parts/ and
   comes back. No child, so nothing dumpable ever has its current folder
   here. The alarm only sets timedout: it is checked between reads. */
void unpack_run(struct unpack *u, int msgfd)
{
  struct stdin_exit *x = u->x;
  u->workfd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (u->workfd == -1) exit_tempsys(x, "unable to open the working folder: ");
  if (seek_begin(msgfd) == -1) exit_read(x, "unable to rewind the copy: ");
  if (chdir("parts") == -1) exit_tempsys(x, "unable to switch to parts: ");
  if (mime_init(&u->mime, 0, 0)) mimefail(u);
  if (policy_attach(u->table)) { u->mime.name = onname; u->mime.namectx = u; }
  x->unpacking = 1;
  for (;;) {
    char *p;
    size_t room;
    ssize_t r;
    if (x->timedout) unpackfail(u, QSQ_EXIT_TEMP, "unpacking ran out of time", 0);
    if (mime_buffer(&u->mime, &p, &room)) mimefail(u);
    r = read(msgfd, p, room);
    if (r == -1) {
      if (errno == error_intr) continue;
      unpackfail(u, QSQ_EXIT_READ, "unable to read the copy", errno);
    }
    if (!r) break;
    if (mime_commit(&u->mime, (size_t) r)) mimefail(u);
    if (u->hit) break;
  }
  if (!u->hit && mime_finish(&u->mime)) mimefail(u);
  if (u->hit) attachfail(u);
  x->unpacking = 0;
  if (x->timedout) unpackfail(u, QSQ_EXIT_TEMP, "unpacking ran out of time", 0);
  mime_free(&u->mime);
  if (fchdir(u->workfd) == -1) _exit(QSQ_EXIT_TEMP);
  close(u->workfd);
}

/* The first bytes of every part, whatever the message called it (folder
   dirfd, depth levels at most). */
static void magicat(struct unpack *u, int dirfd, int depth)
{
  DIR *dir;
  struct dirent *de;
  if (depth > PARTS_DEPTH) exit_temp(u->x, "parts/ is nested deeper than PARTS_DEPTH", 0);
  dir = fdopendir(dirfd);
  if (!dir) exit_tempsys(u->x, "unable to read the parts: ");
  while ((de = readdir(dir))) {
    char head[8];
    const char *rule;
    ssize_t r;
    int fd;
    if (str_equal(de->d_name, ".") || str_equal(de->d_name, "..")) continue;
    fd = openat(dirfd, de->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd == -1) exit_tempsys(u->x, "unable to open a part: ");
    r = read(fd, head, sizeof head);
    if (r == -1 && errno == error_isdir) { magicat(u, fd, depth + 1); continue; }
    if (r == -1) exit_tempsys(u->x, "unable to read a part: ");
    close(fd);
    if (policy_magic(u->table, head, (size_t) r, &rule)) {
      refuseattach(u, de->d_name, str_len(de->d_name), rule);
      closedir(dir);
      exit_refused(u->x, "attachment refused: ", u->why);
    }
  }
  closedir(dir);
}

void unpack_magic(struct unpack *u)
{
  int fd;
  if (!policy_attach(u->table)) return;
  fd = open("parts", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd == -1) exit_tempsys(u->x, "unable to open parts: ");
  magicat(u, fd, 1);
}

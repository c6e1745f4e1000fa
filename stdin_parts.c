#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "error.h"
#include "str.h"
#include "stdin_parts.h"

/* rel (a path from work/) at depth, into p */
static void listat(struct parts *p, struct stdin_exit *x, const char *rel, int depth)
{
  stralloc path = STRALLOC_ZERO;
  int fd;
  DIR *dir;
  struct dirent *de;
  if (depth > PARTS_DEPTH) exit_temp(x, "parts/ is nested deeper than PARTS_DEPTH", 0);
  if (!stralloc_cats(&p->dirs, rel) || !stralloc_0(&p->dirs)) exit_nomem(x);
  fd = open(rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd == -1) exit_tempsys(x, "unable to open the parts: ");
  dir = fdopendir(fd);
  if (!dir) exit_tempsys(x, "unable to read the parts: ");
  for (;;) {
    struct stat st;
    errno = 0;
    de = readdir(dir);
    if (!de) break;
    if (str_equal(de->d_name, ".") || str_equal(de->d_name, "..")) continue;
    if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1) exit_tempsys(x, "unable to stat a part: ");
    if (!stralloc_copys(&path, rel) || !stralloc_cats(&path, "/") ||
        !stralloc_cats(&path, de->d_name) || !stralloc_0(&path))
      exit_nomem(x);
    if (S_ISDIR(st.st_mode)) { listat(p, x, path.s, depth + 1); continue; }
    if (!S_ISREG(st.st_mode)) exit_temp(x, "parts/ holds something that is neither a file nor a folder", 0);
    /* names are relative to parts/: without the leading "parts/" */
    if (!stralloc_catb(&p->names, path.s + 6, path.len - 6)) exit_nomem(x);
    ++p->n;
  }
  if (errno) exit_tempsys(x, "unable to read the parts: ");
  closedir(dir);
  stralloc_free(&path);
}

void parts_list(struct parts *p, struct stdin_exit *x)
{
  listat(p, x, "parts", 1);
}

const char *parts_name(struct parts *p, size_t i)
{
  if (i < p->at) p->at = p->off = 0;
  while (p->at < i) {
    p->off += str_len(p->names.s + p->off) + 1;
    ++p->at;
  }
  return p->names.s + p->off;
}

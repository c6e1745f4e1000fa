#define _GNU_SOURCE /* struct ucred */
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "fmt.h"
#include "proof.h"

/* all of a small file, into buf: its length, or -1 */
static ssize_t slurp(const char *path, char *buf, size_t size)
{
  ssize_t len;
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd == -1) return -1;
  len = read(fd, buf, size);
  close(fd);
  return len;
}

int proof_peer(int fd, struct proof_id *id)
{
  struct ucred cred;
  socklen_t credlen = sizeof cred;
  char path[6 + FMT_ULONG + 5 + 1];
  char buf[1024];
  ssize_t len;
  size_t n;

  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &credlen) == -1 || credlen != sizeof cred) return 0;
  if (cred.pid <= 1) return 0; /* none, or init's (a socket systemd listens on) */
  id->pid = (unsigned long) cred.pid;
  n = fmt_str(path, "/proc/");
  n += fmt_ulong(path + n, id->pid);
  n += fmt_str(path + n, "/stat");
  path[n] = 0;
  len = slurp(path, buf, sizeof buf);
  if (len <= 0 || !proof_stat(buf, (size_t) len, &id->start)) return 0;
  /* start times count from the boot: the boot id tells boots apart */
  len = slurp("/proc/sys/kernel/random/boot_id", buf, sizeof buf);
  if (len != PROOF_BOOTLEN + 1 || buf[PROOF_BOOTLEN] != '\n') return 0;
  for (n = 0; n < PROOF_BOOTLEN; ++n) {
    char c = buf[n];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-')) return 0;
    id->boot[n] = c;
  }
  return 1;
}

#define _GNU_SOURCE /* struct ucred */
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "fmt.h"
#include "proof.h"

int proof_peer(int fd, struct proof_id *id)
{
  struct ucred cred;
  socklen_t credlen = sizeof cred;
  char path[6 + FMT_ULONG + 5 + 1];
  char buf[1024];
  ssize_t len;
  size_t n;
  int statfd;

  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &credlen) == -1 || credlen != sizeof cred) return 0;
  if (cred.pid <= 1) return 0; /* none, or init's (a socket systemd listens on) */
  id->pid = (unsigned long) cred.pid;
  n = fmt_str(path, "/proc/");
  n += fmt_ulong(path + n, id->pid);
  n += fmt_str(path + n, "/stat");
  path[n] = 0;
  statfd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (statfd == -1) return 0;
  len = read(statfd, buf, sizeof buf);
  close(statfd);
  if (len <= 0) return 0;
  return proof_stat(buf, (size_t) len, &id->start);
}

/* tests/fake/clamd: a fake clamd server, for tests of the clamd client.
 *
 *   clamd ADDR MODE [ARG]
 *
 * ADDR: a path starting with / (a unix socket, created mode 666; an old
 * one is removed), or "tcp" (127.0.0.1, a free port), or "tcp6" (::1, a
 * free port), or a port number (127.0.0.1:PORT). Once it listens it writes "ready PORT\n" (PORT 0 for
 * a unix socket) to fd 1 and closes fd 1, so that a caller can wait for
 * it without sleeping. It serves one connection at a time, forever (kill
 * it with TERM).
 *
 * It speaks clamd's session protocol: zIDSESSION, then zFILDES (the fd
 * in a one-byte message after the command), zINSTREAM (4-byte big-endian
 * length chunks, zero to end), zPING, zVERSION, zEND; ids from 1. It reads every
 * file it is sent to its end. A file that holds the EICAR test string is
 * the control sample ("Fake.Eicar FOUND"), unless the mode says
 * otherwise. Replies are "N: fd[K]: ..." or "N: stream: ...".
 *
 * MODE:
 *   normal          OK, or Fake.Eicar FOUND for the control sample, or
 *                   Heuristics.Limits.Exceeded.MaxRecursion FOUND for
 *                   the alert sample (clamd_alert: a file equal to it)
 *   no-alert        normal, but OK for the alert sample (a clamd without
 *                   AlertExceedsMax)
 *   ok-all          OK to everything, the control sample too
 *   found NAME      NAME FOUND for every file but the control sample
 *   hostile-name    a name with control characters, "\r\n250 ok" and
 *                   10 KB of 'A' FOUND for every file but the sample
 *   limits          Heuristics.Limits.Exceeded.MaxFileSize FOUND for
 *                   every file but the sample
 *   garbage         "garbage" for every request
 *   error           "N: Can't allocate memory ERROR" for every file but
 *                   the sample
 *   ok-without-ids  the normal replies, without "N: "
 *   out-of-order    the normal replies, all held until zEND, then sent
 *                   last first
 *   duplicate       the normal replies, each twice
 *   unknown-id      the normal replies, with ids 1000 higher
 *   no-reply-last   the normal replies but for the last request
 *   hang            reads everything, never answers, closes only after
 *                   the client does
 *   close-mid-session  closes after the first request is read
 *   count FILE      normal, and appends one byte to FILE per session
 *   version TEXT    normal, and "ClamAV TEXT" to zVERSION (otherwise
 *                   "ClamAV 1.4.6", as clamd says with the test database)
 *   stream-limit N  as clamd with StreamMaxLength N: once a stream has
 *                   passed N bytes, "N: INSTREAM size limit exceeded.
 *                   ERROR" and a close with the rest unread (a reset)
 *
 * Exits 111 on a setup error (with a line on fd 2). Test code: stdio is
 * fine here. */

#define _GNU_SOURCE
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "clamd.h"

static const char *mode;
static const char *arg;
static char eicar[CLAMD_EICARLEN];
static char alert[CLAMD_ALERTLEN];

static void die(const char *what)
{
  (void) fprintf(stderr, "fake clamd: fatal: %s: %s\n", what, strerror(errno));
  exit(111);
}

static int is(const char *m) { return !strcmp(mode, m); }

/* one byte from the connection, with any fd that came with it */
static int getbyte(int c, char *b, int *fd)
{
  union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
  struct msghdr m;
  struct iovec iov;
  struct cmsghdr *h;
  ssize_t r;

  memset(&m, 0, sizeof m);
  iov.iov_base = b;
  iov.iov_len = 1;
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = u.buf;
  m.msg_controllen = sizeof u.buf;
  do r = recvmsg(c, &m, 0); while (r == -1 && errno == EINTR);
  if (r != 1) return -1;
  for (h = CMSG_FIRSTHDR(&m); h; h = CMSG_NXTHDR(&m, h))
    if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS)
      memcpy(fd, CMSG_DATA(h), sizeof(int));
  return 0;
}

static int getall(int c, char *buf, size_t n)
{
  ssize_t r;
  while (n) {
    r = read(c, buf, n);
    if (r == -1 && errno == EINTR) continue;
    if (r <= 0) return -1;
    buf += r;
    n -= (size_t) r;
  }
  return 0;
}

static void putall(int c, const char *buf, size_t n)
{
  ssize_t w;
  while (n) {
    w = send(c, buf, n, MSG_NOSIGNAL);
    if (w == -1 && errno == EINTR) continue;
    if (w <= 0) return;
    buf += w;
    n -= (size_t) w;
  }
}

/* the content of one file, kept in memory to look for the sample */
struct body { char *s; size_t len; };

static void add(struct body *b, const char *s, size_t n)
{
  b->s = realloc(b->s, b->len + n + 1);
  if (!b->s) die("realloc");
  memcpy(b->s + b->len, s, n);
  b->len += n;
}

static int control(const struct body *b)
{
  return b->len >= sizeof eicar && memmem(b->s, b->len, eicar, sizeof eicar);
}

static int isalert(const struct body *b)
{
  return b->len == sizeof alert && !memcmp(b->s, alert, sizeof alert);
}

/* the reply text after "N: " for one file */
static void answer(char *out, size_t size, const char *tag, const struct body *b)
{
  static char hostile[11000];
  int ctl = control(b);

  if (is("garbage")) { (void) snprintf(out, size, "garbage"); return; }
  if (ctl && !is("ok-all")) { (void) snprintf(out, size, "%s: Fake.Eicar FOUND", tag); return; }
  if (isalert(b) && !is("ok-all") && !is("no-alert")) {
    (void) snprintf(out, size, "%s: Heuristics.Limits.Exceeded.MaxRecursion FOUND", tag);
    return;
  }
  if (is("found")) { (void) snprintf(out, size, "%s: %s FOUND", tag, arg); return; }
  if (is("limits")) {
    (void) snprintf(out, size, "%s: Heuristics.Limits.Exceeded.MaxFileSize FOUND", tag);
    return;
  }
  if (is("error")) { (void) snprintf(out, size, "Can't allocate memory ERROR"); return; }
  if (is("hostile-name")) {
    memset(hostile, 'A', sizeof hostile - 1);
    hostile[sizeof hostile - 1] = 0;
    (void) snprintf(out, size, "%s: Bad\033[31m\r\n250 ok\x01%s FOUND", tag, hostile);
    return;
  }
  (void) snprintf(out, size, "%s: OK", tag);
}

struct held { char *s; size_t len; };

static void reply(int c, unsigned long id, const char *text,
                  struct held *h, size_t *nh)
{
  char buf[12000];
  int n;

  if (is("ok-without-ids") || is("garbage")) n = snprintf(buf, sizeof buf, "%s", text);
  else n = snprintf(buf, sizeof buf, "%lu: %s", is("unknown-id") ? id + 1000 : id, text);
  if (n < 0) die("snprintf");
  if ((size_t) n >= sizeof buf) n = (int) sizeof buf - 1;
  if (is("out-of-order") || is("no-reply-last")) {
    h[*nh].s = strdup(buf);
    if (!h[*nh].s) die("strdup");
    h[*nh].len = (size_t) n + 1;
    ++*nh;
    return;
  }
  putall(c, buf, (size_t) n + 1);
  if (is("duplicate")) putall(c, buf, (size_t) n + 1);
}

static void readfd(int fd, struct body *b)
{
  char buf[65536];
  ssize_t r;
  /* clamd scans from the start, whatever the offset */
  while ((r = pread(fd, buf, sizeof buf, (off_t) b->len)) > 0) add(b, buf, (size_t) r);
}

static void session(int c)
{
  static struct held held[100000];
  char cmd[64];
  char text[12000];
  char tag[64];
  size_t nh = 0;
  size_t len;
  int vn;
  unsigned long id = 0;
  int fd;
  char b;
  struct body body = { 0, 0 };

  for (;;) {
    free(body.s);
    body.s = 0;
    body.len = 0;
    len = 0;
    fd = -1;
    for (;;) {
      if (getbyte(c, &b, &fd) == -1) goto done;
      if (!b) break;
      if (len < sizeof cmd - 1) cmd[len++] = b;
    }
    cmd[len] = 0;
    if (!strcmp(cmd, "zIDSESSION")) continue;
    if (!strcmp(cmd, "zEND")) break;
    ++id;
    if (!strcmp(cmd, "zPING")) { reply(c, id, "PONG", held, &nh); continue; }
    if (!strcmp(cmd, "zVERSION")) {
      if (is("close-mid-session")) goto done;
      if (is("hang")) continue;
      /* at once, whatever the mode holds back: the client waits for it */
      if (is("ok-without-ids") || is("garbage")) vn = snprintf(text, sizeof text, "ClamAV %s", is("version") ? arg : "1.4.6");
      else vn = snprintf(text, sizeof text, "%lu: ClamAV %s", is("unknown-id") ? id + 1000 : id, is("version") ? arg : "1.4.6");
      if (vn < 0 || (size_t) vn >= sizeof text) die("snprintf");
      putall(c, text, (size_t) vn + 1);
      continue;
    }
    if (!strcmp(cmd, "zFILDES")) {
      if (getbyte(c, &b, &fd) == -1 || fd == -1) goto done;
      readfd(fd, &body);
      (void) snprintf(tag, sizeof tag, "fd[%d]", fd);
      close(fd);
    } else if (!strcmp(cmd, "zINSTREAM")) {
      unsigned char h[4];
      char chunk[65536];
      size_t n;
      for (;;) {
        if (getall(c, (char *) h, 4) == -1) goto done;
        n = (size_t) h[0] << 24 | (size_t) h[1] << 16 | (size_t) h[2] << 8 | h[3];
        if (!n) break;
        while (n) {
          size_t k = n > sizeof chunk ? sizeof chunk : n;
          if (getall(c, chunk, k) == -1) goto done;
          add(&body, chunk, k);
          n -= k;
          if (is("stream-limit") && body.len > strtoul(arg, 0, 10)) {
            (void) snprintf(text, sizeof text, "INSTREAM size limit exceeded. ERROR");
            reply(c, id, text, held, &nh);
            goto done;
          }
        }
      }
      (void) snprintf(tag, sizeof tag, "stream");
    } else {
      putall(c, "UNKNOWN COMMAND", 16);
      goto done;
    }
    if (!is("hang")) answer(text, sizeof text, tag, &body);
    if (is("close-mid-session")) goto done;
    if (is("hang")) continue;
    reply(c, id, text, held, &nh);
  }
  if (is("hang"))   /* until the client gives up */
    while (read(c, cmd, sizeof cmd) > 0) ;
  if (is("no-reply-last") && nh) free(held[--nh].s);
  while (nh) {   /* last first: the order clamd does not promise */
    --nh;
    putall(c, held[nh].s, held[nh].len);
    free(held[nh].s);
  }
done:
  free(body.s);
  while (nh) free(held[--nh].s);
}

int main(int argc, char **argv)
{
  struct sockaddr_un un;
  struct sockaddr_in in;
  struct sockaddr_in6 in6;
  socklen_t sl = sizeof in;
  int s;
  int c;
  int port = 0;

  if (argc < 3) { (void) fprintf(stderr, "usage: clamd ADDR MODE [ARG]\n"); return 100; }
  mode = argv[2];
  arg = argc > 3 ? argv[3] : "";
  clamd_eicar(eicar);
  clamd_alert(alert);
  if (signal(SIGPIPE, SIG_IGN) == SIG_ERR) die("signal");
  if (argv[1][0] == '/') {
    s = socket(AF_UNIX, SOCK_STREAM, 0);
    if (s == -1) die("socket");
    memset(&un, 0, sizeof un);
    un.sun_family = AF_UNIX;
    if (strlen(argv[1]) >= sizeof un.sun_path) { errno = ENAMETOOLONG; die(argv[1]); }
    memcpy(un.sun_path, argv[1], strlen(argv[1]) + 1);
    unlink(argv[1]);
    if (bind(s, (struct sockaddr *) &un, sizeof un) == -1) die("bind");
    if (chmod(argv[1], 0666) == -1) die("chmod");
  } else if (!strcmp(argv[1], "tcp6")) {
    s = socket(AF_INET6, SOCK_STREAM, 0);
    if (s == -1) die("socket");
    memset(&in6, 0, sizeof in6);
    in6.sin6_family = AF_INET6;
    in6.sin6_addr = in6addr_loopback;
    if (bind(s, (struct sockaddr *) &in6, sizeof in6) == -1) die("bind");
    sl = sizeof in6;
    if (getsockname(s, (struct sockaddr *) &in6, &sl) == -1) die("getsockname");
    port = ntohs(in6.sin6_port);
  } else {
    s = socket(AF_INET, SOCK_STREAM, 0);
    if (s == -1) die("socket");
    c = 1;
    if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &c, sizeof c) == -1) die("setsockopt");
    memset(&in, 0, sizeof in);
    in.sin_family = AF_INET;
    in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    in.sin_port = htons((unsigned short) (strcmp(argv[1], "tcp") ? strtol(argv[1], 0, 10) : 0));
    if (bind(s, (struct sockaddr *) &in, sizeof in) == -1) die("bind");
    if (getsockname(s, (struct sockaddr *) &in, &sl) == -1) die("getsockname");
    port = ntohs(in.sin_port);
  }
  if (listen(s, 16) == -1) die("listen");
  printf("ready %d\n", port);
  if (fflush(stdout) == EOF) die("write");
  close(1);
  for (;;) {
    c = accept(s, 0, 0);
    if (c == -1) { if (errno == EINTR) continue; die("accept"); }
    /* no Nagle: stream-limit's ERROR reply must leave before its close
       resets the connection, even behind an unacknowledged reply (the
       alert sample's); fails harmlessly on a unix socket */
    { int one = 1; (void) setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); }
    if (is("count")) {
      int f = open(arg, O_WRONLY | O_APPEND | O_CREAT, 0644);
      if (f == -1 || write(f, "x", 1) != 1) die(arg);
      close(f);
    }
    session(c);
    close(c);
  }
}

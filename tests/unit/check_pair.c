#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include "byte.h"
#include "pair.h"
#include "str.h"
#include "verdict.h"
#include "unit.h"

/* The pair's contract, both ends over a real SOCK_SEQPACKET socketpair,
   as qscanq makes it: sock[0] is qscanq-stdin's end, sock[1] qscanq's. */

#define U(p) { AF_UNIX, p, { 0 }, 0, p }
#define T(t) { AF_INET, 0, { 127, 0, 0, 1 }, 3310, t }
static const struct clamd_server unix4[4] = { U("/a"), T("127.0.0.1:3310"), U("/c"), U("/d") };
static const struct clamd_server unix2[2] = { U("/a"), U("/b") };
static const struct clamd_server tcp2[2] = { T("127.0.0.1:1"), T("127.0.0.1:2") };

static int sock[2];

static void pairup(void)
{
  ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sock), 0);
}

static void unpair(void)
{
  if (sock[0] != -1) close(sock[0]);
  if (sock[1] != -1) close(sock[1]);
  sock[0] = sock[1] = -1;
}

/* a pipe whose read end never blocks: closed() says whether every copy
   of its write end is gone */
static void mkpipe(int *p)
{
  ck_assert_int_eq(pipe2(p, O_CLOEXEC), 0);
  ck_assert_int_eq(fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
}

static int closed(int rd)
{
  char c;
  return read(rd, &c, 1) == 0;
}

static int same(int a, int b)
{
  struct stat x;
  struct stat y;
  return fstat(a, &x) == 0 && fstat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

static int cloexec(int fd)
{
  int f = fcntl(fd, F_GETFD);
  return f != -1 && (f & FD_CLOEXEC);
}

/* an answer as anybody may send it: len bytes of data, nfd fds */
static void rawsend(int s, const void *data, size_t len, const int *fds, size_t nfd)
{
  static union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int) * 64)]; } ctl;
  struct msghdr m;
  struct iovec iov;
  struct cmsghdr *c;
  ck_assert_uint_le(nfd, 64);
  memset(&m, 0, sizeof m);
  memset(&ctl, 0, sizeof ctl);
  iov.iov_base = (void *) (size_t) data;
  iov.iov_len = len;
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  if (nfd) {
    m.msg_control = ctl.buf;
    m.msg_controllen = CMSG_SPACE(sizeof(int) * nfd);
    c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * nfd);
    memcpy(CMSG_DATA(c), fds, sizeof(int) * nfd);
  }
  ck_assert_int_eq(sendmsg(s, &m, 0), (ssize_t) len);
}

static struct pair_answer answer(int count, int s0, int s1, int s2, int s3)
{
  struct pair_answer a;
  memset(&a, 0, sizeof a);
  a.count = count;
  a.status[0] = s0;
  a.status[1] = s1;
  a.status[2] = s2;
  a.status[3] = s3;
  return a;
}

/* ---- the command line ---- */

START_TEST(test_pair_cmd_args)
{
  static char name[] = "qscanq-stdin";
  static char id[] = "@4000.1f.0";
  struct pair_cmd c;
  struct pair_args a;
  pair_cmd(&c, name, id, 8, 7);
  ck_assert_str_eq(c.argv[0], "qscanq-stdin");
  ck_assert_str_eq(c.argv[1], "@4000.1f.0");
  ck_assert_str_eq(c.argv[2], "8");
  ck_assert_str_eq(c.argv[3], "7");
  ck_assert_ptr_null(c.argv[4]);
  ck_assert_int_eq(pair_args(&a, 4, c.argv), 0);
  ck_assert_str_eq(a.id, "@4000.1f.0");
  ck_assert_int_eq(a.facts, 8);
  ck_assert_int_eq(a.ask, 7);
  ck_assert_str_eq(a.askarg, "7");
  /* no facts pipe: "-", which reads back as none */
  pair_cmd(&c, name, id, -1, 65535);
  ck_assert_str_eq(c.argv[2], "-");
  ck_assert_str_eq(c.argv[3], "65535");
  ck_assert_int_eq(pair_args(&a, 4, c.argv), 0);
  ck_assert_int_eq(a.facts, -1);
  ck_assert_int_eq(a.ask, 65535);
}
END_TEST

/* run by hand: fewer arguments are no error */
START_TEST(test_pair_args_byhand)
{
  static char a0[] = "qscanq-stdin";
  static char a1[] = "@x";
  static char a2[] = "9";
  char *argv[] = { a0, a1, a2, 0 };
  struct pair_args a;
  ck_assert_int_eq(pair_args(&a, 1, argv), 0);
  ck_assert_str_eq(a.id, "?");
  ck_assert_int_eq(a.facts, -1);
  ck_assert_int_eq(a.ask, -1);
  ck_assert_int_eq(pair_args(&a, 2, argv), 0);
  ck_assert_str_eq(a.id, "@x");
  ck_assert_int_eq(a.facts, -1);
  ck_assert_int_eq(pair_args(&a, 3, argv), 0);
  ck_assert_int_eq(a.facts, 9);
  ck_assert_int_eq(a.ask, -1);
}
END_TEST

/* an ASK qscanq would not pass is an error; a FACTS that is no fd is
   only ignored */
START_TEST(test_pair_args_bad)
{
  static const char *const asks[] = { "x", "", "2", "0", "6", "65536", "7x", "-7", "99999999999999999999999" };
  static const char *const facts[] = { "-", "", "2", "6", "1025", "8 ", "x" };
  static char a0[] = "qscanq-stdin";
  static char a1[] = "@x";
  static char a2[] = "8";
  static char a3[] = "7";
  static char three[] = "3";
  static char most[] = "1024";
  char *argv[6] = { a0, a1, a2, a3, a3, 0 };
  struct pair_args a;
  size_t i;
  ck_assert_int_eq(pair_args(&a, 5, argv), -1);   /* one argument more */
  ck_assert_str_eq(a.id, "@x");
  ck_assert_int_eq(a.facts, 8);
  for (i = 0; i < sizeof asks / sizeof asks[0]; ++i) {
    argv[3] = (char *) (size_t) asks[i];
    ck_assert_msg(pair_args(&a, 4, argv) == -1, "ASK %s", asks[i]);
    ck_assert_int_eq(a.ask, -1);
    ck_assert_str_eq(a.askarg, asks[i]);
    ck_assert_int_eq(a.facts, 8);
  }
  argv[3] = three;
  ck_assert_int_eq(pair_args(&a, 4, argv), 0);
  ck_assert_int_eq(a.ask, 3);
  for (i = 0; i < sizeof facts / sizeof facts[0]; ++i) {
    argv[2] = (char *) (size_t) facts[i];
    ck_assert_msg(pair_args(&a, 4, argv) == 0, "FACTS %s", facts[i]);
    ck_assert_msg(a.facts == -1, "FACTS %s: %d", facts[i], a.facts);
    ck_assert_int_eq(a.ask, 3);
  }
  argv[2] = most;
  ck_assert_int_eq(pair_args(&a, 4, argv), 0);
  ck_assert_int_eq(a.facts, 1024);
}
END_TEST

/* ---- the request ---- */

START_TEST(test_pair_ask_asked)
{
  pairup();
  ck_assert_int_eq(pair_ask(sock[0]), 0);
  ck_assert_int_eq(pair_asked(sock[1]), 1);
  /* anything else is no request */
  ck_assert_int_eq(write(sock[0], "x", 1), 1);
  ck_assert_int_eq(pair_asked(sock[1]), 0);
  ck_assert_int_eq(write(sock[0], "cc", 2), 2);    /* one byte of it is read... */
  ck_assert_int_eq(pair_asked(sock[1]), 1);
  ck_assert_int_eq(pair_ask(sock[0]), 0);          /* ...and the rest dropped */
  ck_assert_int_eq(pair_asked(sock[1]), 1);
  /* end of file: never asked */
  close(sock[0]);
  sock[0] = -1;
  ck_assert_int_eq(pair_asked(sock[1]), 0);
  unpair();
}
END_TEST

/* The setuid side takes no descriptor: one sent with the request is
   dropped by the kernel (read(2)), so nothing of the caller's stays. */
START_TEST(test_pair_asked_drops_fds)
{
  int p[2];
  pairup();
  mkpipe(p);
  rawsend(sock[0], "c", 1, &p[1], 1);
  close(p[1]);
  ck_assert_int_eq(closed(p[0]), 0);   /* in flight, it holds the pipe */
  ck_assert_int_eq(pair_asked(sock[1]), 1);
  ck_assert_int_eq(closed(p[0]), 1);
  close(p[0]);
  unpair();
}
END_TEST

/* ---- the answer, both ways ---- */

START_TEST(test_pair_roundtrip)
{
  struct pair_answer a = answer(4, 0, -1, ECONNREFUSED, 0);
  int fd[4] = { -1, -1, -1, -1 };
  int pa[2];
  int pb[2];
  int prefd[4] = { 9, 9, 9, 9 };
  const char *why = "unset";
  pairup();
  mkpipe(pa);
  mkpipe(pb);
  fd[0] = pa[1];
  fd[3] = pb[1];
  ck_assert_int_eq(pair_ask(sock[0]), 0);
  ck_assert_int_eq(pair_asked(sock[1]), 1);
  ck_assert_int_eq(pair_answer(sock[1], &a, fd), 0);
  close(pa[1]);
  close(pb[1]);
  ck_assert_int_eq(pair_take(sock[0], unix4, 4, prefd, 0, &why), PAIR_OK);
  ck_assert_ptr_null(why);
  ck_assert(same(prefd[0], pa[0]));
  ck_assert_int_eq(prefd[1], -1);
  ck_assert_int_eq(prefd[2], CLAMD_PREFAIL(ECONNREFUSED));
  ck_assert(same(prefd[3], pb[0]));
  ck_assert(cloexec(prefd[0]));
  ck_assert(cloexec(prefd[3]));
  ck_assert_int_eq(closed(pa[0]), 0);
  close(prefd[0]);
  close(prefd[3]);
  ck_assert_int_eq(closed(pa[0]), 1);   /* no other copy came */
  ck_assert_int_eq(closed(pb[0]), 1);
  close(pa[0]);
  close(pb[0]);
  unpair();
}
END_TEST

/* every server over TCP: an answer with no descriptor at all */
START_TEST(test_pair_roundtrip_tcp)
{
  struct pair_answer a = answer(2, -1, -1, 0, 0);
  int prefd[2] = { 9, 9 };
  const char *why = 0;
  pairup();
  ck_assert_int_eq(pair_answer(sock[1], &a, prefd), 0);
  ck_assert_int_eq(pair_take(sock[0], tcp2, 2, prefd, 0, &why), PAIR_OK);
  ck_assert_int_eq(prefd[0], -1);
  ck_assert_int_eq(prefd[1], -1);
  unpair();
}
END_TEST

/* qscanq in a process of its own, as it runs: asked, it answers */
static void serve_one(void)
{
  struct pair_answer a = answer(2, 0, 0, 0, 0);
  int fd[2];
  close(sock[0]);
  fd[0] = open("/dev/null", O_RDONLY);
  fd[1] = open("/", O_RDONLY | O_DIRECTORY);
  CHILD_CHECK(fd[0] != -1 && fd[1] != -1);
  CHILD_CHECK(pair_asked(sock[1]) == 1);
  CHILD_CHECK(pair_answer(sock[1], &a, fd) == 0);
}

START_TEST(test_pair_processes)
{
  int prefd[2];
  const char *why = 0;
  int w;
  struct stat st;
  pairup();
  ck_assert_int_eq(pair_ask(sock[0]), 0);
  w = child_run(serve_one);
  ck_assert_msg(WIFEXITED(w) && WEXITSTATUS(w) == 0, "child: %d: %s", w, child_report);
  ck_assert_int_eq(pair_take(sock[0], unix2, 2, prefd, 0, &why), PAIR_OK);
  ck_assert_int_eq(fstat(prefd[0], &st), 0);
  ck_assert(S_ISCHR(st.st_mode));
  ck_assert_int_eq(fstat(prefd[1], &st), 0);
  ck_assert(S_ISDIR(st.st_mode));
  close(prefd[0]);
  close(prefd[1]);
  unpair();
}
END_TEST

/* qscanq gone after it read the request, without an answer (it could
   not send it): end of file. Gone before it read it: the kernel says
   ECONNRESET. */
START_TEST(test_pair_peer_closed)
{
  int prefd[2];
  const char *why = 0;
  pairup();
  ck_assert_int_eq(pair_ask(sock[0]), 0);
  ck_assert_int_eq(pair_asked(sock[1]), 1);
  close(sock[1]);
  sock[1] = -1;
  ck_assert_int_eq(pair_take(sock[0], unix2, 2, prefd, 0, &why), PAIR_EOF);
  ck_assert_int_eq(prefd[0], -1);
  ck_assert_int_eq(prefd[1], -1);
  unpair();
  pairup();
  ck_assert_int_eq(pair_ask(sock[0]), 0);
  close(sock[1]);
  sock[1] = -1;
  errno = 0;
  ck_assert_int_eq(pair_take(sock[0], unix2, 2, prefd, 0, &why), -1);
  ck_assert_int_eq(errno, ECONNRESET);
  unpair();
}
END_TEST

/* qscanq's side when qscanq-stdin is gone: an error, never SIGPIPE */
START_TEST(test_pair_answer_nobody)
{
  struct pair_answer a = answer(2, -1, -1, 0, 0);
  int fd[2] = { -1, -1 };
  pairup();
  close(sock[0]);
  sock[0] = -1;
  errno = 0;
  ck_assert_int_eq(pair_answer(sock[1], &a, fd), -1);
  ck_assert_int_eq(errno, EPIPE);
  unpair();
}
END_TEST

/* recvmsg failing: -1 and its errno, nothing else */
START_TEST(test_pair_take_error)
{
  int p[2];
  int prefd[2];
  const char *why = 0;
  mkpipe(p);
  errno = 0;
  ck_assert_int_eq(pair_take(p[0], unix2, 2, prefd, 0, &why), -1);
  ck_assert_int_eq(errno, ENOTSOCK);
  close(p[0]);
  close(p[1]);
}
END_TEST

/* ---- the answers qscanq-stdin refuses ---- */

START_TEST(test_pair_fewer)
{
  struct pair_answer a = answer(2, 0, 0, 0, 0);
  int p[2];
  int prefd[2];
  const char *why = 0;
  pairup();
  mkpipe(p);
  rawsend(sock[1], &a, sizeof a, &p[1], 1);
  close(p[1]);
  ck_assert_int_eq(pair_take(sock[0], unix2, 2, prefd, 0, &why), PAIR_BAD);
  ck_assert_str_eq(why, "fewer descriptors than servers");
  ck_assert(same(prefd[0], p[0]));   /* the one that came: kept */
  ck_assert_int_eq(prefd[1], -1);
  close(prefd[0]);
  ck_assert_int_eq(closed(p[0]), 1);
  close(p[0]);
  unpair();
}
END_TEST

START_TEST(test_pair_more)
{
  struct pair_answer a = answer(2, 0, -1, 0, 0);
  int pa[2];
  int pb[2];
  int fds[2];
  int prefd[2];
  const char *why = 0;
  pairup();
  mkpipe(pa);
  mkpipe(pb);
  fds[0] = pa[1];
  fds[1] = pb[1];
  rawsend(sock[1], &a, sizeof a, fds, 2);
  close(pa[1]);
  close(pb[1]);
  ck_assert_int_eq(pair_take(sock[0], unix4, 2, prefd, 0, &why), PAIR_BAD);
  ck_assert_str_eq(why, "more descriptors than servers");
  ck_assert(same(prefd[0], pa[0]));
  ck_assert_int_eq(prefd[1], -1);
  ck_assert_int_eq(closed(pb[0]), 1);   /* the one too many: closed */
  ck_assert_int_eq(closed(pa[0]), 0);
  close(prefd[0]);
  close(pa[0]);
  close(pb[0]);
  unpair();
}
END_TEST

/* SO_PASSCRED makes the kernel add SCM_CREDENTIALS to every packet */
START_TEST(test_pair_foreign)
{
  struct pair_answer a = answer(2, 0, 0, 0, 0);
  int on = 1;
  int fd[2];
  int p[2];
  int q[2];
  int prefd[2];
  const char *why = 0;
  pairup();
  mkpipe(p);
  mkpipe(q);
  fd[0] = p[1];
  fd[1] = q[1];
  ck_assert_int_eq(setsockopt(sock[0], SOL_SOCKET, SO_PASSCRED, &on, sizeof on), 0);
  ck_assert_int_eq(pair_answer(sock[1], &a, fd), 0);
  close(p[1]);
  close(q[1]);
  ck_assert_int_eq(pair_take(sock[0], unix2, 2, prefd, 0, &why), PAIR_BAD);
  ck_assert_str_eq(why, "a foreign control message");
  ck_assert(same(prefd[0], p[0]));   /* the rights beside it: kept */
  ck_assert(same(prefd[1], q[0]));
  close(prefd[0]);
  close(prefd[1]);
  ck_assert_int_eq(closed(p[0]), 1);
  ck_assert_int_eq(closed(q[0]), 1);
  close(p[0]);
  close(q[0]);
  unpair();
}
END_TEST

/* short, long (MSG_TRUNC) or with more fds than the control buffer holds
   (MSG_CTRUNC): malformed, and every fd that came kept or closed */
START_TEST(test_pair_truncated)
{
  struct pair_answer a = answer(1, 0, 0, 0, 0);
  char big[sizeof a + 8];
  int many[40];
  int p[2];
  int prefd[1];
  const char *why = 0;
  size_t i;
  pairup();
  mkpipe(p);
  rawsend(sock[1], &a, sizeof a.count, &p[1], 1);
  ck_assert_int_eq(pair_take(sock[0], unix2, 1, prefd, 0, &why), PAIR_BAD);
  ck_assert_str_eq(why, "a malformed answer");
  ck_assert_int_eq(prefd[0], -1);
  memset(big, 0, sizeof big);
  memcpy(big, &a, sizeof a);
  rawsend(sock[1], big, sizeof big, &p[1], 1);
  ck_assert_int_eq(pair_take(sock[0], unix2, 1, prefd, 0, &why), PAIR_BAD);
  ck_assert_str_eq(why, "a malformed answer");
  ck_assert(same(prefd[0], p[0]));   /* its size read: kept, then judged */
  close(prefd[0]);
  for (i = 0; i < 40; ++i) many[i] = p[1];
  rawsend(sock[1], &a, sizeof a, many, 40);
  close(p[1]);
  ck_assert_int_eq(pair_take(sock[0], unix2, 1, prefd, 0, &why), PAIR_BAD);
  ck_assert_str_eq(why, "a malformed answer");
  ck_assert(same(prefd[0], p[0]));
  close(prefd[0]);
  ck_assert_int_eq(closed(p[0]), 1);   /* none of the other 39 stayed */
  close(p[0]);
  unpair();
}
END_TEST

START_TEST(test_pair_status)
{
  struct pair_answer a = answer(2, -1, 0, 0, 0);
  int p[2];
  int prefd[2];
  const char *why = 0;
  pairup();
  mkpipe(p);
  /* -1 (not a unix socket) for a unix server */
  rawsend(sock[1], &a, sizeof a, &p[1], 1);
  ck_assert_int_eq(pair_take(sock[0], unix2, 2, prefd, 0, &why), PAIR_BAD);
  ck_assert_str_eq(why, "a bad status");
  ck_assert(same(prefd[1], p[0]));
  close(prefd[1]);
  /* below -1: no status at all */
  a = answer(2, -1, -2, 0, 0);
  rawsend(sock[1], &a, sizeof a, 0, 0);
  ck_assert_int_eq(pair_take(sock[0], tcp2, 2, prefd, 0, &why), PAIR_BAD);
  ck_assert_str_eq(why, "a bad status");
  /* an errno for a TCP server is qscanq's word too: passed over */
  a = answer(2, ETIMEDOUT, -1, 0, 0);
  rawsend(sock[1], &a, sizeof a, 0, 0);
  ck_assert_int_eq(pair_take(sock[0], tcp2, 2, prefd, 0, &why), PAIR_OK);
  ck_assert_int_eq(prefd[0], CLAMD_PREFAIL(ETIMEDOUT));
  ck_assert_int_eq(prefd[1], -1);
  close(p[1]);
  ck_assert_int_eq(closed(p[0]), 1);
  close(p[0]);
  unpair();
}
END_TEST

/* proven[i] (the alert sample's proof) comes through for a connected
   server, is 0 or 1, and only with status 0; otherwise nothing is proven */
START_TEST(test_pair_proven)
{
  struct pair_answer a = answer(2, 0, 0, 0, 0);
  unsigned char proven[2] = { 7, 7 };
  int fd[2];
  int p[2];
  int prefd[2];
  const char *why = "unset";
  pairup();
  mkpipe(p);
  fd[0] = fd[1] = p[1];
  a.proven[1] = 1;
  ck_assert_int_eq(pair_answer(sock[1], &a, fd), 0);
  ck_assert_int_eq(pair_take(sock[0], unix2, 2, prefd, proven, &why), PAIR_OK);
  ck_assert_int_eq(proven[0], 0);
  ck_assert_int_eq(proven[1], 1);
  close(prefd[0]);
  close(prefd[1]);
  a.proven[1] = 2;
  ck_assert_int_eq(pair_answer(sock[1], &a, fd), 0);
  proven[0] = proven[1] = 7;
  ck_assert_int_eq(pair_take(sock[0], unix2, 2, prefd, proven, &why), PAIR_BAD);
  ck_assert_str_eq(why, "a bad status");
  ck_assert_int_eq(proven[0], 0);
  ck_assert_int_eq(proven[1], 0);
  close(prefd[0]);
  close(prefd[1]);
  a = answer(2, ECONNREFUSED, 0, 0, 0);
  a.proven[0] = 1;
  ck_assert_int_eq(pair_answer(sock[1], &a, fd), 0);
  ck_assert_int_eq(pair_take(sock[0], unix2, 2, prefd, proven, &why), PAIR_BAD);
  ck_assert_str_eq(why, "a bad status");
  ck_assert_int_eq(proven[0], 0);
  close(prefd[1]);
  close(p[0]);
  close(p[1]);
  unpair();
}
END_TEST

/* the proof packet: one server's index, read without blocking; anything
   else is no proof */
START_TEST(test_pair_proof)
{
  unsigned char raw[3];
  pairup();
  ck_assert_int_eq(pair_proof(sock[1]), -1);          /* nothing came */
  ck_assert_int_eq(pair_proved(sock[0], 3), 0);
  ck_assert_int_eq(pair_proof(sock[1]), 3);
  ck_assert_int_eq(pair_proof(sock[1]), -1);          /* one packet, read once */
  ck_assert_int_eq(pair_proved(sock[0], PAIR_MAX), -1);
  ck_assert_int_eq(errno, EINVAL);
  raw[0] = PAIR_PROVED; raw[1] = PAIR_MAX;
  ck_assert_int_eq(write(sock[0], raw, 2), 2);
  ck_assert_int_eq(pair_proof(sock[1]), -1);          /* past the servers */
  raw[0] = PAIR_ASK; raw[1] = 1;
  ck_assert_int_eq(write(sock[0], raw, 2), 2);
  ck_assert_int_eq(pair_proof(sock[1]), -1);          /* not a proof */
  raw[0] = PAIR_PROVED; raw[1] = 1; raw[2] = 0;
  ck_assert_int_eq(write(sock[0], raw, 3), 3);
  ck_assert_int_eq(pair_proof(sock[1]), -1);          /* too long */
  ck_assert_int_eq(write(sock[0], raw, 1), 1);
  ck_assert_int_eq(pair_proof(sock[1]), -1);          /* too short */
  close(sock[0]);
  sock[0] = -1;
  ck_assert_int_eq(pair_proof(sock[1]), -1);          /* end of file */
  unpair();
}
END_TEST

/* another conf-scanner: the count says so, whatever else came */
START_TEST(test_pair_count)
{
  struct pair_answer a = answer(3, 0, 0, 0, 0);
  int p[2];
  int fds[2];
  int prefd[2];
  const char *why = 0;
  pairup();
  mkpipe(p);
  fds[0] = fds[1] = p[1];
  rawsend(sock[1], &a, sizeof a, fds, 2);
  close(p[1]);
  ck_assert_int_eq(pair_take(sock[0], unix2, 2, prefd, 0, &why), PAIR_COUNT);
  ck_assert(same(prefd[0], p[0]));
  ck_assert(same(prefd[1], p[0]));
  close(prefd[0]);
  close(prefd[1]);
  ck_assert_int_eq(closed(p[0]), 1);
  a = answer(1, -1, 0, 0, 0);
  rawsend(sock[1], &a, sizeof a, 0, 0);
  ck_assert_int_eq(pair_take(sock[0], tcp2, 2, prefd, 0, &why), PAIR_COUNT);
  close(p[0]);
  unpair();
}
END_TEST

/* ---- the facts ---- */

START_TEST(test_pair_facts)
{
  static const char two[] = "Qip - bytes 5 parts 1 scanner x: clean\nZip - bytes 5 parts 1 scanner x: the mail queue is unavailable\n";
  char buf[256];
  int p[2];
  mkpipe(p);
  ck_assert_uint_eq(pair_facts(-1, buf, sizeof buf), 0);
  ck_assert_uint_eq(pair_facts(p[0], buf, sizeof buf), 0);   /* nothing: no wait */
  /* a failed exec of qmail-queue: Q, then Z; the last line counts */
  ck_assert_int_eq(write(p[1], two, sizeof two - 1), (ssize_t) sizeof two - 1);
  ck_assert_uint_eq(pair_facts(p[0], buf, sizeof buf), 63);
  ck_assert_int_eq(memcmp(buf, two + 39, 63), 0);
  ck_assert_int_eq(pair_letter(buf, 63), PAIR_DEFERRED);
  /* bounded: no more than size bytes */
  ck_assert_int_eq(write(p[1], two, sizeof two - 1), (ssize_t) sizeof two - 1);
  ck_assert_uint_eq(pair_facts(p[0], buf, 10), 10);
  ck_assert_int_eq(memcmp(buf, "Qip - byte", 10), 0);
  close(p[0]);
  close(p[1]);
}
END_TEST

START_TEST(test_pair_letter)
{
  ck_assert_int_eq(pair_letter("Qip -", 5), PAIR_QUEUED);
  ck_assert_int_eq(pair_letter("R", 1), PAIR_REFUSED);
  ck_assert_int_eq(pair_letter("Z", 1), PAIR_DEFERRED);
  ck_assert_int_eq(pair_letter("D", 1), 0);
  ck_assert_int_eq(pair_letter("q", 1), 0);
  ck_assert_int_eq(pair_letter("Q", 0), 0);
  ck_assert_int_eq(pair_letter(0, 5), 0);
  ck_assert_int_eq(PAIR_QUEUED, 'Q');
  ck_assert_int_eq(PAIR_REFUSED, 'R');
  ck_assert_int_eq(PAIR_DEFERRED, 'Z');
}
END_TEST

/* every kind's letter, as verdict_facts writes it and qscanq reads it:
   the refusals R, clean Q, the rest Z, whatever the enum's order */
START_TEST(test_pair_letter_kinds)
{
  static const struct { enum verdict_kind k; char letter; char reply; } kinds[] = {
    { VERDICT_CLEAN, 'Q', 'Z' }, { VERDICT_VIRUS, 'R', 'D' },
    { VERDICT_UNPACKLIMIT, 'R', 'D' }, { VERDICT_SCANLIMIT, 'R', 'D' },
    { VERDICT_ATTACH, 'R', 'D' }, { VERDICT_TOOBIG, 'R', 'D' },
    { VERDICT_TIMEOUT, 'Z', 'Z' }, { VERDICT_SCANFAIL, 'Z', 'Z' },
    { VERDICT_HELD, 'Z', 'Z' }, { VERDICT_DISK, 'Z', 'Z' },
    { VERDICT_MEMORY, 'Z', 'Z' }, { VERDICT_READ, 'Z', 'Z' },
    { VERDICT_INTERNAL, 'Z', 'Z' }, { VERDICT_QUEUE, 'Z', 'Z' },
    { VERDICT_TEMP, 'Z', 'Z' }
  };
  char out[VERDICT_FACTS];
  char reply[VERDICT_REPLY + 1];
  size_t i;
  for (i = 0; i < sizeof kinds / sizeof kinds[0]; ++i) {
    struct verdict_facts f = { kinds[i].k, "E", 0, 5, 1, "x", 0, 0, 0, 0, 1 };
    size_t len = verdict_facts(out, &f);
    ck_assert_msg(pair_letter(out, len) == kinds[i].letter, "kind %d: %c", (int) kinds[i].k, out[0]);
    ck_assert_int_eq(verdict_refused(kinds[i].k), kinds[i].letter == 'R');
    (void) verdict_reply(reply, kinds[i].k, "E", 0, "@x");
    ck_assert_msg(reply[0] == kinds[i].reply, "kind %d: reply %c", (int) kinds[i].k, reply[0]);
  }
}
END_TEST

/* the queue's pid, as verdict_facts writes it and qscanq cuts it out:
   the rest then reads as the line without it; anything else is left */
START_TEST(test_pair_queue)
{
  static const char *const bad[] = { "Q ip -", "Qip - bytes 1", "Q0 ip -", "Q12", "Q12x ip", "Q12345678901 ip", "R12 ip", "", "Z1 ip" };
  char out[VERDICT_FACTS];
  char line[64];
  struct verdict_facts f = { VERDICT_CLEAN, 0, "192.0.2.1", 5, 1, "x", 0, 0, 0, 0, 4294967295UL };
  size_t len = verdict_facts(out, &f);
  size_t i;
  ck_assert_uint_eq(pair_queue(out, &len), 4294967295UL);
  ck_assert_uint_eq(len, str_len("Qip 192.0.2.1 bytes 5 parts 1 scanner x: clean"));
  ck_assert(byte_equal(out, len, "Qip 192.0.2.1 bytes 5 parts 1 scanner x: clean"));
  ck_assert_int_eq(pair_letter(out, len), PAIR_QUEUED);
  len = 4;
  byte_copy(line, 5, "Q7 x");
  ck_assert_uint_eq(pair_queue(line, &len), 7);
  ck_assert_uint_eq(len, 2);
  ck_assert(byte_equal(line, 2, "Qx"));
  for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    size_t n = str_len(bad[i]);
    byte_copy(line, n + 1, bad[i]);
    len = n;
    ck_assert_msg(pair_queue(line, &len) == 0, "%s", bad[i]);
    ck_assert_uint_eq(len, n);
    ck_assert(byte_equal(line, n, bad[i]));
  }
}
END_TEST

Suite *pair_suite(void)
{
  Suite *s = suite_create("pair");
  TCase *tc = tcase_create("pair");
  tcase_add_test(tc, test_pair_cmd_args);
  tcase_add_test(tc, test_pair_queue);
  tcase_add_test(tc, test_pair_args_byhand);
  tcase_add_test(tc, test_pair_args_bad);
  tcase_add_test(tc, test_pair_ask_asked);
  tcase_add_test(tc, test_pair_asked_drops_fds);
  tcase_add_test(tc, test_pair_roundtrip);
  tcase_add_test(tc, test_pair_roundtrip_tcp);
  tcase_add_test(tc, test_pair_processes);
  tcase_add_test(tc, test_pair_peer_closed);
  tcase_add_test(tc, test_pair_answer_nobody);
  tcase_add_test(tc, test_pair_take_error);
  tcase_add_test(tc, test_pair_fewer);
  tcase_add_test(tc, test_pair_more);
  tcase_add_test(tc, test_pair_foreign);
  tcase_add_test(tc, test_pair_truncated);
  tcase_add_test(tc, test_pair_status);
  tcase_add_test(tc, test_pair_count);
  tcase_add_test(tc, test_pair_proven);
  tcase_add_test(tc, test_pair_proof);
  tcase_add_test(tc, test_pair_facts);
  tcase_add_test(tc, test_pair_letter);
  tcase_add_test(tc, test_pair_letter_kinds);
  suite_add_tcase(s, tc);
  return s;
}

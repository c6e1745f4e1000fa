#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "mime.h"

/* libFuzzer target for qscanq-stdin's whole path: each input is a message,
   handed on fd 0 to a sanitizer build of qscanq-stdin, run in a fresh work
   folder with the scanner /bin/true and the stand-in qmail-queue. It must
   exit 0 with the message queued exactly once, byte for byte (the scanner
   finds nothing), or 31 with nothing queued (beyond the unpacker's limits);
   never crash, never report a sanitizer error (qscanq-stdin's or
   reformime's: both write to the log on fd 2), never leave anything in
   work/, never queue twice. Anything else aborts, so libFuzzer saves the
   input.

   The programs under test are separate processes, so libFuzzer's coverage
   comes from the same input fed to the MIME core linked in here (the code
   reformime runs): inputs that reach new parser states are kept.

   Environment, set by fuzz/run-qscanq-stdin:
     QSQ_FUZZ_HOME  a sandbox home (tests/lib.sh) built with the sanitizers
                    and conf-scanner /bin/true
     QSQ_FUZZ_DIR   a scratch folder for the work folder, queue and log */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char prog[4096];
static char work[4096];
static char queue[4096];
static char logfn[4096];
static char infn[4096];
static char qenv[4200];

static void die(const char *what)
{
  (void) fprintf(stderr, "fuzz-qscanq-stdin: %s: %s\n", what, strerror(errno));
  exit(111);
}

static void showlog(void)
{
  char buf[4096];
  ssize_t r;
  int fd = open(logfn, O_RDONLY);
  if (fd == -1) return;
  (void) fprintf(stderr, "---- qscanq-stdin's log:\n");
  while ((r = read(fd, buf, sizeof buf)) > 0) (void) fwrite(buf, 1, (size_t) r, stderr);
  close(fd);
}

static void finding(const char *what)
{
  (void) fprintf(stderr, "fuzz-qscanq-stdin: FINDING: %s\n", what);
  showlog();
  abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  const char *home = getenv("QSQ_FUZZ_HOME");
  const char *dir = getenv("QSQ_FUZZ_DIR");
  (void) argc;
  (void) argv;
  if (!home || !dir) {
    (void) fprintf(stderr, "fuzz-qscanq-stdin: set QSQ_FUZZ_HOME and QSQ_FUZZ_DIR\n");
    exit(111);
  }
  (void) snprintf(prog, sizeof prog, "%s/bin/qscanq-stdin", home);
  (void) snprintf(work, sizeof work, "%s/work", dir);
  (void) snprintf(queue, sizeof queue, "%s/queue", dir);
  (void) snprintf(logfn, sizeof logfn, "%s/log", dir);
  (void) snprintf(infn, sizeof infn, "%s/in", dir);
  (void) snprintf(qenv, sizeof qenv, "STANDIN_QUEUE=%s", queue);
  if (access(prog, X_OK) == -1) die(prog);
  (void) mkdir(work, 0700);
  (void) mkdir(queue, 0700);
  return 0;
}

/* Counts the entries of folder fn; removes them when rm (flat folders). */
static int entries(const char *fn, int rm)
{
  int n = 0;
  struct dirent *de;
  DIR *d = opendir(fn);
  if (!d) die(fn);
  while ((de = readdir(d))) {
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
    ++n;
    if (rm) (void) unlinkat(dirfd(d), de->d_name, 0);
  }
  closedir(d);
  return n;
}

static int samefile(const char *fn, const uint8_t *data, size_t size)
{
  struct stat st;
  int fd = open(fn, O_RDONLY);
  uint8_t *buf;
  ssize_t r;
  int same;
  if (fd == -1) return 0;
  if (fstat(fd, &st) == -1 || (size_t) st.st_size != size) { close(fd); return 0; }
  buf = malloc(size + 1);
  if (!buf) die("malloc");
  r = size ? read(fd, buf, size) : 0;
  same = r == (ssize_t) size && (size == 0 || !memcmp(buf, data, size));
  free(buf);
  close(fd);
  return same;
}

/* the .msg file the stand-in recorded, if exactly one */
static int onequeued(char *fn, size_t room)
{
  int n = 0;
  struct dirent *de;
  DIR *d = opendir(queue);
  if (!d) die(queue);
  while ((de = readdir(d))) {
    size_t l = strlen(de->d_name);
    if (l > 5 && !strcmp(de->d_name + l - 5, ".info")) ++n;
    if (l > 4 && !strcmp(de->d_name + l - 4, ".msg")) (void) snprintf(fn, room, "%s/%s", queue, de->d_name);
  }
  closedir(d);
  return n;
}

static int logsays(const char *needle)
{
  static char buf[1 << 16];
  ssize_t r;
  int fd = open(logfn, O_RDONLY);
  if (fd == -1) return 0;
  r = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (r <= 0) return 0;
  buf[r] = 0;
  return memmem(buf, (size_t) r, needle, strlen(needle)) != 0;
}

static void whole_path(const uint8_t *data, size_t size)
{
  static const char envelope[] = "Fsender@example.com\0Trcpt@example.com\0";
  char msgfn[8192];
  char why[256];
  int pfd[2];
  int fd;
  int wstat;
  pid_t pid;

  fd = open(infn, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd == -1) die(infn);
  if (size && write(fd, data, size) != (ssize_t) size) die("write");
  close(fd);
  if (pipe(pfd) == -1) die("pipe");
  /* the whole envelope with its final NUL (sizeof counts the string's own) */
  if (write(pfd[1], envelope, sizeof envelope) != (ssize_t) sizeof envelope) die("write envelope");
  close(pfd[1]);

  pid = fork();
  if (pid == -1) die("fork");
  if (pid == 0) {
    static char name[] = "qscanq-stdin";
    static char id[] = "@fuzz";
    char *args[3];
    char *env[3];
    int in = open(infn, O_RDONLY);
    int log = open(logfn, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in == -1 || log == -1) _exit(120);
    if (chdir(work) == -1) _exit(120);
    if (dup2(in, 0) == -1 || dup2(pfd[0], 1) == -1 || dup2(log, 2) == -1) _exit(120);
    args[0] = name;
    args[1] = id;
    args[2] = 0;
    env[0] = qenv;
    env[1] = (char *) "ASAN_OPTIONS=halt_on_error=1:detect_leaks=1";
    env[2] = 0;
    execve(prog, args, env);
    _exit(120);
  }
  close(pfd[0]);
  while (waitpid(pid, &wstat, 0) == -1)
    if (errno != EINTR) die("waitpid");

  if (logsays("Sanitizer") || logsays("runtime error")) finding("a sanitizer report");
  if (WIFSIGNALED(wstat)) {
    (void) snprintf(why, sizeof why, "qscanq-stdin killed by signal %d", WTERMSIG(wstat));
    finding(why);
  }
  if (entries(work, 1)) finding("qscanq-stdin left files in work/");
  switch (WEXITSTATUS(wstat)) {
    case 0:
      if (onequeued(msgfn, sizeof msgfn) != 1) finding("exit 0 but not queued exactly once");
      if (!samefile(msgfn, data, size)) finding("exit 0 but the queued message differs from the input");
      break;
    case 31:
      if (entries(queue, 0)) finding("exit 31 but something was queued");
      if (!logsays("beyond the unpacker's limits")) finding("exit 31 without the limits line");
      break;
    default:
      (void) snprintf(why, sizeof why, "qscanq-stdin exit %d (want 0 or 31 with a scanner that finds nothing)", WEXITSTATUS(wstat));
      finding(why);
  }
  (void) entries(queue, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct mime m;
  /* coverage: the MIME core on the same input, in pieces of 4096 */
  if (!mime_init(&m, MIME_NOWRITE, 0)) {
    size_t i;
    for (i = 0; i < size && !m.err; i += 4096)
      (void) mime_feed(&m, (const char *) data + i, size - i < 4096 ? size - i : 4096);
    (void) mime_finish(&m);
  }
  mime_free(&m);
  whole_path(data, size);
  return 0;
}

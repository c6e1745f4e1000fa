/* bench/maxrss: peak memory and CPU time of every program in a process
 * tree, for make bench (not part of qscanq). Linux only.
 *
 *   maxrss REPORT USER -- PROG ARG...
 *
 * Runs PROG ARG... as USER ("-": as we are; otherwise we must be root) and
 * follows it and every process it starts with ptrace. Stops happen only at
 * fork, exec, exit and at the entry of execve (a seccomp filter, installed
 * while still root, so that set-uid programs below keep their bit), so the
 * programs run at nearly full speed. At each exec entry and each exit the
 * process's VmHWM (peak resident set) and its CPU time so far
 * (/proc/PID/schedstat) go to the program it was running, named by the
 * file its exec opened. REPORT gets one line per program, in the order
 * first seen:
 *   prog NAME PEAK_KB CPU_US PROCESSES WAIT_US
 * (WAIT_US: time spent runnable but waiting for a CPU, also from schedstat)
 * and a last line with getrusage(RUSAGE_CHILDREN)'s ru_maxrss, the largest
 * peak of the whole tree, which is what a plain wrapper would see:
 *   tree MAXRSS_KB
 * PROG gets our fds 0, 1 and 2. We exit with its exit code (128+signal if
 * it was killed); 111 for trouble of our own. */
#define _GNU_SOURCE
#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXPROC 4096
#define MAXPROG 64

struct prog { char name[64]; long peak; long long cpu_ns; long long wait_ns; int procs; };
struct proc { pid_t pid; int prog; long long base_ns; long long base_wait; };

static struct prog progs[MAXPROG];
static int nprogs;
static struct proc procs[MAXPROC];
static int nprocs;

static void die(const char *what)
{
  fprintf(stderr, "maxrss: fatal: %s: %s\n", what, strerror(errno));
  exit(111);
}

static int progidx(const char *name)
{
  int i;
  for (i = 0; i < nprogs; ++i) if (!strcmp(progs[i].name, name)) return i;
  if (nprogs == MAXPROG) { fprintf(stderr, "maxrss: too many programs\n"); exit(111); }
  snprintf(progs[nprogs].name, sizeof progs[nprogs].name, "%s", name);
  return nprogs++;
}

static struct proc *find(pid_t pid, int create)
{
  int i;
  for (i = 0; i < nprocs; ++i) if (procs[i].pid == pid) return &procs[i];
  if (!create) return 0;
  for (i = 0; i < nprocs; ++i) if (procs[i].pid == 0) break;
  if (i == nprocs) {
    if (nprocs == MAXPROC) { fprintf(stderr, "maxrss: too many processes\n"); exit(111); }
    ++nprocs;
  }
  procs[i].pid = pid;
  procs[i].prog = -1;
  procs[i].base_ns = 0;
  procs[i].base_wait = 0;
  return &procs[i];
}

static void exename(pid_t pid, char *out, size_t n)
{
  char path[64], buf[4096];
  ssize_t r;
  int len;
  const char *b;
  snprintf(path, sizeof path, "/proc/%d/exe", (int) pid);
  r = readlink(path, buf, sizeof buf - 1);
  if (r < 0) { snprintf(out, n, "?"); return; }
  buf[r] = 0;
  b = strrchr(buf, '/');
  b = b ? b + 1 : buf;
  len = (int) strlen(b);
  if ((size_t) len >= n) len = (int) n - 1;
  memcpy(out, b, (size_t) len);
  out[len] = 0;
}

static long hwm(pid_t pid)
{
  char path[64], line[256];
  long kb = -1;
  FILE *f;
  snprintf(path, sizeof path, "/proc/%d/status", (int) pid);
  f = fopen(path, "r");
  if (!f) return -1;
  while (fgets(line, sizeof line, f))
    if (!strncmp(line, "VmHWM:", 6)) { kb = strtol(line + 6, 0, 10); break; }
  fclose(f);
  return kb;
}

/* time on a CPU and time waiting for one, in ns, so far */
static int runtime(pid_t pid, long long *ns, long long *wait)
{
  char path[64];
  int ok;
  FILE *f;
  snprintf(path, sizeof path, "/proc/%d/schedstat", (int) pid);
  f = fopen(path, "r");
  if (!f) return -1;
  ok = fscanf(f, "%lld %lld", ns, wait) == 2;
  fclose(f);
  return ok ? 0 : -1;
}

/* the program pid has been running ends here (exec or exit) */
static void mark(pid_t pid)
{
  struct proc *p = find(pid, 1);
  long kb = hwm(pid);
  long long ns, wait;
  if (p->prog < 0) return;
  if (kb > progs[p->prog].peak) progs[p->prog].peak = kb;
  if (runtime(pid, &ns, &wait) == -1) return;
  if (ns >= p->base_ns) { progs[p->prog].cpu_ns += ns - p->base_ns; p->base_ns = ns; }
  if (wait >= p->base_wait) { progs[p->prog].wait_ns += wait - p->base_wait; p->base_wait = wait; }
}

static void setprog(struct proc *p, int prog)
{
  p->prog = prog;
  if (prog >= 0) progs[prog].procs++;
}

static void filter(void)
{
  struct sock_filter f[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_execve, 2, 0),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_execveat, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
  };
  struct sock_fprog prog = { sizeof f / sizeof f[0], f };
  if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == -1) {
    /* not root: only with no_new_privs, which set-uid programs then lose */
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == -1) _exit(111);
  }
}

int main(int argc, char **argv)
{
  FILE *report;
  pid_t child;
  int status, result = 111, live = 0, i;
  struct rusage ru;

  if (argc < 5 || strcmp(argv[3], "--")) { fprintf(stderr, "usage: maxrss REPORT USER -- PROG ARG...\n"); return 111; }
  report = fopen(argv[1], "w");
  if (!report) die("open report");

  child = fork();
  if (child == -1) die("fork");
  if (child == 0) {
    /* TRACEME while still root: the kernel lets a set-uid exec keep its
       bit under ptrace only if the creds recorded here are privileged */
    filter();
    if (ptrace(PTRACE_TRACEME, 0, 0, 0) == -1) _exit(111);
    if (strcmp(argv[2], "-")) {
      struct passwd *pw = getpwnam(argv[2]);
      if (!pw || setgroups(0, 0) == -1 || setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) == -1 ||
          setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) == -1) _exit(111);
    }
    raise(SIGSTOP);
    // cppcheck-suppress unreachableCode ; raise(SIGSTOP) returns once the parent sends SIGCONT
    execv(argv[4], argv + 4);
    _exit(127);
  }
  if (waitpid(child, &status, 0) != child || !WIFSTOPPED(status)) die("first stop");
  if (ptrace(PTRACE_SETOPTIONS, child, 0, PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
             PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL) == -1)
    die("PTRACE_SETOPTIONS");
  find(child, 1); /* runs our own code until its exec: no program yet */
  live = 1;
  if (ptrace(PTRACE_CONT, child, 0, 0) == -1) die("PTRACE_CONT");

  while (live > 0) {
    int sig = 0, event;
    pid_t pid = waitpid(-1, &status, __WALL);
    struct proc *p;
    if (pid == -1) { if (errno == EINTR) continue; if (errno == ECHILD) break; die("waitpid"); }
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
      if (pid == child) result = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      p = find(pid, 0);
      if (p) { p->pid = 0; --live; }
      continue;
    }
    if (!WIFSTOPPED(status)) continue;
    p = find(pid, 0);
    if (!p) { p = find(pid, 1); ++live; } /* a new child, stopped before its parent's event */
    event = status >> 16;
    switch (event) {
      case PTRACE_EVENT_SECCOMP: mark(pid); break;
      case PTRACE_EVENT_EXIT: mark(pid); break;
      case PTRACE_EVENT_EXEC: {
        char name[64];
        exename(pid, name, sizeof name);
        setprog(p, progidx(name));
        break;
      }
      case PTRACE_EVENT_FORK: case PTRACE_EVENT_VFORK: case PTRACE_EVENT_CLONE: {
        unsigned long msg;
        struct proc *c;
        if (ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg) == -1) break;
        c = find((pid_t) msg, 0);
        if (!c) { c = find((pid_t) msg, 1); ++live; }
        p = find(pid, 0); /* the table may have moved nothing, but be sure */
        if (c->prog < 0) setprog(c, p->prog);
        c->base_ns = 0;
        c->base_wait = 0;
        break;
      }
      case 0:
        sig = WSTOPSIG(status);
        if (sig == SIGSTOP || sig == SIGTRAP) sig = 0; /* a new tracee's first stop, or ours */
        break;
      default: break;
    }
    if (ptrace(PTRACE_CONT, pid, 0, sig) == -1 && errno != ESRCH) die("PTRACE_CONT");
  }

  for (i = 0; i < nprogs; ++i)
    fprintf(report, "prog %s %ld %lld %d %lld\n", progs[i].name, progs[i].peak, progs[i].cpu_ns / 1000, progs[i].procs,
            progs[i].wait_ns / 1000);
  if (getrusage(RUSAGE_CHILDREN, &ru) == -1) die("getrusage");
  fprintf(report, "tree %ld\n", ru.ru_maxrss);
  if (fclose(report) == EOF) die("write report");
  return result;
}

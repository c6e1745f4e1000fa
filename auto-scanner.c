#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "auto_scanner.h"
#include "byte.h"
#include "fmt.h"
#include "qsq.h"
#include "str.h"
#include "strerr.h"
#include "subfd.h"

/* auto-scanner LINE: turns conf-scanner's first line into auto_scanner.c,
   at build time, so that nothing is parsed or looked up at run time.
   Two forms (SPEC 3, 9):
     clamd SERVER...   each a unix socket path (starting with /), an IPv4
                       literal and port (10.0.0.5:3310) or an IPv6 literal
                       in brackets and port ([2001:db8::7]:3310)
     /PATH ARGS...     a command, split on spaces (no quoting, no shell)
   It prints both tables, auto_scanner (the command's argument vector,
   empty for the clamd form) and auto_clamd with auto_clamd_count (0 for
   the command form). Anything it cannot use fails the build, saying why. */

#define FATAL "auto-scanner: fatal: conf-scanner: "

static void put(const char *s, size_t len)
{
  if (substdio_put(subfdout, s, len) == -1) strerr_die2sys(QSQ_EXIT_FAIL, "auto-scanner: fatal: ", "unable to write: ");
}

static void puts0(const char *s)
{
  put(s, str_len(s));
}

static void putnum(unsigned long n)
{
  char num[FMT_ULONG];
  put(num, fmt_ulong(num, n));
}

/* s[0..len) as a C string literal, every unusual byte in octal */
static void putstr(const char *s, size_t len)
{
  size_t i;
  puts0("\"");
  for (i = 0; i < len; ++i) {
    unsigned char ch = (unsigned char) s[i];
    if (ch == '"' || ch == '\\' || ch < 32 || ch > 126) {
      char oct[4];
      put(oct, fmt_octbyte(oct, ch));
    } else
      put((const char *) &ch, 1);
  }
  puts0("\"");
}

/* the words of the line, split on spaces */
static const char *word[256];
static size_t wordlen[256];
static size_t words;

static void split(const char *v)
{
  for (;;) {
    while (*v == ' ' || *v == '\t') ++v;
    if (!*v) return;
    if (words == sizeof word / sizeof word[0]) strerr_die2x(QSQ_EXIT_USAGE, FATAL, "more than 256 words");
    word[words] = v;
    while (*v && *v != ' ' && *v != '\t') ++v;
    wordlen[words] = (size_t) (v - word[words]);
    ++words;
  }
}

static void command(void)
{
  size_t i;
  if (word[0][0] != '/') strerr_die2x(QSQ_EXIT_USAGE, FATAL, "the first word must be clamd or the scanner's absolute path");
  /* Each word is its own char array, so the vector is char *const[] as
     execve wants, without casting away const. */
  for (i = 0; i < words; ++i) {
    puts0("static char auto_scanner_");
    putnum(i);
    puts0("[] = ");
    putstr(word[i], wordlen[i]);
    puts0(";\n");
  }
  puts0("char *const auto_scanner[] = {\n");
  for (i = 0; i < words; ++i) {
    puts0("  auto_scanner_");
    putnum(i);
    puts0(",\n");
  }
  puts0("  0\n};\n");
  /* C has no empty arrays: one unused entry, and a count of 0 */
  puts0("const struct clamd_server auto_clamd[1] = { { .family = AF_UNSPEC } };\n");
  puts0("const size_t auto_clamd_count = 0;\n");
}

static void bad(const char *s, size_t len, const char *why)
{
  static char copy[300];
  if (len > sizeof copy - 1) len = sizeof copy - 1;
  byte_copy(copy, len, s);
  copy[len] = 0;
  strerr_die(QSQ_EXIT_USAGE, FATAL, "server ", copy, ": ", why, 0, 0);
}

/* 1 to 65535, decimal digits only */
static unsigned int port(const char *s, size_t len, const char *w, size_t wlen)
{
  unsigned long p = 0;
  size_t i;
  if (!len) bad(w, wlen, "no port after the colon");
  if (len > 5) bad(w, wlen, "the port is not a number from 1 to 65535");
  for (i = 0; i < len; ++i) {
    if (s[i] < '0' || s[i] > '9') bad(w, wlen, "the port is not a number from 1 to 65535");
    p = p * 10 + (unsigned long) (s[i] - '0');
  }
  if (p < 1 || p > 65535) bad(w, wlen, "the port is not a number from 1 to 65535");
  return (unsigned int) p;
}

/* one server's entry; fails the build on anything it cannot use */
static void server(const char *w, size_t len)
{
  unsigned char ip[16];
  char host[64];
  unsigned int p = 0;
  int family;
  size_t i;
  size_t colon;
  if (w[0] == '/') {
    struct sockaddr_un sun;
    if (len >= sizeof sun.sun_path) bad(w, len, "a unix socket path longer than 107 bytes");
    for (i = 0; i < len; ++i)
      if ((unsigned char) w[i] < 33 || (unsigned char) w[i] > 126) bad(w, len, "an unusual byte in the socket path");
    puts0("  { .family = AF_UNIX, .path = ");
    putstr(w, len);
    puts0(", .ip = { 0 }, .port = 0, .text = ");
    putstr(w, len);
    puts0(" },\n");
    return;
  }
  if (w[0] == '[') {
    for (i = 1; i < len && w[i] != ']'; ++i) ;
    if (i == len || i + 1 == len || w[i + 1] != ':') bad(w, len, "an IPv6 server is [ADDRESS]:PORT");
    if (i - 1 >= sizeof host) bad(w, len, "not an IPv6 address literal");
    byte_copy(host, i - 1, w + 1);
    host[i - 1] = 0;
    if (inet_pton(AF_INET6, host, ip) != 1) bad(w, len, "not an IPv6 address literal (no names: nothing is looked up)");
    family = AF_INET6;
    p = port(w + i + 2, len - i - 2, w, len);
  } else {
    for (colon = len; colon > 0 && w[colon - 1] != ':'; --colon) ;
    if (!colon) bad(w, len, "neither a socket path (/...) nor ADDRESS:PORT");
    if (colon - 1 >= sizeof host) bad(w, len, "not an IPv4 address literal");
    byte_copy(host, colon - 1, w);
    host[colon - 1] = 0;
    if (inet_pton(AF_INET, host, ip) != 1)
      bad(w, len, "not an IPv4 address literal (no names: nothing is looked up; IPv6 goes in brackets)");
    family = AF_INET;
    p = port(w + colon, len - colon, w, len);
  }
  puts0(family == AF_INET ? "  { .family = AF_INET, .path = 0, .ip = { " : "  { .family = AF_INET6, .path = 0, .ip = { ");
  for (i = 0; i < (family == AF_INET ? 4U : 16U); ++i) {
    if (i) puts0(", ");
    putnum(ip[i]);
  }
  puts0(" }, .port = ");
  putnum(p);
  puts0(", .text = ");
  putstr(w, len);
  puts0(" },\n");
}

static void clamd(void)
{
  size_t i;
  size_t j;
  if (words < 2) strerr_die2x(QSQ_EXIT_USAGE, FATAL, "clamd needs at least one server: clamd /run/clamav/clamd.ctl, or clamd 10.0.0.5:3310 ...");
  if (words - 1 > AUTO_CLAMD_MAX) strerr_die2x(QSQ_EXIT_USAGE, FATAL, "more servers than AUTO_CLAMD_MAX (auto_scanner.h)");
  for (i = 1; i < words; ++i)
    for (j = 1; j < i; ++j)
      if (wordlen[i] == wordlen[j] && byte_equal(word[i], wordlen[i], word[j])) bad(word[i], wordlen[i], "listed twice");
  puts0("char *const auto_scanner[] = { 0 };\n");
  puts0("const struct clamd_server auto_clamd[] = {\n");
  for (i = 1; i < words; ++i) server(word[i], wordlen[i]);
  puts0("};\n");
  puts0("const size_t auto_clamd_count = ");
  putnum((unsigned long) (words - 1));
  puts0(";\n");
}

int main(int argc, char **argv)
{
  if (argc != 2) strerr_die1x(QSQ_EXIT_USAGE, "auto-scanner: usage: auto-scanner LINE");
  split(argv[1]);
  if (!words) strerr_die2x(QSQ_EXIT_USAGE, FATAL, "the first line is empty");
  puts0("/* made by auto-scanner from conf-scanner's first line */\n");
  puts0("#include <sys/socket.h>\n#include \"auto_scanner.h\"\n\n");
  if (wordlen[0] == 5 && byte_equal(word[0], 5, "clamd")) clamd();
  else command();
  if (substdio_flush(subfdout) == -1) strerr_die2sys(QSQ_EXIT_FAIL, "auto-scanner: fatal: ", "unable to write: ");
  return 0;
}

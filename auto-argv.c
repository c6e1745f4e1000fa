#include "fmt.h"
#include "str.h"
#include "strerr.h"
#include "subfd.h"

/* auto-argv NAME VALUE: splits VALUE on spaces and prints a C definition of
   the null-terminated argument vector NAME. The first word must be an
   absolute path: the programs never search PATH. */

#define FATAL "auto-argv: fatal: "

static void put(const char *s, size_t len)
{
  if (substdio_put(subfdout, s, len) == -1) strerr_die2sys(111, FATAL, "unable to write: ");
}

static void puts0(const char *s)
{
  put(s, str_len(s));
}

int main(int argc, char **argv)
{
  const char *v;
  int words = 0;
  if (argc != 3) strerr_die1x(100, "auto-argv: usage: auto-argv NAME VALUE");
  v = argv[2];
  while (*v == ' ') ++v;
  if (*v != '/') strerr_die2x(100, FATAL, "the command must start with an absolute path");
  /* Each word is its own char array, so the vector is char *const[] as
     execve wants, without casting away const. */
  while (*v) {
    char num[FMT_ULONG];
    puts0("static char ");
    puts0(argv[1]);
    puts0("_");
    put(num, fmt_ulong(num, (unsigned long) words));
    puts0("[] = \"");
    for (; *v && *v != ' '; ++v) {
      unsigned char ch = (unsigned char) *v;
      if (ch == '"' || ch == '\\' || ch < 32 || ch > 126) {
        char oct[4];
        oct[0] = '\\';
        oct[1] = (char) ('0' + (ch >> 6));
        oct[2] = (char) ('0' + ((ch >> 3) & 7));
        oct[3] = (char) ('0' + (ch & 7));
        put(oct, 4);
      } else
        put((const char *) &ch, 1);
    }
    puts0("\";\n");
    ++words;
    while (*v == ' ') ++v;
  }
  puts0("char *const ");
  puts0(argv[1]);
  puts0("[] = {\n");
  {
    int i;
    for (i = 0; i < words; ++i) {
      char num[FMT_ULONG];
      puts0("  ");
      puts0(argv[1]);
      puts0("_");
      put(num, fmt_ulong(num, (unsigned long) i));
      puts0(",\n");
    }
  }
  puts0("  0\n};\n");
  if (substdio_flush(subfdout) == -1) strerr_die2sys(111, FATAL, "unable to write: ");
  return words ? 0 : 100;
}

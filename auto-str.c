#include "fmt.h"
#include "qsq.h"
#include "subfd.h"
#include "strerr.h"

/* auto-str NAME VALUE: prints a C definition of the string NAME.
   Every byte outside a safe set is written as an octal escape, so a value
   holding quotes, backslashes or newlines still makes valid C. */

#define FATAL "auto-str: fatal: "

static void put(const char *s, size_t len)
{
  if (substdio_put(subfdout, s, len) == -1) strerr_die2sys(QSQ_EXIT_FAIL, FATAL, "unable to write: ");
}

static void putstr(const char *s)
{
  while (*s) put(s++, 1);
}

int main(int argc, char **argv)
{
  const char *value;
  if (argc != 3) strerr_die1x(QSQ_EXIT_USAGE, "auto-str: usage: auto-str NAME VALUE");
  value = argv[2];
  putstr("const char ");
  putstr(argv[1]);
  putstr("[] = \"");
  for (; *value; ++value) {
    unsigned char ch = (unsigned char) *value;
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
        ch == '/' || ch == '.' || ch == '-' || ch == '_' || ch == ' ' || ch == '=' || ch == ':' || ch == '+' || ch == ',')
      put((const char *) &ch, 1);
    else {
      char oct[4];
      put(oct, fmt_octbyte(oct, ch));
    }
  }
  putstr("\";\n");
  if (substdio_flush(subfdout) == -1) strerr_die2sys(QSQ_EXIT_FAIL, FATAL, "unable to write: ");
  return 0;
}

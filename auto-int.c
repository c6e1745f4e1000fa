#include "qsq.h"
#include "scan.h"
#include "str.h"
#include "strerr.h"
#include "subfd.h"

/* auto-int NAME VALUE: prints a C definition of the number NAME.
   Refuses anything but decimal digits. */

#define FATAL "auto-int: fatal: "

int main(int argc, char **argv)
{
  unsigned long u;
  size_t len;
  if (argc != 3) strerr_die1x(QSQ_EXIT_USAGE, "auto-int: usage: auto-int NAME VALUE");
  len = scan_ulong(argv[2], &u);
  if (!len || argv[2][len]) strerr_die4x(QSQ_EXIT_USAGE, FATAL, "not a number: ", argv[2], "");
  if (substdio_puts(subfdout, "const unsigned long ") == -1 ||
      substdio_puts(subfdout, argv[1]) == -1 ||
      substdio_puts(subfdout, " = ") == -1 ||
      substdio_put(subfdout, argv[2], len) == -1 ||
      substdio_puts(subfdout, "UL;\n") == -1 ||
      substdio_flush(subfdout) == -1)
    strerr_die2sys(QSQ_EXIT_FAIL, FATAL, "unable to write: ");
  return 0;
}

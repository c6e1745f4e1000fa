#include "fmt.h"
#include "qsq_id.h"

size_t qsq_id_make(char *id, const char label[QSQ_IDPACK], unsigned long pid,
                   unsigned long counter)
{
  size_t len = 0;

  id[len++] = '@';
  len += fmt_hexbytes(id + len, (const unsigned char *) label, QSQ_IDPACK);
  id[len++] = '.';
  len += fmt_xlong(id + len, pid);
  id[len++] = '.';
  len += fmt_ulong(id + len, counter);
  id[len] = 0;
  return len;
}

#include "qsq_safe.h"

char qsq_printc(char c)
{
  return qsq_keep(QSQ_PRINT, c);
}

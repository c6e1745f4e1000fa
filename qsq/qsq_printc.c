#include "qsq_safe.h"

char qsq_printc(char c)
{
  return (char) ((c >= 32 && c < 127) ? c : '?');
}

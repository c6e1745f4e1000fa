#include "error.h"

/* 1 unless e is a permanent condition (qmail's classification). */
int error_temp(int e)
{
  switch (e) {
    case EACCES: case EPERM: case ENOENT: case ENOTDIR:
    case EISDIR: case ELOOP: case EROFS:
      return 0;
    default:
      return 1;
  }
}

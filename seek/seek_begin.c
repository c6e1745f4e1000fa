#include <unistd.h>
#include "seek.h"

int seek_begin(int fd)
{
  return lseek(fd, 0, SEEK_SET) == (off_t) -1 ? -1 : 0;
}

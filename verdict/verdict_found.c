#include "byte.h"
#include "verdict.h"

/* clamscan's and clamdscan's report of a find: "PATH: NAME FOUND". Gives
   where NAME starts in line and its length; 1 if the line is one. The
   path may hold ": " itself, so the name starts after the last one. */
int verdict_found(const char *line, size_t len, size_t *start, size_t *namelen)
{
  size_t end;
  size_t i;
  if (len < 6 || !byte_equal(line + len - 6, 6, " FOUND")) return 0;
  end = len - 6;
  for (i = end; i >= 2; --i)
    if (line[i - 2] == ':' && line[i - 1] == ' ') {
      if (i == end) return 0;
      *start = i;
      *namelen = end - i;
      return 1;
    }
  return 0;
}

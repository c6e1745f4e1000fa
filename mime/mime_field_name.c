#include "mime_int.h"

/* A name of printable characters, white space, then ':'. */
enum mime_fkind mime_field_name(const char *s, size_t n, size_t *value)
{
  size_t i, j;
  for (i = 0; i < n && s[i] > 32 && s[i] < 127 && s[i] != ':'; ++i) ;
  for (j = i; j < n && (s[j] == ' ' || s[j] == '\t'); ++j) ;
  if (!i || j >= n || s[j] != ':') return MIME_F_BODY;
  *value = j + 1;
  if (mime_ieq(s, i, "content-type")) return MIME_F_CT;
  if (mime_ieq(s, i, "content-transfer-encoding")) return MIME_F_CTE;
  if (mime_ieq(s, i, "content-disposition")) return MIME_F_CD;
  return MIME_F_NONE;
}

#include "mime_int.h"

/* The first error wins: later ones are usually its consequences. */
void mime_fail(struct mime *m, int code, const char *what, int sys)
{
  if (m->err) return;
  m->err = code;
  m->errwhat = what;
  m->errsys = sys;
}

void mime_nomem(struct mime *m)
{
  mime_fail(m, MIME_NOMEM, "out of memory", 0);
}

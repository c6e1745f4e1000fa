#include "mime_int.h"

#define XSTR(x) #x
#define STR(x) XSTR(x)

/* Entity state is charged where it is allocated and given back where it
   is freed: the union of readings must not turn a small message into a
   large process. */
int mime_mem(struct mime *m, size_t n)
{
  m->mem += n;
  if (m->mem > m->st.mem) m->st.mem = m->mem;
  if (m->mem <= MIME_MEMMAX) return 1;
  mime_fail(m, MIME_LIMIT, "parser state larger than " STR(MIME_MEMMAX) " bytes (MIME_MEMMAX)", 0);
  return 0;
}

void mime_unmem(struct mime *m, size_t n)
{
  m->mem -= n < m->mem ? n : m->mem;
}

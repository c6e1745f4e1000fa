#include "mime_int.h"

#define XSTR(x) #x
#define STR(x) XSTR(x)

/* Checked at every step, against the bytes read so far: a message that
   costs too much is refused as soon as it does, not at its end. */
int mime_step(struct mime *m, unsigned long n)
{
  m->st.steps += n;
  if (m->st.steps > (unsigned long long) MIME_STEPK * m->st.in + MIME_STEPC) {
    mime_fail(m, MIME_LIMIT, "more than " STR(MIME_STEPK) " entity-line steps per byte read plus " STR(MIME_STEPC) " (MIME_STEPK, MIME_STEPC)", 0);
    return 0;
  }
  if (m->st.work > (unsigned long long) MIME_WORKK * m->st.in + MIME_WORKC) {
    mime_fail(m, MIME_LIMIT, "more than " STR(MIME_WORKK) " bytes examined per byte read plus " STR(MIME_WORKC) " (MIME_WORKK, MIME_WORKC)", 0);
    return 0;
  }
  return 1;
}

#include "subfd.h"

static char subfd_in_buf[SUBSTDIO_INSIZE];
static substdio subfd_in_ss = SUBSTDIO_FDBUF(substdio_read, 0, subfd_in_buf, sizeof subfd_in_buf);
substdio *subfdin = &subfd_in_ss;

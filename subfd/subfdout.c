#include "subfd.h"

static char subfd_out_buf[SUBSTDIO_OUTSIZE];
static substdio subfd_out_ss = SUBSTDIO_FDBUF(substdio_write, 1, subfd_out_buf, sizeof subfd_out_buf);
substdio *subfdout = &subfd_out_ss;

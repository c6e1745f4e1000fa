#include "subfd.h"

static char subfd_err_buf[256];
static substdio subfd_err_ss = SUBSTDIO_FDBUF(substdio_write, 2, subfd_err_buf, sizeof subfd_err_buf);
substdio *subfderr = &subfd_err_ss;

#ifndef ERROR_H
#define ERROR_H

#include <errno.h>

/* qmail's names for the errno values the programs test for. */
#define error_intr EINTR
#define error_nomem ENOMEM
#define error_noent ENOENT
#define error_txtbsy ETXTBSY
#define error_io EIO
#define error_exist EEXIST
#define error_timeout ETIMEDOUT
#define error_inprogress EINPROGRESS
#define error_wouldblock EWOULDBLOCK
#define error_again EAGAIN
#define error_pipe EPIPE
#define error_perm EPERM
#define error_acces EACCES
#define error_nodevice ENXIO
#define error_proto EPROTO
#define error_isdir EISDIR
#define error_connrefused ECONNREFUSED
#define error_notdir ENOTDIR
#define error_loop ELOOP
#define error_fbig EFBIG
#define error_nospc ENOSPC
#define error_mfile EMFILE

extern const char *error_str(int e);
extern int error_temp(int e);

#endif

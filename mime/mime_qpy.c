#include <string.h>
#include "byte.h"
#include "mime_int.h"

/* Python's binascii.a2b_qp (Modules/binascii.c) on a part's lines, the
   way email's get_payload(decode=True) calls it: one reading among
   qscanq's, for the clients built on it. */
size_t mime_qpy(struct mime_qpx *d, const char *s, size_t n, int end, const char *eol, size_t eoln, char *out, int *soft)
{
  size_t i = 0, o = 0;
  *soft = 0;
  while (i < n && !d->lf) {
    char c = s[i];
    if (d->st == MIME_QP_PLAIN) {
      if (c == '=') d->st = MIME_QP_EQ; else out[o++] = c;
      ++i;
    } else if (d->st == MIME_QP_EQ) {
      if (c == '=') { out[o++] = '='; d->st = MIME_QP_PLAIN; ++i; }
      else if (mime_hex((unsigned char) c) >= 0) { d->h = c; d->st = MIME_QP_HEX1; ++i; }
      else { out[o++] = '='; d->st = MIME_QP_PLAIN; } /* c again */
    } else if (d->st == MIME_QP_HEX1) {
      if (mime_hex((unsigned char) c) >= 0) { out[o++] = (char) (mime_hex((unsigned char) d->h) * 16 + mime_hex((unsigned char) c)); ++i; }
      else { out[o++] = '='; out[o++] = d->h; } /* c again */
      d->st = MIME_QP_PLAIN;
    } else {
      /* '=' and white space: no soft break to Python, the bytes stay */
      out[o++] = '=';
      memcpy(out + o, d->ws, d->nws);
      o += d->nws;
      d->st = MIME_QP_PLAIN;
    }
  }
  if (!end) return o;
  if (d->lf) {
    /* the skipped bytes end with the first LF */
    *soft = 1;
    if (byte_chr(eol, eoln, '\n') < eoln) d->lf = 0;
    return o;
  }
  if (d->st == MIME_QP_EQ) {
    *soft = 1;
    if (eoln == 1 && eol[0] == '\r') d->lf = 1;
  } else if (d->st == MIME_QP_HEX1) {
    out[o++] = '=';
    out[o++] = d->h;
  } else if (d->st == MIME_QP_WS) {
    out[o++] = '=';
    memcpy(out + o, d->ws, d->nws);
    o += d->nws;
  }
  d->st = MIME_QP_PLAIN;
  return o;
}

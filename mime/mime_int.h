#ifndef MIME_INT_H
#define MIME_INT_H

/* Inside the MIME core: decoders, line splitting, outputs, parameters. */

#include "mime.h"
#include "substdio.h"

/* errors: the first one sticks */
extern void mime_fail(struct mime *m, int code, const char *what, int sys);
extern void mime_nomem(struct mime *m);

/* budgets (mime.h): mime_mem charges n bytes of entity state, and returns
   0, the error set, past MIME_MEMMAX (the charge stands: give it back with
   mime_unmem all the same); mime_step counts n entity-line steps and
   returns 0, the error set, past the steps or work budget */
extern int mime_mem(struct mime *m, size_t n);
extern void mime_unmem(struct mime *m, size_t n);
extern int mime_step(struct mime *m, unsigned long n);

/* small helpers, written once: the value of a hex digit, or -1 */
extern int mime_hex(int c);
/* the whole bytes of a partial base64 quantum of q digits in acc: at
   most 2 into out */
extern size_t mime_b64_tail(unsigned long acc, int q, char *out);
/* RFC 2231's name*=charset'language'value: the value's offset in v
   (0 when there are not two single quotes) */
extern size_t mime_skipcs(const char *v, size_t n);

/* base64: skips bytes outside the alphabet; an = ends a quantum, and
   decoding goes on after it. Writes at most n * 3 / 4 + 2 bytes. */
struct mime_b64 {
  unsigned long acc; /* the digits of the quantum so far, 6 bits each */
  int q;             /* how many: 0 to 3 */
  unsigned long odd; /* the '=' and the bytes outside the alphabet and
                        white space: where other decoders may read the
                        data differently */
};
#define MIME_B64_ZERO { .acc = 0, .q = 0, .odd = 0 }
extern size_t mime_b64(struct mime_b64 *d, const char *s, size_t n, char *out);
/* flushes a partial quantum at the end: at most 2 bytes */
extern size_t mime_b64_end(struct mime_b64 *d, char *out);

/* The states of a quoted-printable decoder (mime_qp, mime_qpx) between
   two bytes. */
enum mime_qp_state {
  MIME_QP_PLAIN, /* outside an escape */
  MIME_QP_EQ,    /* after '=' */
  MIME_QP_HEX1,  /* after '=' and one hex digit (in h) */
  MIME_QP_WS     /* after '=' and white space (in ws): a soft line break
                    if the line ends there */
};

/* quoted-printable, one line fragment at a time; end marks the last
   fragment of a line. Writes at most n + 12 bytes. *soft is set when the
   line ended in a soft line break. */
struct mime_qp {
  enum mime_qp_state st;
  char h;            /* MIME_QP_HEX1: the digit */
  char ws[8];        /* MIME_QP_WS: the white space */
  size_t nws;        /* how much of it */
  unsigned long bad; /* the '=' that start no valid escape */
};
#define MIME_QP_ZERO { .st = MIME_QP_PLAIN, .h = 0, .nws = 0, .bad = 0 }
extern size_t mime_qp(struct mime_qp *d, const char *s, size_t n, int end, char *out, int *soft);

/* Other readings of bad base64 (mime_b64x.c), each one decoder's way: an
   '=' in the data is skipped, stops the decoding, or ends the line; a
   partial group of four at a line end is flushed or dropped, or dropped at
   a blank line; a line holding bytes outside the alphabet is dropped. */
enum mime_reading {
  MIME_B64_SKIPEQ, /* '=' skipped */
  MIME_B64_STOP,   /* '=' stops the decoding */
  MIME_B64_EOL,    /* '=' ends the line */
  MIME_B64_LINE,   /* a partial group flushed at each line end */
  MIME_B64_DROP,   /* a partial group dropped at each line end */
  MIME_B64_PARA,   /* a partial group dropped at a blank line */
  MIME_B64_CLEAN,  /* a line with bytes outside the alphabet dropped */
  MIME_B64_PY,     /* Python's binascii.a2b_base64, not strict: an '='
                      before the third digit of a group is skipped, and
                      padding that completes a group stops the decoding */
  MIME_QP_DROP,    /* quoted-printable readings, below */
  MIME_QP_SKIP,
  MIME_QP_HALF,
  MIME_QP_EOL,
  MIME_QP_PY       /* Python's binascii.a2b_qp (mime_qpy.c) */
};
struct mime_b64x {
  unsigned long acc; /* as in struct mime_b64 */
  int q;
  int stop;          /* MIME_B64_STOP: an '=' came, nothing more */
  int skipline;      /* MIME_B64_EOL: the rest of this line goes */
  int any;           /* the line so far holds more than white space */
  int pads;          /* MIME_B64_PY: the '=' so far that may close the group */
};
/* n bytes of one line in, at most n * 3 / 4 + 2 out */
extern size_t mime_b64x(struct mime_b64x *d, enum mime_reading mode, const char *s, size_t n, char *out);
/* the line ends: at most 2 bytes */
extern size_t mime_b64x_eol(struct mime_b64x *d, enum mime_reading mode, char *out);
extern size_t mime_b64x_end(struct mime_b64x *d, char *out);
/* Other readings of bad quoted-printable (mime_qpx.c): a broken escape
   loses its '=', or goes whole, or "=X" with one hex digit X is the byte
   X, or the '=' is a soft line break that ends the line. At most n + 12
   bytes out, as mime_qp. */
struct mime_qpx {
  enum mime_qp_state st; /* st, h, ws, nws: as in struct mime_qp */
  char h;
  char ws[8];
  size_t nws;
  int skip;              /* MIME_QP_EOL: the rest of the line goes */
  int lf;                /* MIME_QP_PY: skipping to the next LF */
};
extern size_t mime_qpx(struct mime_qpx *d, enum mime_reading mode, const char *s, size_t n, int end, char *out, int *soft);

/* Python's binascii.a2b_qp (mime_qpy.c), as its email package decodes a
   part: "==" is "=", an "=" before anything but two hex digits (either
   case) or a line end stays, and a soft line break "=" at a lone CR skips
   all up to the next LF. eol[0..eoln) is the line's end (MIME_END); at
   most n + 12 bytes out. */
extern size_t mime_qpy(struct mime_qpx *d, const char *s, size_t n, int end, const char *eol, size_t eoln, char *out, int *soft);

/* BinHex 4.0 (mime_hqx.c): the characters after the opening ':', in
   pieces; the data fork goes to o. Returns 1 once the data is complete
   (the closing ':' or the end of the data fork). */
struct mime_out;
enum mime_hqx_phase {
  MIME_HQX_NAMELEN, /* the header's first byte: the name's length */
  MIME_HQX_HEADER,  /* the rest of the header */
  MIME_HQX_DATA,    /* the data fork */
  MIME_HQX_DONE     /* past it */
};
struct mime_hqx {
  unsigned long acc;         /* bits of 6-bit characters not yet a byte */
  int bits;                  /* how many */
  int rle;                   /* the last byte was the run marker 0x90 */
  unsigned char last;        /* the byte a run repeats */
  enum mime_hqx_phase phase;
  unsigned long nlen;        /* the name's length */
  unsigned long pos;         /* MIME_HQX_HEADER: the byte's position */
  unsigned long dlen;        /* the data fork's length, then what is left */
};
#define MIME_HQX_ZERO { .acc = 0, .bits = 0, .rle = 0, .last = 0, .phase = MIME_HQX_NAMELEN, .nlen = 0, .pos = 0, .dlen = 0 }
extern int mime_hqx(struct mime_hqx *d, const char *s, size_t n, struct mime_out *o);

/* Line splitting: LF, CRLF and a lone CR all end a line. A line longer
   than the buffer comes in fragments: flags say which fragment starts the
   line and which ends it (then eol holds the line end, empty at EOF). */
#define MIME_START 1
#define MIME_END 2
typedef void (*mime_linefn)(void *ctx, const char *s, size_t n, const char *eol, size_t eoln, int flags);
/* seen: bytes at the front of buf already searched for a line end, so
   that a long line fed in small pieces is searched only once */
struct mime_lines {
  char *buf;   /* the bytes not yet handed on */
  size_t a;    /* its size: the longest fragment */
  size_t n;    /* bytes in it */
  size_t seen; /* (above) */
  int start;   /* the next fragment starts a line */
};
extern int mime_lines_init(struct mime_lines *l, size_t a);
extern void mime_lines_run(struct mime_lines *l, int eof, mime_linefn fn, void *ctx);
extern void mime_lines_feed(struct mime_lines *l, const char *s, size_t n, mime_linefn fn, void *ctx);
extern void mime_lines_free(struct mime_lines *l);

/* Outputs: a file opened at its first byte, or only counted. */
struct mime_embed;
/* What one output's bookkeeping is charged to MIME_MEMMAX, besides its
   names and buffers: a constant, so that a change in the struct's layout
   moves no limit (it was the struct's size, 120 bytes, on amd64). */
#define MIME_OUTCOST 120
struct mime_out {
  struct mime *m;          /* the run it belongs to: budgets, errors */
  stralloc name;          /* the file's name, made up from the position */
  stralloc info;          /* listing: type, encoding, declared name */
  int opened;             /* counted in m->open */
  int grown;              /* has the big buffer, or its charge in a listing */
  substdio ss;            /* the file: fd -1 until opened, and in a
                             listing; its buffer MIME_OUT_START bytes,
                             then MIME_OUT_BIG for a big file */
  unsigned long long size; /* bytes written */
  struct mime_embed *emb; /* uuencode, yEnc, BinHex finder; 0 for embedded files */
  size_t mem;             /* charged to MIME_MEMMAX */
  unsigned int zipdepth;  /* 0, or how deep in zip archives a member is */
  int zipsig;             /* the bytes may hold a zip local header's
                             signature: one was seen, or the file is
                             past MIME_ZIPSCAN and is searched at close */
  size_t zipmatch;        /* how much of one the last write ended with */
};
/* an output's buffer, and the one of a big file */
#define MIME_OUT_START 16384
#define MIME_OUT_BIG 131072
/* Returns 0 on out of memory (error set). name is copied; embed says
   whether to look for uuencode, yEnc and BinHex in the bytes: MIME_EMBED,
   or MIME_EMBED_HQX or MIME_EMBED_UU when the part says it is BinHex or
   uuencode (then the data may start without its usual opening line). */
enum mime_embkind {
  MIME_EMBED_NONE, /* an embedded file itself: not searched again */
  MIME_EMBED,      /* searched for their opening lines */
  MIME_EMBED_HQX,  /* the part says BinHex */
  MIME_EMBED_UU    /* the part says uuencode */
};
extern struct mime_out *mime_out_new(struct mime *m, const stralloc *name, const char *info, size_t infolen, enum mime_embkind embed);
extern void mime_out_put(struct mime_out *o, const char *s, size_t n);
/* closes (flushing unless an error is pending) and frees */
extern void mime_out_close(struct mime_out *o);
/* bytes of an output searched for a zip signature as they are written */
#define MIME_ZIPSCAN 65536
/* The members of every zip archive in a closed output's file (mime_zip.c):
   each local header found anywhere in it, stored or deflated, becomes an
   output of its own, name.zN, so that no reading joins two archives and
   no member is read only as far as the scanner cares to. */
extern void mime_zip(struct mime *m, const stralloc *name, unsigned int depth);
/* puts the first n bytes written to from into o */
extern void mime_out_copy(struct mime_out *o, struct mime_out *from, unsigned long long n);

/* The finder of embedded files (mime_embed.c): uuencode, begin-base64,
   yEnc and BinHex in the bytes of an output, each written to a new
   output named after it. mime_embed_new adds its size to *mem (the
   output's charge to MIME_MEMMAX) and returns 0 on out of memory;
   mime_embed_end writes what the last line holds, closes and frees. */
extern struct mime_embed *mime_embed_new(enum mime_embkind embed, size_t *mem);
extern void mime_embed_feed(struct mime_out *o, const char *s, size_t n);
extern void mime_embed_end(struct mime_out *o);

/* The other readings of one base64 (qp 0) or quoted-printable (qp 1)
   leaf (mime_alt.c), started from the standard decoder's state when it
   meets an anomaly; std is the leaf's file, to which the standard decoder
   has just written last[0..lastn) from that state. mime_alt_std takes what the
   standard decoder wrote, mime_alt_in the same input, at most
   MIME_ALTCHUNK bytes at a time; mime_alt_end closes and frees. */
#define MIME_ALTCHUNK 2048
struct mime_alt;
extern struct mime_alt *mime_alt_new(struct mime *m, struct mime_out *std, int qp, const struct mime_b64 *b, const struct mime_qp *q, const char *last, size_t lastn);
extern void mime_alt_std(struct mime_alt *a, const char *s, size_t n);
extern void mime_alt_in(struct mime_alt *a, const char *s, size_t n, const char *eol, size_t eoln, int flags);
/* the same for base64 input in which the standard decoder, going from
   state b0 to b and writing its last o bytes, met no anomaly */
extern void mime_alt_clean(struct mime_alt *a, const struct mime_b64 *b0, const struct mime_b64 *b, size_t o, const char *s, size_t n);
extern void mime_alt_end(struct mime_alt *a, int keep);

/* Header fields (mime_field.c): pure functions, bytes in, a result out. */
enum mime_fkind {
  MIME_F_BODY, /* not a header field: no name, or no ':' after it */
  MIME_F_NONE, /* a field the core does not read */
  MIME_F_CT,   /* Content-Type */
  MIME_F_CTE,  /* Content-Transfer-Encoding */
  MIME_F_CD    /* Content-Disposition: only for the listing */
};
/* the field that a header line (not a continuation) starts; *value is
   the offset of its value, after the ':' */
extern enum mime_fkind mime_field_name(const char *s, size_t n, size_t *value);
/* what a field's value says: types are MIME_T_* bits, encs MIME_ENC_* */
#define MIME_T_LEAF 1
#define MIME_T_MULTI 2
#define MIME_T_MSG 4
#define MIME_T_DIGEST 8
#define MIME_ENC_ID 1
#define MIME_ENC_B64 2
#define MIME_ENC_QP 4
struct mime_field {
  unsigned int types;      /* Content-Type: the readings it asks for */
  unsigned int encs;       /* Content-Transfer-Encoding: the decodings */
  enum mime_embkind emb;   /* MIME_EMBED_HQX or _UU when it says so, else
                              MIME_EMBED_NONE */
  size_t type;             /* Content-Type: the type/subtype's offset */
  size_t typelen;          /* and length */
  unsigned long long work; /* bytes examined (MIME_WORKK) */
};
extern void mime_field_value(enum mime_fkind kind, const char *s, size_t n, struct mime_field *f);

/* Parameters of structured header fields (RFC 2045, 2231, 2047). */
struct mime_cands {
  stralloc v[MIME_MAXBOUND]; /* the candidates, no two equal */
  int n;                     /* how many */
};
/* Adds every candidate boundary found in one Content-Type value.
   Returns 0 on error (set in m). */
extern int mime_boundaries(struct mime *m, const char *s, size_t n, struct mime_cands *c);
/* The declared file name (want: "filename" or "name"), first found, into
   out (left alone when none). Returns 0 on out of memory. */
extern int mime_param_first(const char *s, size_t n, const char *want, stralloc *out);
/* Calls m->name with every name= and filename= value of one Content-Type
   or Content-Disposition value s[0..n) (see mime.h), for output out.
   Returns 0 on out of memory. */
extern int mime_param_names(struct mime *m, const char *s, size_t n, const stralloc *out);
/* Calls fn for each parameter after the first ';', honouring quotes and
   comments; val is unquoted. Returns 0 when fn does, or on out of memory. */
typedef int (*mime_paramfn)(void *ctx, const char *name, size_t nn, const char *val, size_t vn);
extern int mime_params(const char *s, size_t n, stralloc *tmp, mime_paramfn fn, void *ctx, unsigned long long *work);
/* RFC 2047 encoded words decoded into out. Returns 0 on out of memory. */
extern int mime_2047(const char *s, size_t n, stralloc *out);
/* RFC 2231 charsets in which ASCII is not ASCII (mime_cs.c): the kind,
   from the charset's name; MIME_CS_EBCDIC + k is the k-th EBCDIC table of
   mime_ebcdic.c. mime_ebcdic and mime_utf7 append s decoded to ASCII
   to out, and return 0 on out of memory. */
#define MIME_CS_NONE 0
#define MIME_CS_UTF7 1
#define MIME_CS_EBCDIC 2
extern int mime_cs(const char *s, size_t n);
extern int mime_ebcdic(int cs, const char *s, size_t n, stralloc *out);
extern int mime_utf7(const char *s, size_t n, stralloc *out);
/* RFC 2231 %XX decoding of s into out (appended). Returns 0 on out of memory. */
extern int mime_pct(const char *s, size_t n, stralloc *out);
/* case-insensitive: does s[0..n) equal the lower-case t? */
extern int mime_ieq(const char *s, size_t n, const char *t);

#endif

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mime.h"
#include "open.h"
#include "stralloc.h"
#include "zip.h"
#include "unit.h"

/* zip/: raw deflate (every block type, every error), local headers
   (zip64 sizes, names, short input) and the signature finder. The
   vectors are zlib's output (python3's zlib.compressobj(9, DEFLATED,
   -15), Z_FIXED for the fixed block). */

static stralloc got = STRALLOC_ZERO;
static long stopafter = -1; /* put() says stop after this many calls */

static int put(void *ctx, const char *s, size_t n)
{
  (void) ctx;
  ck_assert_uint_gt(n, 0);
  if (stopafter == 0) return 0;
  if (stopafter > 0) stopafter--;
  ck_assert(stralloc_catb(&got, s, n));
  return 1;
}

static int run(const unsigned char *in, size_t len, size_t *used)
{
  size_t u = 0;
  ck_assert(stralloc_copys(&got, ""));
  int r = zip_inflate(in, len, used ? used : &u, put, 0);
  return r;
}

static const unsigned char fixedv[] = { 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57, 0xc8, 0x40, 0x27, 0x01 };
static const unsigned char storedv[] = { 0x01, 0x03, 0x00, 0xfc, 0xff, 0x61, 0x62, 0x63 };
/* 400 bytes of a, b, c, d and \n in skewed shares: a dynamic block */
static const unsigned char dynv[] = {
  0x45,0x50,0xcb,0x15,0x04,0x31,0x08,0xba,0xd3,0xa5,0x60,0xff,0x35,0x2c,0x60,0xde,0xec,0x7c,0xa2,0xa2,
  0x01,0x12,0x72,0x76,0xfc,0x10,0xa3,0x44,0xb1,0xb1,0x58,0x71,0x3e,0x94,0x86,0x99,0x32,0x0b,0xc1,0x01,
  0x0a,0xc8,0x4d,0xbd,0xf9,0x75,0x67,0x33,0xa3,0x6e,0xec,0xc7,0x23,0x9f,0xc3,0x36,0xe4,0xe0,0x95,0x66,
  0xcd,0xbf,0xb3,0x30,0x21,0x11,0xa8,0x4d,0xfc,0x65,0x78,0x25,0x43,0x4d,0x66,0xfa,0x31,0x46,0x44,0xcd,
  0xab,0x8d,0x73,0x9b,0xa8,0x8d,0xd7,0x7a,0x73,0xf2,0x98,0x3c,0x2e,0x7b,0x1b,0xa1,0xad,0xe2,0x52,0xe4,
  0xe0,0x35,0x4a,0xb7,0x86,0xc0,0x47,0x78,0x4e,0x50,0xb3,0xc6,0xbb,0x2b,0x2c,0x4f,0x3e,0x9a,0x12,0xfc,
  0x26,0x37,0x1f,0xeb,0x1b,0x77,0x7b,0x1d,0xd1,0x69,0x7d,0xd3,0x4d,0x75,0xd4,0x89,0xc8,0x29,0xcf,0xde,
  0x5d,0x73,0x2f,0xe7,0x07 };

START_TEST(test_blocks)
{
  size_t used, i;
  unsigned long sum = 0, a = 0;
  ck_assert_int_eq(run(fixedv, sizeof fixedv, &used), ZIP_DONE);
  ck_assert_uint_eq(used, sizeof fixedv);
  ck_assert_uint_eq(got.len, 23);
  ck_assert(!memcmp(got.s, "hello hello hello hello", 23));
  ck_assert_int_eq(run(storedv, sizeof storedv, &used), ZIP_DONE);
  ck_assert_uint_eq(used, sizeof storedv);
  ck_assert_uint_eq(got.len, 3);
  ck_assert(!memcmp(got.s, "abc", 3));
  ck_assert_int_eq(run(dynv, sizeof dynv, &used), ZIP_DONE);
  ck_assert_uint_eq(used, sizeof dynv);
  ck_assert_uint_eq(got.len, 400);
  ck_assert(!memcmp(got.s, "bbadaaaab\nacaaaacbacaaadaaaaaaaabbaaaacb", 40));
  ck_assert(!memcmp(got.s + 390, "abbaabdcaa", 10));
  for (i = 0; i < got.len; i++) { sum += (unsigned char) got.s[i]; a += got.s[i] == 'a'; }
  ck_assert_uint_eq(sum, 36023);
  ck_assert_uint_eq(a, 182);
}
END_TEST

START_TEST(test_short)
{
  size_t k, used;
  /* every cut of every vector: a prefix of the output, never more */
  for (k = 0; k < sizeof dynv; k++) {
    ck_assert_int_eq(run(dynv, k, &used), ZIP_SHORT);
    ck_assert_uint_le(got.len, 400);
    ck_assert_uint_le(used, k);
  }
  for (k = 0; k < sizeof storedv; k++) {
    ck_assert_int_eq(run(storedv, k, 0), ZIP_SHORT);
    ck_assert_uint_le(got.len, 3);
    ck_assert(!memcmp(got.s, "abc", got.len));
  }
}
END_TEST

START_TEST(test_bad)
{
  /* block type 3 */
  static const unsigned char t3[] = { 0x07 };
  /* stored, NLEN not LEN's complement */
  static const unsigned char nlen[] = { 0x01, 0x03, 0x00, 0xfc, 0xfe, 'a', 'b', 'c' };
  /* fixed: a match of distance 1 before any byte (first symbol: length
     code 257 = 0000001, then distance code 0 = 00000) */
  static const unsigned char far[] = { 0x03, 0x02, 0x00 };
  /* dynamic with 31 distance codes (HDIST 30) */
  static const unsigned char hdist[] = { 0x05, 0x1e, 0x03 };
  ck_assert_int_eq(run(t3, sizeof t3, 0), ZIP_BAD);
  ck_assert_int_eq(run(nlen, sizeof nlen, 0), ZIP_BAD);
  ck_assert_uint_eq(got.len, 0);
  ck_assert_int_eq(run(far, sizeof far, 0), ZIP_BAD);
  ck_assert_int_eq(run(hdist, sizeof hdist, 0), ZIP_BAD);
  /* every single bit flipped: a result, no crash, no more than the window
     allows out of 145 bytes (the sanitizers watch the reads) */
  {
    unsigned char v[sizeof dynv];
    size_t i;
    int b;
    for (i = 0; i < sizeof dynv; i++)
      for (b = 0; b < 8; b++) {
        memcpy(v, dynv, sizeof v);
        v[i] ^= (unsigned char) (1 << b);
        (void) run(v, sizeof v, 0);
        ck_assert_uint_le(got.len, 145 * 8 * 258);
      }
  }
}
END_TEST

START_TEST(test_stop)
{
  /* a long output (a stored block of 40,000 bytes) crosses the window
     and put()'s refusal stops it */
  static unsigned char big[5 + 40000];
  big[0] = 0x01;
  big[1] = 40000 & 0xff;
  big[2] = 40000 >> 8;
  big[3] = (unsigned char) ~big[1];
  big[4] = (unsigned char) ~big[2];
  memset(big + 5, 'x', 40000);
  ck_assert_int_eq(run(big, sizeof big, 0), ZIP_DONE);
  ck_assert_uint_eq(got.len, 40000);
  stopafter = 0;
  ck_assert_int_eq(run(big, sizeof big, 0), ZIP_STOP);
  ck_assert_uint_eq(got.len, 0);
  stopafter = -1;
}
END_TEST

static void le(unsigned char *p, unsigned long x, int n)
{
  while (n--) { *p++ = (unsigned char) x; x >>= 8; }
}

START_TEST(test_local)
{
  unsigned char h[30 + 5 + 20];
  struct zip_local z;
  memset(h, 0, sizeof h);
  memcpy(h, "PK\3\4", 4);
  le(h + 6, 8, 2);    /* flags: a data descriptor */
  le(h + 8, 8, 2);    /* deflated */
  le(h + 18, 1234, 4);
  le(h + 26, 5, 2);   /* the name */
  memcpy(h + 30, "a.exe", 5);
  ck_assert(zip_local(h, 35, &z));
  ck_assert_uint_eq(z.flags, 8);
  ck_assert_uint_eq(z.method, ZIP_DEFLATED);
  ck_assert_uint_eq(z.csize, 1234);
  ck_assert_uint_eq(z.name, 30);
  ck_assert_uint_eq(z.namelen, 5);
  ck_assert_uint_eq(z.data, 35);
  ck_assert(!zip_local(h, 34, &z)); /* the name cut */
  ck_assert(!zip_local(h, 29, &z));
  /* zip64: both sizes 0xffffffff, extra field 1 with usize then csize */
  le(h + 18, 0xffffffffUL, 4);
  le(h + 22, 0xffffffffUL, 4);
  le(h + 28, 20, 2);
  le(h + 35, 1, 2);
  le(h + 37, 16, 2);
  le(h + 39, 77, 4);      /* usize, low */
  le(h + 47, 5, 4);       /* csize, low */
  le(h + 51, 1, 4);       /* csize, high */
  ck_assert(zip_local(h, sizeof h, &z));
  ck_assert_uint_eq(z.csize, 5 + (1ULL << 32));
  ck_assert_uint_eq(z.data, 55);
  ck_assert(!zip_local(h, sizeof h - 1, &z));
  h[3] = 5;
  ck_assert(!zip_local(h, sizeof h, &z));
}
END_TEST

START_TEST(test_central)
{
  unsigned char c[46 + 5];
  struct zip_central z;
  memset(c, 0, sizeof c);
  memcpy(c, "PK\1\2", 4);
  le(c + 10, 8, 2);
  le(c + 20, 99, 4);
  le(c + 28, 5, 2);
  memcpy(c + 46, "b.scr", 5);
  ck_assert(zip_central(c, sizeof c, &z));
  ck_assert_uint_eq(z.method, ZIP_DEFLATED);
  ck_assert_uint_eq(z.csize, 99);
  ck_assert_uint_eq(z.name, 46);
  ck_assert_uint_eq(z.namelen, 5);
  ck_assert(!zip_central(c, sizeof c - 1, &z));
  ck_assert(!zip_central(c, 45, &z));
  c[2] = 3;
  ck_assert(!zip_central(c, sizeof c, &z));
  ck_assert_uint_eq(zip_find((const unsigned char *) "xPK\3\4PK\1\2", 9, ZIP_CENTRALSIG), 5);
}
END_TEST

START_TEST(test_find)
{
  static const unsigned char s[] = "xxPKPK\3\4yyPK\3";
  ck_assert_uint_eq(zip_find(s, sizeof s - 1, ZIP_LOCALSIG), 4);
  ck_assert_uint_eq(zip_find(s + 5, sizeof s - 6, ZIP_LOCALSIG), sizeof s - 6);
  ck_assert_uint_eq(zip_find(s, 7, ZIP_LOCALSIG), 7);
  ck_assert_uint_eq(zip_find(s, 0, ZIP_LOCALSIG), 0);
  ck_assert_uint_eq(zip_find((const unsigned char *) "PK\3\4", 4, ZIP_LOCALSIG), 0);
}
END_TEST

/* Through the core: a stored member of a zip in a base64 part, the
   message fed in pieces of every size, so that the signature is split
   between the decoder's writes in every way; the member comes out as
   1.2.z1 with its bytes. (The zip: python3's zipfile, ZIP_STORED.) */
static const char zipmail[] =
  "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n--b\n"
  "Content-Transfer-Encoding: base64\n\n"
  "UEsDBBQAAAAAAAAAIUiFEUoNCwAAAAsAAAAFAAAAaC50eHRoZWxsbyB3b3JsZA==\n--b--\n";

START_TEST(test_core)
{
  char dir[64];
  char buf[64];
  size_t k, i, n = strlen(zipmail);
  strcpy(dir, "/tmp/qsq-unit-zip.XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(dir));
  ck_assert_int_eq(chdir(dir), 0);
  for (k = 1; k <= n; k++) {
    struct mime m;
    int fd;
    ck_assert_int_eq(mime_init(&m, 0, 0), 0);
    for (i = 0; i < n; i += k) ck_assert_int_eq(mime_feed(&m, zipmail + i, n - i < k ? n - i : k), 0);
    ck_assert_int_eq(mime_finish(&m), 0);
    mime_free(&m);
    fd = open_read("1.2.z1");
    ck_assert_int_ge(fd, 0);
    ck_assert_uint_eq(read_all(fd, buf, sizeof buf), 11);
    ck_assert(!memcmp(buf, "hello world", 11));
    close(fd);
    ck_assert_int_eq(unlink("1.2.z1"), 0);
    ck_assert_int_eq(unlink("1.2"), 0);
    ck_assert_int_eq(unlink("1.1"), 0);
  }
  ck_assert_int_eq(chdir("/"), 0);
  ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

Suite *zip_suite(void)
{
  Suite *s = suite_create("zip");
  TCase *tc = tcase_create("zip");
  tcase_add_test(tc, test_blocks);
  tcase_add_test(tc, test_short);
  tcase_add_test(tc, test_bad);
  tcase_add_test(tc, test_stop);
  tcase_add_test(tc, test_local);
  tcase_add_test(tc, test_find);
  tcase_add_test(tc, test_central);
  tcase_add_test(tc, test_core);
  suite_add_tcase(s, tc);
  return s;
}

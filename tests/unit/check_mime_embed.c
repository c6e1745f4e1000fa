#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "open.h"
#include "stralloc.h"
#include "substdio.h"
#include "mime_int.h"
#include "unit.h"

/* The embedded-file finder (mime_embed.c) and BinHex (mime_hqx), seen
   through the core: whole messages unpacked in a scratch folder, fed in
   pieces of every size, the files read back; and the listing. */

static char dir[64];

static void setup(void)
{
  strcpy(dir, "/tmp/qsq-unit-mime.XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(dir));
  ck_assert_int_eq(chdir(dir), 0);
}

static void clean(void)
{
  DIR *d = opendir(".");
  struct dirent *e;
  ck_assert_ptr_nonnull(d);
  while ((e = readdir(d)))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) ck_assert_int_eq(unlink(e->d_name), 0);
  closedir(d);
}

static void teardown(void)
{
  clean();
  if (chdir("/") == 0) rmdir(dir);
}

/* the listing, through substdio into a stralloc */
static stralloc listed = STRALLOC_ZERO;
static ssize_t listop(int fd, char *buf, size_t len)
{
  (void) fd;
  ck_assert(stralloc_catb(&listed, buf, len));
  return (ssize_t) len;
}

static struct mime m;

/* the message s unpacked, fed k bytes at a time; returns the exit code */
static int unpack(const char *s, size_t k, int flags)
{
  static char lbuf[64];
  substdio ss = SUBSTDIO_FDBUF(listop, 1, lbuf, sizeof lbuf);
  size_t n = strlen(s), i;
  int r;
  clean();
  ck_assert(stralloc_copys(&listed, ""));
  ck_assert_int_eq(mime_init(&m, flags, &ss), 0);
  for (i = 0; i < n && !m.err; i += k) (void) mime_feed(&m, s + i, n - i < k ? n - i : k);
  r = mime_finish(&m);
  mime_free(&m);
  ck_assert_uint_eq(m.mem, 0);
  ck_assert_int_eq(substdio_flush(&ss), 0);
  return r;
}

/* the file fn's bytes, or "(none)" */
static stralloc file = STRALLOC_ZERO;
static const char *readf(const char *fn)
{
  char buf[1024];
  int fd = open_read(fn);
  ssize_t r;
  ck_assert(stralloc_copys(&file, ""));
  if (fd == -1) { ck_assert(stralloc_copys(&file, "(none)")); ck_assert(stralloc_0(&file)); return file.s; }
  while ((r = read(fd, buf, sizeof buf)) > 0) ck_assert(stralloc_catb(&file, buf, (size_t) r));
  ck_assert_int_eq(r, 0);
  close(fd);
  ck_assert(stralloc_0(&file));
  return file.s;
}

static const size_t pieces[] = { 1, 2, 3, 7, 16, 100, 100000 };
#define NPIECES (sizeof pieces / sizeof pieces[0])

START_TEST(test_embed_uu)
{
  /* "#0V%T" is "Cat" uuencoded */
  const char *msg = "Content-Type: text/plain\n\nhello\nbegin 644 cat.txt\n#0V%T\n`\nend\nafter\n";
  size_t i;
  for (i = 0; i < NPIECES; ++i) {
    ck_assert_int_eq(unpack(msg, pieces[i], 0), 0);
    ck_assert_str_eq(readf("1.uu1"), "Cat");
    ck_assert_str_eq(readf("1"), "hello\nbegin 644 cat.txt\n#0V%T\n`\nend\nafter\n");
    ck_assert_str_eq(readf("1.uu2"), "(none)");
  }
  /* a begin line with a bad mode is none */
  ck_assert_int_eq(unpack("\nbegin 64x a\n#0V%T\nend\n", 100, 0), 0);
  ck_assert_str_eq(readf("1.uu1"), "(none)");
  /* the part says uuencode: data without a begin line is read */
  msg = "Content-Transfer-Encoding: x-uuencode\n\n#0V%T\n`\nend\n";
  for (i = 0; i < NPIECES; ++i) {
    ck_assert_int_eq(unpack(msg, pieces[i], 0), 0);
    ck_assert_str_eq(readf("1.uu1"), "Cat");
  }
}
END_TEST

START_TEST(test_embed_b64_yenc)
{
  const char *msg = "\nbegin-base64 644 f\naGVs\nbG8=\n====\nx\n=ybegin line=128 size=3 name=y\nk\r\nl=}\n=yend size=3\n";
  size_t i;
  for (i = 0; i < NPIECES; ++i) {
    ck_assert_int_eq(unpack(msg, pieces[i], 0), 0);
    ck_assert_str_eq(readf("1.b1"), "hello");
    /* yEnc: each byte plus 42, '=' escapes one plus 64 more */
    ck_assert_str_eq(readf("1.y2"), "AB\x13");
  }
}
END_TEST

static const char alpha[] = "!\"#$%&'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr";

/* BinHex 4.0's 6-bit characters for n bytes */
static void hqx(const unsigned char *b, size_t n, stralloc *out)
{
  unsigned long acc = 0;
  int bits = 0;
  size_t i;
  for (i = 0; i < n; ++i) {
    acc = (acc << 8) | b[i];
    bits += 8;
    while (bits >= 6) { bits -= 6; ck_assert(stralloc_append(out, &alpha[(acc >> bits) & 63])); }
    acc &= (1UL << bits) - 1;
  }
  if (bits) ck_assert(stralloc_append(out, &alpha[(acc << (6 - bits)) & 63]));
}

START_TEST(test_embed_hqx)
{
  /* the header: name "a", type, creator, flags, data fork of 6 bytes,
     no resource fork, CRC; then the data, "hel" 0x90 2 "o" 0x90 0 run
     length encoded: "hello" and 0x90 */
  static const unsigned char b[] = { 1, 'a', 0, 'T', 'E', 'X', 'T', 'a', 'b', 'c', 'd', 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0,
                                     'h', 'e', 'l', 0x90, 2, 'o', 0x90, 0 };
  stralloc msg = STRALLOC_ZERO;
  size_t i;
  ck_assert(stralloc_copys(&msg, "\n(This file must be converted with BinHex 4.0)\n:"));
  hqx(b, sizeof b, &msg);
  ck_assert(stralloc_cats(&msg, ":\nmore text\n"));
  ck_assert(stralloc_0(&msg));
  for (i = 0; i < NPIECES; ++i) {
    ck_assert_int_eq(unpack(msg.s, pieces[i], 0), 0);
    ck_assert_str_eq(readf("1.hqx1"), "hello\x90");
  }
  /* the part says BinHex: no opening line needed */
  ck_assert(stralloc_copys(&msg, "Content-Type: application/mac-binhex40\n\n:"));
  hqx(b, sizeof b, &msg);
  ck_assert(stralloc_cats(&msg, ":\n"));
  ck_assert(stralloc_0(&msg));
  ck_assert_int_eq(unpack(msg.s, 5, 0), 0);
  ck_assert_str_eq(readf("1.hqx1"), "hello\x90");
  stralloc_free(&msg);
}
END_TEST

START_TEST(test_embed_list)
{
  const char *msg = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: Text/Plain; name=\"x.txt\"\n\nbegin 644 c\n#0V%T\nend\n--b--\n";
  ck_assert_int_eq(unpack(msg, 3, MIME_LIST | MIME_NOWRITE), 0);
  ck_assert(stralloc_0(&listed));
  /* nothing written, each output listed with its size and what it is
     (the part's last line end is the boundary's) */
  ck_assert_str_eq(readf("1.1"), "(none)");
  ck_assert_str_eq(listed.s, "1.1.uu1 3 uuencode\n1.1 21 text/plain raw name=\"x.txt\"\n");
  ck_assert_uint_eq(m.st.files, 2);
}
END_TEST

/* The listing's alphabets, pinned (tests/unit/check_safe.c pins the
   others): a type keeps printable ASCII but space, lower-cased; a name
   keeps printable ASCII, at most 200 bytes; any other byte is '?'. */
START_TEST(test_list_alphabets)
{
  stralloc msg = STRALLOC_ZERO;
  char in[256];
  char k[256];
  size_t n = 0, kn = 0, i;
  const char *at;
  static const char head1[] = "1.1 2 te????xt/x-y? raw name=\"";
  static const char head2[] = "\"\n1.2 2 text/plain raw name=\"";
  for (i = 1; i < 256; ++i)
    if (i != '\n' && i != '\r' && i != '"' && i != '\\' && i != '?') in[n++] = (char) i;
  ck_assert(stralloc_copys(&msg, "Content-Type: multipart/mixed; boundary=b\n\n--b\n"
                                 "Content-Type: Te\x01\x7f\xc3\xa9xT/X-y\x1b; name=\""));
  ck_assert(stralloc_catb(&msg, in, 120));
  ck_assert(stralloc_cats(&msg, "\"\n\nhi\n--b\nContent-Type: text/plain; name=\""));
  ck_assert(stralloc_catb(&msg, in + 120, n - 120));
  ck_assert(stralloc_cats(&msg, "\"\n\nhi\n--b--\n"));
  ck_assert(stralloc_0(&msg));
  ck_assert_int_eq(unpack(msg.s, msg.len, MIME_LIST | MIME_NOWRITE), 0);
  ck_assert(stralloc_0(&listed));
  /* the type: two bytes of UTF-8, two control characters */
  ck_assert(!strncmp(listed.s, head1, strlen(head1)));
  /* the kept bytes of both names, in order */
  at = listed.s + strlen(head1);
  for (i = 0; i < 120; ++i, ++at) if (*at == in[i]) k[kn++] = *at; else ck_assert_int_eq(*at, '?');
  ck_assert(!strncmp(at, head2, strlen(head2)));
  at += strlen(head2);
  for (i = 120; i < n; ++i, ++at) if (*at == in[i]) k[kn++] = *at; else ck_assert_int_eq(*at, '?');
  ck_assert_str_eq(at, "\"\n");
  k[kn] = 0;
  ck_assert_str_eq(k, " !#$%&'()*+,-./0123456789:;<=>@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");
  stralloc_free(&msg);
}
END_TEST

START_TEST(test_exit_codes)
{
  /* the core's exit codes are qmail-queue's, by name (qsq/qsq.h) */
  ck_assert_int_eq(MIME_LIMIT, QSQ_EXIT_VIRUS);
  ck_assert_int_eq(MIME_NOMEM, QSQ_EXIT_NOMEM);
  ck_assert_int_eq(MIME_WRITE, QSQ_EXIT_WRITE);
  ck_assert_int_eq(MIME_READ, QSQ_EXIT_READ);
  ck_assert_int_eq(MIME_LIMIT, 31);
  ck_assert_int_eq(MIME_NOMEM, 51);
  ck_assert_int_eq(MIME_WRITE, 53);
  ck_assert_int_eq(MIME_READ, 54);
}
END_TEST

Suite *mime_embed_suite(void)
{
  Suite *s = suite_create("mime_embed");
  TCase *tc = tcase_create("embedded");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_embed_uu);
  tcase_add_test(tc, test_embed_b64_yenc);
  tcase_add_test(tc, test_embed_hqx);
  tcase_add_test(tc, test_embed_list);
  tcase_add_test(tc, test_list_alphabets);
  tcase_add_test(tc, test_exit_codes);
  suite_add_tcase(s, tc);
  return s;
}

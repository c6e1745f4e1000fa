#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cdb.h"
#include "policy.h"
#include "unit.h"

/* ---- cdb: djb's format, checked against tcprules' own output */

static char tmpdir[] = "/tmp/qsq-cdb.XXXXXX";

static void setup(void) { ck_assert_ptr_nonnull(mkdtemp(tmpdir)); }
static void teardown(void)
{
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
  ck_assert_int_eq(system(cmd), 0);
  strcpy(tmpdir, "/tmp/qsq-cdb.XXXXXX");
}

static size_t readall(const char *path, char *buf, size_t size)
{
  int fd = open(path, O_RDONLY);
  ssize_t r;
  ck_assert_int_ge(fd, 0);
  r = read(fd, buf, size);
  ck_assert_int_ge(r, 0);
  close(fd);
  return (size_t) r;
}

/* tcprules RULES: its cdb, read into buf */
static size_t tcprules(const char *rules, char *buf, size_t size)
{
  char cmd[512];
  char path[128];
  FILE *f;
  snprintf(path, sizeof path, "%s/rules", tmpdir);
  f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(fputs(rules, f) >= 0, 1);
  ck_assert_int_eq(fclose(f), 0);
  snprintf(cmd, sizeof cmd, "tcprules %s/r.cdb %s/r.tmp < %s/rules", tmpdir, tmpdir, tmpdir);
  ck_assert_int_eq(system(cmd), 0);
  snprintf(path, sizeof path, "%s/r.cdb", tmpdir);
  return readall(path, buf, size);
}

/* one record: the very bytes tcprules writes */
START_TEST(test_cdb_same_bytes)
{
  static char theirs[8192];
  struct cdb_make m = CDB_MAKE_ZERO;
  size_t n = tcprules("1.2.3.4:allow,X=\"y\"\n", theirs, sizeof theirs);
  ck_assert(cdb_make_start(&m));
  ck_assert(cdb_make_add(&m, "1.2.3.4", 7, "+X=y", 5));
  ck_assert(cdb_make_finish(&m));
  ck_assert_uint_eq(m.out.len, n);
  ck_assert_int_eq(memcmp(m.out.s, theirs, n), 0);
  cdb_make_free(&m);
}
END_TEST

/* tcprules' cdb of many rules: every key found, with its data */
START_TEST(test_cdb_reads_tcprules)
{
  static char theirs[1 << 20];
  static char rules[65536];
  size_t len = 0;
  size_t n;
  int i;
  const char *d;
  size_t dl;
  for (i = 0; i < 600; ++i)
    len += (size_t) snprintf(rules + len, sizeof rules - len, "10.%d.%d.:%s\n", i / 200, i % 200, i % 3 ? "allow" : "deny");
  n = tcprules(rules, theirs, sizeof theirs);
  for (i = 0; i < 600; ++i) {
    char key[32];
    snprintf(key, sizeof key, "10.%d.%d.", i / 200, i % 200);
    ck_assert_int_eq(cdb_find(theirs, n, key, strlen(key), &d, &dl), 1);
    /* tcprules: "D" for deny, nothing for a plain allow */
    if (i % 3) ck_assert_uint_eq(dl, 0);
    else ck_assert(dl == 2 && d[0] == 'D' && d[1] == 0);
  }
  ck_assert_int_eq(cdb_find(theirs, n, "10.9.9.", 7, &d, &dl), 0);
}
END_TEST

/* ours, many keys, some colliding tables: all found, nothing else */
START_TEST(test_cdb_roundtrip)
{
  struct cdb_make m = CDB_MAKE_ZERO;
  const char *d;
  size_t dl;
  int i;
  char key[32];
  char val[32];
  ck_assert(cdb_make_start(&m));
  for (i = 0; i < 5000; ++i) {
    snprintf(key, sizeof key, "k%d", i);
    snprintf(val, sizeof val, "v%d", i * 7);
    ck_assert(cdb_make_add(&m, key, strlen(key), val, strlen(val)));
  }
  ck_assert(cdb_make_add(&m, "", 0, "empty", 5));
  ck_assert(cdb_make_finish(&m));
  for (i = 0; i < 5000; ++i) {
    snprintf(key, sizeof key, "k%d", i);
    snprintf(val, sizeof val, "v%d", i * 7);
    ck_assert_int_eq(cdb_find(m.out.s, m.out.len, key, strlen(key), &d, &dl), 1);
    ck_assert_uint_eq(dl, strlen(val));
    ck_assert_int_eq(memcmp(d, val, dl), 0);
  }
  ck_assert_int_eq(cdb_find(m.out.s, m.out.len, "", 0, &d, &dl), 1);
  ck_assert_int_eq(cdb_find(m.out.s, m.out.len, "k5000", 5, &d, &dl), 0);
  ck_assert_int_eq(cdb_find(m.out.s, m.out.len, "k", 1, &d, &dl), 0);
  cdb_make_free(&m);
}
END_TEST

/* a damaged file never leads a lookup outside it */
START_TEST(test_cdb_malformed)
{
  struct cdb_make m = CDB_MAKE_ZERO;
  const char *d;
  size_t dl;
  uint32_t h = cdb_hash("key", 3);
  size_t t = (h & 255) * 8;
  char *copy;
  ck_assert(cdb_make_start(&m));
  ck_assert(cdb_make_add(&m, "key", 3, "data", 4));
  ck_assert(cdb_make_finish(&m));
  ck_assert_int_eq(cdb_find(m.out.s, 100, "key", 3, &d, &dl), -1);  /* no whole header */
  copy = malloc(m.out.len);
  ck_assert_ptr_nonnull(copy);
  /* the table past the end */
  memcpy(copy, m.out.s, m.out.len);
  cdb_pack(copy + t, 0xfffffff0U);
  ck_assert_int_eq(cdb_find(copy, m.out.len, "key", 3, &d, &dl), -1);
  /* a huge slot count */
  memcpy(copy, m.out.s, m.out.len);
  cdb_pack(copy + t + 4, 0x7fffffffU);
  ck_assert_int_eq(cdb_find(copy, m.out.len, "key", 3, &d, &dl), -1);
  /* a record's data length past the end */
  memcpy(copy, m.out.s, m.out.len);
  cdb_pack(copy + 2048 + 4, 0xffffffffU);
  ck_assert_int_eq(cdb_find(copy, m.out.len, "key", 3, &d, &dl), -1);
  /* cut short: the tables are gone */
  ck_assert_int_eq(cdb_find(m.out.s, m.out.len - 8, "key", 3, &d, &dl), -1);
  free(copy);
  cdb_make_free(&m);
}
END_TEST

/* ---- policy_sig over a table made as qscanq-policy makes it */

static struct policy table = POLICY_ZERO;

static void sigtable(void)
{
  struct cdb_make m = CDB_MAKE_ZERO;
  ck_assert(cdb_make_start(&m));
  ck_assert(cdb_make_add(&m, "s+Heuristics.Phishing.", 22, "d", 1));
  ck_assert(cdb_make_add(&m, "s+Heuristics.", 13, "a", 1));
  ck_assert(cdb_make_add(&m, "s+PUA.", 6, "a", 1));
  ck_assert(cdb_make_add(&m, "s=PUA.Win.Bad", 13, "r", 1));
  ck_assert(cdb_make_add(&m, "s=Odd.Action", 12, "x", 1));
  ck_assert(cdb_make_finish(&m));
  ck_assert(stralloc_copy(&table.db, &m.out));
  cdb_make_free(&m);
}

static enum policy_action sig(const char *name, const char **rule)
{
  return policy_sig(&table, name, strlen(name), rule);
}

START_TEST(test_policy_sig)
{
  const char *rule;
  table.db.len = 0;
  ck_assert_int_eq(sig("PUA.Win.Foo", &rule), POLICY_REFUSE);  /* no table */
  ck_assert_str_eq(rule, "default");
  sigtable();
  ck_assert_int_eq(sig("PUA.Win.Foo", &rule), POLICY_ACCEPT);
  ck_assert_str_eq(rule, "PUA.*");
  ck_assert_int_eq(sig("PUA.Win.Bad", &rule), POLICY_REFUSE);  /* exact over prefix */
  ck_assert_str_eq(rule, "PUA.Win.Bad");
  ck_assert_int_eq(sig("Heuristics.Phishing.Email.SpoofedDomain", &rule), POLICY_DEFER);  /* the longest prefix */
  ck_assert_str_eq(rule, "Heuristics.Phishing.*");
  ck_assert_int_eq(sig("Heuristics.Encrypted.Zip", &rule), POLICY_ACCEPT);
  ck_assert_str_eq(rule, "Heuristics.*");
  ck_assert_int_eq(sig("Win.Test.EICAR_HDB-1", &rule), POLICY_REFUSE);
  ck_assert_str_eq(rule, "default");
  ck_assert_int_eq(sig("PUA", &rule), POLICY_REFUSE);  /* shorter than the prefix */
  ck_assert_int_eq(sig("Odd.Action", &rule), POLICY_REFUSE);  /* a bad action byte: refuse */
  ck_assert_str_eq(rule, "default");
  ck_assert_str_eq(policy_word(POLICY_DEFER), "defer");
  ck_assert_int_eq(policy_action("accept", 6), POLICY_ACCEPT);
  ck_assert_int_eq(policy_action("accepted", 8), -1);
  stralloc_free(&table.db);
}
END_TEST

START_TEST(test_policy_load)
{
  char path[128];
  struct policy p = POLICY_ZERO;
  int fd;
  snprintf(path, sizeof path, "%s/none.cdb", tmpdir);
  ck_assert_int_eq(policy_load(&p, path), 0);
  ck_assert_uint_eq(p.db.len, 0);
  snprintf(path, sizeof path, "%s/short.cdb", tmpdir);
  fd = open(path, O_WRONLY | O_CREAT, 0644);
  ck_assert_int_eq(write(fd, "abc", 3), 3);
  close(fd);
  ck_assert_int_eq(policy_load(&p, path), -1);
  snprintf(path, sizeof path, "%s", tmpdir);
  ck_assert_int_eq(policy_load(&p, path), -1);  /* a folder */
  stralloc_free(&p.db);
}
END_TEST

/* ---- attachment rules */

static void attachtable(void)
{
  struct cdb_make m = CDB_MAKE_ZERO;
  ck_assert(cdb_make_start(&m));
  ck_assert(cdb_make_add(&m, "n.exe", 5, "", 0));
  ck_assert(cdb_make_add(&m, "n.pdf.scr", 9, "", 0));
  ck_assert(cdb_make_add(&m, "tapplication/x-msdownload", 25, "", 0));
  ck_assert(cdb_make_add(&m, "mpe", 3, "", 0));
  ck_assert(cdb_make_add(&m, "!", 1, "", 0));
  ck_assert(cdb_make_finish(&m));
  ck_assert(stralloc_copy(&table.db, &m.out));
  cdb_make_free(&m);
}

static stralloc norm = STRALLOC_ZERO;

static const char *normed(const char *s, size_t n)
{
  static char out[1100];
  ck_assert(policy_norm(&norm, s, n));
  ck_assert_uint_lt(norm.len, sizeof out);
  memcpy(out, norm.s, norm.len);
  out[norm.len] = 0;
  return out;
}

START_TEST(test_policy_norm)
{
  ck_assert_str_eq(normed("Invoice.PDF.Exe", 15), "invoice.pdf.exe");
  ck_assert_str_eq(normed("a.exe. . .", 10), "a.exe");
  ck_assert_str_eq(normed("a.e\0x\r\ne", 8), "a.exe");
  ck_assert_str_eq(normed("invoice\342\200\256fdp.exe", 17), "invoicefdp.exe");
  ck_assert_str_eq(normed("a\357\274\216exe", 7), "a.exe");     /* U+FF0E */
  ck_assert_str_eq(normed("a\342\200\244exe", 7), "a.exe");     /* U+2024 */
  ck_assert_str_eq(normed("a\343\200\202exe", 7), "a.exe");     /* U+3002 */
  ck_assert_str_eq(normed("a\342\200\213.exe", 8), "a.exe");    /* zero width space */
  ck_assert_str_eq(normed("caf\303\251.txt", 9), "caf\303\251.txt"); /* other UTF-8 kept */
  ck_assert_str_eq(normed("\342\200", 2), "\342\200");               /* a cut sequence kept */
  ck_assert_str_eq(normed("...", 3), "");
}
END_TEST

START_TEST(test_policy_name)
{
  const char *rule = 0;
  stralloc n = STRALLOC_ZERO;
  table.db.len = 0;
  ck_assert_int_eq(policy_attach(&table), 0);
  ck_assert_int_eq(policy_name(&table, "a.exe", 5, &n, &rule), 0);  /* no table */
  attachtable();
  ck_assert_int_eq(policy_attach(&table), 1);
  ck_assert_int_eq(policy_name(&table, "a.exe", 5, &n, &rule), 1);
  ck_assert_str_eq(rule, "name:.exe");
  ck_assert_int_eq(policy_name(&table, "invoice.pdf.exe", 15, &n, &rule), 1);
  ck_assert_str_eq(rule, "name:.exe");
  ck_assert_int_eq(policy_name(&table, "x.PDF.SCR ", 10, &n, &rule), 1);
  ck_assert_str_eq(rule, "name:.pdf.scr");   /* the double extension */
  ck_assert_int_eq(policy_name(&table, "x.scr", 5, &n, &rule), 0);
  ck_assert_int_eq(policy_name(&table, "a.exe\0.txt", 10, &n, &rule), 1);  /* cut at the NUL */
  ck_assert_int_eq(policy_name(&table, "a.exe.txt", 9, &n, &rule), 0);
  ck_assert_int_eq(policy_name(&table, "exe", 3, &n, &rule), 0);
  ck_assert_int_eq(policy_name(&table, "", 0, &n, &rule), 0);
  ck_assert_int_eq(policy_type(&table, "Application/X-MSDownload", 24, &rule), 1);
  ck_assert_str_eq(rule, "type:application/x-msdownload");
  ck_assert_int_eq(policy_type(&table, "application/pdf", 15, &rule), 0);
  ck_assert_int_eq(policy_magic(&table, "MZ\220\0", 4, &rule), 1);
  ck_assert_str_eq(rule, "magic:pe");
  ck_assert_int_eq(policy_magic(&table, "\177ELF", 4, &rule), 0);  /* no elf rule */
  ck_assert_int_eq(policy_magic(&table, "M", 1, &rule), 0);
  stralloc_free(&n);
  stralloc_free(&norm);
  stralloc_free(&table.db);
}
END_TEST

Suite *policy_suite(void)
{
  Suite *s = suite_create("policy");
  TCase *t = tcase_create("cdb");
  tcase_add_checked_fixture(t, setup, teardown);
  tcase_add_test(t, test_cdb_same_bytes);
  tcase_add_test(t, test_cdb_reads_tcprules);
  tcase_add_test(t, test_cdb_roundtrip);
  tcase_add_test(t, test_cdb_malformed);
  tcase_add_test(t, test_policy_sig);
  tcase_add_test(t, test_policy_load);
  tcase_add_test(t, test_policy_norm);
  tcase_add_test(t, test_policy_name);
  suite_add_tcase(s, t);
  return s;
}

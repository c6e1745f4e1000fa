#include <string.h>
#include "mime_int.h"
#include "unit.h"

/* The pure header-field parser: bytes in, a result out (mime_field_name,
   mime_field_value). */

static enum mime_fkind name(const char *s, size_t *v)
{
  *v = 999;
  return mime_field_name(s, strlen(s), v);
}

START_TEST(test_field_name)
{
  size_t v;
  ck_assert_int_eq(name("Content-Type: text/plain", &v), MIME_F_CT);
  ck_assert_uint_eq(v, 13);
  ck_assert_int_eq(name("content-transfer-encoding \t:base64", &v), MIME_F_CTE);
  ck_assert_uint_eq(v, 28);
  ck_assert_int_eq(name("CONTENT-DISPOSITION:", &v), MIME_F_CD);
  ck_assert_uint_eq(v, 20);
  ck_assert_int_eq(name("X-Content-Type: text/html", &v), MIME_F_NONE);
  ck_assert_uint_eq(v, 15);
  ck_assert_int_eq(name("Subject:", &v), MIME_F_NONE);
  /* no name, no colon, a space inside the name: no field at all */
  ck_assert_int_eq(name(": x", &v), MIME_F_BODY);
  ck_assert_uint_eq(v, 999);
  ck_assert_int_eq(name("no colon here", &v), MIME_F_BODY);
  ck_assert_int_eq(name("Content Type: x", &v), MIME_F_BODY);
  ck_assert_int_eq(name("Content-Type", &v), MIME_F_BODY);
  ck_assert_int_eq(name("Content-Type  ", &v), MIME_F_BODY);
  ck_assert_int_eq(name("", &v), MIME_F_BODY);
  /* a name with bytes outside printable ASCII ends there */
  ck_assert_int_eq(name("Content-Type\x80: x", &v), MIME_F_BODY);
}
END_TEST

static struct mime_field f;

static void value(enum mime_fkind kind, const char *s)
{
  memset(&f, 0x55, sizeof f); /* everything is set, whatever was there */
  mime_field_value(kind, s, strlen(s), &f);
}

START_TEST(test_field_ct)
{
  value(MIME_F_CT, " \tmultipart/mixed; boundary=x");
  ck_assert_uint_eq(f.types, MIME_T_MULTI);
  ck_assert_uint_eq(f.encs, 0);
  ck_assert_int_eq(f.emb, MIME_EMBED_NONE);
  ck_assert_uint_eq(f.type, 2);
  ck_assert_uint_eq(f.typelen, 15);
  ck_assert_uint_eq(f.work, 17);
  value(MIME_F_CT, "Multipart/Digest");
  ck_assert_uint_eq(f.types, MIME_T_MULTI | MIME_T_DIGEST);
  value(MIME_F_CT, "multipart/digestx");
  ck_assert_uint_eq(f.types, MIME_T_MULTI);
  /* some clients split these: a multipart, and a leaf */
  value(MIME_F_CT, "x-multipart/mixed");
  ck_assert_uint_eq(f.types, MIME_T_MULTI | MIME_T_LEAF);
  value(MIME_F_CT, "message/rfc822");
  ck_assert_uint_eq(f.types, MIME_T_MSG);
  value(MIME_F_CT, "MESSAGE/global(c)");
  ck_assert_uint_eq(f.types, MIME_T_MSG);
  ck_assert_uint_eq(f.typelen, 14);
  value(MIME_F_CT, "message/partial");
  ck_assert_uint_eq(f.types, MIME_T_LEAF);
  value(MIME_F_CT, "text/plain;charset=x");
  ck_assert_uint_eq(f.types, MIME_T_LEAF);
  ck_assert_uint_eq(f.typelen, 10);
  value(MIME_F_CT, "");
  ck_assert_uint_eq(f.types, MIME_T_LEAF);
  ck_assert_uint_eq(f.typelen, 0);
  value(MIME_F_CT, "application/mac-binhex40; name=x.hqx");
  ck_assert_uint_eq(f.types, MIME_T_LEAF);
  ck_assert_int_eq(f.emb, MIME_EMBED_HQX);
  value(MIME_F_CT, "application/X-BinHex40");
  ck_assert_int_eq(f.emb, MIME_EMBED_HQX);
  value(MIME_F_CT, "application/binhex");
  ck_assert_int_eq(f.emb, MIME_EMBED_NONE);
}
END_TEST

START_TEST(test_field_cte)
{
  value(MIME_F_CTE, " base64");
  ck_assert_uint_eq(f.encs, MIME_ENC_B64);
  ck_assert_uint_eq(f.types, 0);
  ck_assert_uint_eq(f.work, 7);
  value(MIME_F_CTE, "Quoted-Printable");
  ck_assert_uint_eq(f.encs, MIME_ENC_QP);
  /* every word counts, even in a comment */
  value(MIME_F_CTE, "base64, quoted-printable (7bit)");
  ck_assert_uint_eq(f.encs, MIME_ENC_B64 | MIME_ENC_QP | MIME_ENC_ID);
  value(MIME_F_CTE, "8bit");
  ck_assert_uint_eq(f.encs, MIME_ENC_ID);
  value(MIME_F_CTE, "x-yEnc");
  ck_assert_uint_eq(f.encs, MIME_ENC_ID);
  ck_assert_int_eq(f.emb, MIME_EMBED_NONE);
  value(MIME_F_CTE, "x-uuencode");
  ck_assert_uint_eq(f.encs, MIME_ENC_ID);
  ck_assert_int_eq(f.emb, MIME_EMBED_UU);
  value(MIME_F_CTE, "mac-binhex40");
  ck_assert_uint_eq(f.encs, MIME_ENC_ID);
  ck_assert_int_eq(f.emb, MIME_EMBED_HQX);
  /* the last word that names an embedded kind wins */
  value(MIME_F_CTE, "uue binhex");
  ck_assert_int_eq(f.emb, MIME_EMBED_HQX);
  /* unknown, or nothing: the bytes as they are, and base64 */
  value(MIME_F_CTE, "base65");
  ck_assert_uint_eq(f.encs, MIME_ENC_ID | MIME_ENC_B64);
  value(MIME_F_CTE, " ;:");
  ck_assert_uint_eq(f.encs, MIME_ENC_ID | MIME_ENC_B64);
  ck_assert_uint_eq(f.work, 3);
}
END_TEST

START_TEST(test_field_other)
{
  value(MIME_F_CD, "attachment; filename=x");
  ck_assert_uint_eq(f.types, 0);
  ck_assert_uint_eq(f.encs, 0);
  ck_assert_int_eq(f.emb, MIME_EMBED_NONE);
  ck_assert_uint_eq(f.work, 0);
  value(MIME_F_NONE, "multipart/mixed");
  ck_assert_uint_eq(f.types, 0);
}
END_TEST

Suite *mime_field_suite(void)
{
  Suite *s = suite_create("mime_field");
  TCase *tc = tcase_create("fields");
  tcase_add_test(tc, test_field_name);
  tcase_add_test(tc, test_field_ct);
  tcase_add_test(tc, test_field_cte);
  tcase_add_test(tc, test_field_other);
  suite_add_tcase(s, tc);
  return s;
}

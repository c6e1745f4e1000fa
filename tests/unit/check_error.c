#include <errno.h>
#include <string.h>
#include "error.h"
#include "unit.h"

static const int all[] = {
  error_intr, error_nomem, error_noent, error_txtbsy, error_io, error_exist,
  error_timeout, error_inprogress, error_wouldblock, error_again, error_pipe,
  error_perm, error_acces, error_nodevice, error_proto, error_isdir,
  error_connrefused, error_notdir, error_loop, error_fbig, error_nospc,
  error_mfile
};

START_TEST(test_error_names)
{
  ck_assert_int_eq(error_intr, EINTR);
  ck_assert_int_eq(error_nomem, ENOMEM);
  ck_assert_int_eq(error_noent, ENOENT);
  ck_assert_int_eq(error_txtbsy, ETXTBSY);
  ck_assert_int_eq(error_io, EIO);
  ck_assert_int_eq(error_exist, EEXIST);
  ck_assert_int_eq(error_timeout, ETIMEDOUT);
  ck_assert_int_eq(error_inprogress, EINPROGRESS);
  ck_assert_int_eq(error_wouldblock, EWOULDBLOCK);
  ck_assert_int_eq(error_again, EAGAIN);
  ck_assert_int_eq(error_pipe, EPIPE);
  ck_assert_int_eq(error_perm, EPERM);
  ck_assert_int_eq(error_acces, EACCES);
  ck_assert_int_eq(error_nodevice, ENXIO);
  ck_assert_int_eq(error_proto, EPROTO);
  ck_assert_int_eq(error_isdir, EISDIR);
  ck_assert_int_eq(error_connrefused, ECONNREFUSED);
  ck_assert_int_eq(error_notdir, ENOTDIR);
  ck_assert_int_eq(error_loop, ELOOP);
  ck_assert_int_eq(error_fbig, EFBIG);
  ck_assert_int_eq(error_nospc, ENOSPC);
  ck_assert_int_eq(error_mfile, EMFILE);
}
END_TEST

START_TEST(test_error_str_never_null)
{
  static const int odd[] = { 0, -1, -12345, 4095, 9999, 123456789 };
  size_t i;
  for (i = 0; i < sizeof all / sizeof all[0]; ++i) {
    const char *s = error_str(all[i]);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_gt(strlen(s), 0);
  }
  for (i = 0; i < sizeof odd / sizeof odd[0]; ++i) {
    const char *s = error_str(odd[i]);
    ck_assert_msg(s != 0 && s[0] != 0, "error_str(%d) empty", odd[i]);
  }
}
END_TEST

START_TEST(test_error_str_text)
{
  char noent[128];
  strncpy(noent, error_str(ENOENT), sizeof noent - 1);
  noent[sizeof noent - 1] = 0;
  ck_assert_str_eq(noent, strerror(ENOENT));
  ck_assert_str_ne(error_str(ENOENT), error_str(EACCES));
  ck_assert_str_ne(error_str(0), error_str(ENOENT));
  ck_assert_str_eq(error_str(0), "no error");
  /* errno is left alone. */
  errno = EAGAIN;
  (void) error_str(EIO);
  ck_assert_int_eq(errno, EAGAIN);
}
END_TEST

START_TEST(test_error_temp_permanent)
{
  static const int perm[] = { EACCES, EPERM, ENOENT, ENOTDIR, EISDIR, ELOOP, EROFS };
  size_t i;
  for (i = 0; i < sizeof perm / sizeof perm[0]; ++i)
    ck_assert_msg(error_temp(perm[i]) == 0, "errno %d should be permanent", perm[i]);
}
END_TEST

START_TEST(test_error_temp_temporary)
{
  static const int temp[] = { EINTR, ENOMEM, ETXTBSY, EIO, ETIMEDOUT, EAGAIN,
                              EWOULDBLOCK, EINPROGRESS, ECONNREFUSED, ENOSPC,
                              EMFILE, ENFILE, EPIPE, EDQUOT, ENXIO, EPROTO,
                              EFBIG, EBUSY };
  size_t i;
  for (i = 0; i < sizeof temp / sizeof temp[0]; ++i)
    ck_assert_msg(error_temp(temp[i]) == 1, "errno %d should be temporary", temp[i]);
}
END_TEST

Suite *error_suite(void)
{
  Suite *s = suite_create("error");
  TCase *tc = tcase_create("error");
  tcase_add_test(tc, test_error_names);
  tcase_add_test(tc, test_error_str_never_null);
  tcase_add_test(tc, test_error_str_text);
  tcase_add_test(tc, test_error_temp_permanent);
  tcase_add_test(tc, test_error_temp_temporary);
  suite_add_tcase(s, tc);
  return s;
}

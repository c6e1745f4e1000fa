#include <string.h>
#include <unistd.h>
#include "subfd.h"
#include "unit.h"

START_TEST(test_subfd_setup)
{
  ck_assert_int_eq(subfdin->fd, 0);
  ck_assert(subfdin->op == substdio_read);
  ck_assert_uint_eq(subfdin->n, SUBSTDIO_INSIZE);
  ck_assert_uint_eq(subfdin->p, 0);
  ck_assert_ptr_nonnull(subfdin->x);
  ck_assert_int_eq(subfdout->fd, 1);
  ck_assert(subfdout->op == substdio_write);
  ck_assert_uint_eq(subfdout->n, SUBSTDIO_OUTSIZE);
  ck_assert_uint_eq(subfdout->p, 0);
  ck_assert_int_eq(subfderr->fd, 2);
  ck_assert(subfderr->op == substdio_write);
  ck_assert_uint_ge(subfderr->n, 80);              /* room for a line */
  ck_assert_uint_eq(subfderr->p, 0);
  /* Three separate buffers. */
  ck_assert_ptr_ne(subfdin->x, subfdout->x);
  ck_assert_ptr_ne(subfdout->x, subfderr->x);
  ck_assert_ptr_ne(subfdin, subfdout);
}
END_TEST

static int pin[2];
static int pout[2];
static int perr[2];

/* In a child: fd 0, 1 and 2 are pipes; copy in to out, then a note to
   err; the parent checks what came out where. */
static void through_subfd(void)
{
  CHILD_CHECK(dup2(pin[0], 0) == 0);
  CHILD_CHECK(dup2(pout[1], 1) == 1);
  CHILD_CHECK(dup2(perr[1], 2) == 2);
  close(pin[0]);
  close(pout[0]); close(pout[1]);
  close(perr[0]); close(perr[1]);
  CHILD_CHECK(substdio_copy(subfdout, subfdin) == 0);
  CHILD_CHECK(substdio_puts(subfderr, "to err") == 0);
  CHILD_CHECK(substdio_flush(subfderr) == 0);
  CHILD_CHECK(substdio_flush(subfdout) == 0);
}

START_TEST(test_subfd_fds)
{
  char out[64];
  char err[64];
  int w;
  ck_assert_int_eq(pipe(pin), 0);
  ck_assert_int_eq(pipe(pout), 0);
  ck_assert_int_eq(pipe(perr), 0);
  ck_assert_int_eq(write(pin[1], "from stdin", 10), 10);
  close(pin[1]);
  {
    pid_t pid = fork();
    ck_assert_int_ne(pid, -1);
    if (pid == 0) {
      through_subfd();
      _exit(0);
    }
    close(pin[0]);
    close(pout[1]);
    close(perr[1]);
    ck_assert_uint_eq(read_all(pout[0], out, sizeof out), 10);
    ck_assert_mem_eq(out, "from stdin", 10);
    ck_assert_uint_eq(read_all(perr[0], err, sizeof err), 6);
    ck_assert_mem_eq(err, "to err", 6);
    ck_assert_int_eq(waitpid(pid, &w, 0), pid);
    ck_assert_int_eq(w, 0);
  }
  close(pout[0]);
  close(perr[0]);
}
END_TEST

Suite *subfd_suite(void)
{
  Suite *s = suite_create("subfd");
  TCase *tc = tcase_create("subfd");
  tcase_add_test(tc, test_subfd_setup);
  tcase_add_test(tc, test_subfd_fds);
  suite_add_tcase(s, tc);
  return s;
}

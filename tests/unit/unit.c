/* Check's unit tests for every library module: one binary, one suite
   per module. Exits 1 if any test failed. CK_VERBOSITY, CK_FORK,
   CK_RUN_SUITE and CK_RUN_CASE work as Check documents. */
#include <stdlib.h>
#include "unit.h"

/* Under AddressSanitizer, make malloc of an impossible size return 0
   (what the tests check) instead of aborting. Unused without ASan. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
  return "allocator_may_return_null=1";
}

int main(void)
{
  SRunner *sr;
  int failed;

  sr = srunner_create(alloc_suite());
  srunner_add_suite(sr, byte_suite());
  srunner_add_suite(sr, policy_suite());
  srunner_add_suite(sr, clamd_suite());
  srunner_add_suite(sr, clamd_feed_suite());
  srunner_add_suite(sr, env_suite());
  srunner_add_suite(sr, error_suite());
  srunner_add_suite(sr, fd_suite());
  srunner_add_suite(sr, fmt_suite());
  srunner_add_suite(sr, getln_suite());
  srunner_add_suite(sr, mime_suite());
  srunner_add_suite(sr, mime_dec_suite());
  srunner_add_suite(sr, mime_embed_suite());
  srunner_add_suite(sr, mime_field_suite());
  srunner_add_suite(sr, mime_lines_suite());
  srunner_add_suite(sr, mime_param_suite());
  srunner_add_suite(sr, open_suite());
  srunner_add_suite(sr, pair_suite());
  srunner_add_suite(sr, proof_suite());
  srunner_add_suite(sr, prot_suite());
  srunner_add_suite(sr, scan_suite());
  srunner_add_suite(sr, seek_suite());
  srunner_add_suite(sr, sig_suite());
  srunner_add_suite(sr, str_suite());
  srunner_add_suite(sr, stralloc_suite());
  srunner_add_suite(sr, strerr_suite());
  srunner_add_suite(sr, subfd_suite());
  srunner_add_suite(sr, substdio_suite());
  srunner_add_suite(sr, sweep_suite());
  srunner_add_suite(sr, tai_suite());
  srunner_add_suite(sr, wait_suite());
  srunner_add_suite(sr, verdict_suite());
  srunner_add_suite(sr, qsq_suite());
  srunner_add_suite(sr, safe_suite());
  srunner_add_suite(sr, zip_suite());

  srunner_run_all(sr, CK_ENV);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

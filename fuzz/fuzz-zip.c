#include <stddef.h>
#include <stdint.h>
#include "zip.h"

/* libFuzzer target: zip/ as mime_zip.c drives it: every signature in
   the input, its local header, and the member inflated from there, the
   output counted and cut off at 64 MiB (the budget's part). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int put(void *ctx, const char *s, size_t n)
{
  unsigned long long *total = ctx;
  (void) s;
  *total += n;
  return *total < 67108864ULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  size_t at, used;
  unsigned long long total = 0;
  (void) zip_inflate(data, size, &used, put, &total); /* the input as raw deflate */
  for (at = zip_find(data, size, ZIP_LOCALSIG); at < size; at += 1 + zip_find(data + at + 1, size - at - 1, ZIP_LOCALSIG)) {
    struct zip_local h;
    if (!zip_local(data + at, size - at, &h)) continue;
    if (h.data > size - at) __builtin_trap();
    (void) zip_inflate(data + at + h.data, size - at - h.data, &used, put, &total);
    if (used > size - at - h.data) __builtin_trap();
  }
  return 0;
}

#include <stddef.h>
#include <stdint.h>
#include "mime.h"

/* libFuzzer target: the whole MIME core on one input, counting its output
   instead of writing files, with the listing code on. The first byte picks
   how the input is cut into pieces, since the parser must not care. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct mime m;
  size_t piece = size;
  if (size && (data[0] & 1)) piece = 1 + data[0] % 61;
  if (!mime_init(&m, MIME_NOWRITE | MIME_LIST, 0)) {
    size_t i;
    for (i = 0; i < size && !m.err; i += piece)
      (void) mime_feed(&m, (const char *) data + i, size - i < piece ? size - i : piece);
    (void) mime_finish(&m);
  }
  mime_free(&m);
  return 0;
}

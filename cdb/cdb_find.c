#include "byte.h"
#include "cdb.h"

/* 1 if [pos, pos + len) lies inside [0, size) */
static int inside(size_t size, uint32_t pos, uint32_t len)
{
  return pos <= size && len <= size - pos;
}

int cdb_find(const char *db, size_t size, const char *key, size_t klen,
             const char **data, size_t *dlen)
{
  uint32_t h = cdb_hash(key, klen);
  uint32_t tpos;
  uint32_t slots;
  uint32_t slot;
  uint32_t i;

  if (size < 2048) return -1;
  tpos = cdb_unpack(db + (size_t) (h & 255) * 8);
  slots = cdb_unpack(db + (size_t) (h & 255) * 8 + 4);
  if (!slots) return 0;
  if (slots > (size - 2048) / 8 || !inside(size, tpos, slots * 8)) return -1;
  slot = (h >> 8) % slots;
  /* at most every slot once: a table with no empty slot must not loop */
  for (i = 0; i < slots; ++i) {
    const char *e = db + tpos + (size_t) slot * 8;
    uint32_t rpos = cdb_unpack(e + 4);
    uint32_t kl;
    uint32_t dl;

    if (!rpos) return 0;
    if (cdb_unpack(e) == h) {
      if (!inside(size, rpos, 8)) return -1;
      kl = cdb_unpack(db + rpos);
      dl = cdb_unpack(db + rpos + 4);
      if (!inside(size, rpos + 8, kl) || !inside(size, rpos + 8 + kl, dl)) return -1;
      if (kl == klen && byte_equal(db + rpos + 8, klen, key)) {
        *data = db + rpos + 8 + kl;
        *dlen = dl;
        return 1;
      }
    }
    if (++slot == slots) slot = 0;
  }
  return 0;
}

#include "clamd.h"

/* CRC-32 as gzip has it (ISO 3309, reflected, polynomial 0xedb88320),
   continued from crc (0 to start), four bits at a time: a table of 16 is
   small enough to write out and fast enough for the alert sample. */
static const uint32_t t[16] = {
  0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac,
  0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
  0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
  0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c
};

uint32_t clamd_crc32(uint32_t crc, const char *buf, size_t len)
{
  size_t i;

  crc = ~crc;
  for (i = 0; i < len; ++i) {
    crc ^= (unsigned char) buf[i];
    crc = (crc >> 4) ^ t[crc & 15];
    crc = (crc >> 4) ^ t[crc & 15];
  }
  return ~crc;
}

#include "clamd.h"

static void le32(char *p, uint32_t u)
{
  p[0] = (char) (u & 255);
  p[1] = (char) ((u >> 8) & 255);
  p[2] = (char) ((u >> 16) & 255);
  p[3] = (char) ((u >> 24) & 255);
}

/* CLAMD_ALERTDEPTH gzip members, each holding the next in one stored
   deflate block, around CLAMD_ALERTINNER. Layer k (1 the innermost)
   is a 15-byte head at CLAMD_ALERTHEAD * (depth - k) and an 8-byte tail
   (CRC-32 and length of what it holds) after what it holds. Built from
   the inside out, since each CRC covers the layers inside it. */
void clamd_alert(char *buf)
{
  static const char head[10] = { 0x1f, (char) 0x8b, 8, 0, 0, 0, 0, 0, 0, (char) 0xff };
  size_t in = (size_t) CLAMD_ALERTHEAD * CLAMD_ALERTDEPTH;
  size_t len = sizeof CLAMD_ALERTINNER - 1;
  size_t k;
  size_t i;

  for (i = 0; i < len; ++i) buf[in + i] = CLAMD_ALERTINNER[i];
  for (k = 0; k < CLAMD_ALERTDEPTH; ++k) {
    char *h = buf + in - CLAMD_ALERTHEAD;
    for (i = 0; i < sizeof head; ++i) h[i] = head[i];
    h[10] = 1; /* the last block, stored */
    h[11] = (char) (len & 255);
    h[12] = (char) (len >> 8);
    h[13] = (char) (~len & 255);
    h[14] = (char) ((~len >> 8) & 255);
    le32(buf + in + len, clamd_crc32(0, buf + in, len));
    le32(buf + in + len + 4, (uint32_t) len);
    in -= CLAMD_ALERTHEAD;
    len += CLAMD_ALERTHEAD + CLAMD_ALERTTAIL;
  }
}

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "stralloc.h"
#include "unit.h"

/* Every block a test allocated, it freed (checked after each test). */
static void no_leaks(void) { ck_assert_int_eq(alloc_live, 0); }

static void setup(void) { alloc_fail_reset(); }

/* The contents of sa are exactly the n bytes at s. */
#define ck_assert_sa(sa, str, n) \
  do { \
    ck_assert_uint_eq((sa)->len, (n)); \
    ck_assert_uint_ge((sa)->a, (sa)->len); \
    if (n) ck_assert_mem_eq((sa)->s, (str), (n)); \
  } while (0)

/* ---- successes ---- */

START_TEST(test_ready)
{
  stralloc sa = STRALLOC_ZERO;
  char *s;
  ck_assert_int_eq(stralloc_ready(&sa, 0), 1);
  ck_assert_ptr_nonnull(sa.s);                  /* ready allocates even for 0 */
  ck_assert_uint_eq(sa.len, 0);
  ck_assert_int_eq(stralloc_ready(&sa, 100), 1);
  ck_assert_uint_ge(sa.a, 100);
  memset(sa.s, 'r', 100);                        /* all of it is usable */
  s = sa.s;
  alloc_calls = 0;
  ck_assert_int_eq(stralloc_ready(&sa, 50), 1);  /* enough room: no alloc */
  ck_assert_int_eq(stralloc_ready(&sa, sa.a), 1);
  ck_assert_ptr_eq(sa.s, s);
  ck_assert_uint_eq(alloc_calls, 0);
  stralloc_free(&sa);
}
END_TEST

START_TEST(test_readyplus)
{
  stralloc sa = STRALLOC_ZERO;
  ck_assert_int_eq(stralloc_readyplus(&sa, 5), 1);
  ck_assert_ptr_nonnull(sa.s);
  ck_assert_uint_eq(sa.len, 0);
  ck_assert_uint_ge(sa.a, 5);
  ck_assert_int_eq(stralloc_copys(&sa, "abc"), 1);
  ck_assert_int_eq(stralloc_readyplus(&sa, 1000), 1);
  ck_assert_uint_ge(sa.a, 1003);
  ck_assert_sa(&sa, "abc", 3);                   /* contents kept */
  memset(sa.s + 3, 'p', 1000);
  stralloc_free(&sa);
}
END_TEST

/* A zero stralloc with a stale len must not have it trusted. */
START_TEST(test_readyplus_ignores_len_without_s)
{
  stralloc sa = STRALLOC_ZERO;
  sa.len = 12345;
  ck_assert_int_eq(stralloc_readyplus(&sa, 4), 1);
  ck_assert_uint_eq(sa.len, 0);
  ck_assert_uint_ge(sa.a, 4);
  ck_assert_uint_lt(sa.a, 12345);
  stralloc_free(&sa);
}
END_TEST

START_TEST(test_copy_family)
{
  stralloc sa = STRALLOC_ZERO;
  stralloc from = STRALLOC_ZERO;
  stralloc empty = STRALLOC_ZERO;
  ck_assert_int_eq(stralloc_copys(&sa, ""), 1);
  ck_assert_ptr_nonnull(sa.s);
  ck_assert_sa(&sa, "", 0);
  ck_assert_int_eq(stralloc_copys(&sa, "hello, world"), 1);
  ck_assert_sa(&sa, "hello, world", 12);
  ck_assert_int_eq(stralloc_copyb(&sa, "a\0b", 3), 1); /* shorter, with NUL */
  ck_assert_sa(&sa, "a\0b", 3);
  ck_assert_int_eq(stralloc_copyb(&sa, "zzz", 0), 1);
  ck_assert_sa(&sa, "", 0);
  ck_assert_int_eq(stralloc_copys(&from, "source"), 1);
  ck_assert_int_eq(stralloc_copy(&sa, &from), 1);
  ck_assert_sa(&sa, "source", 6);
  ck_assert_ptr_ne(sa.s, from.s);                /* a copy, not an alias */
  ck_assert_int_eq(stralloc_copy(&sa, &empty), 1); /* from a zero stralloc */
  ck_assert_sa(&sa, "", 0);
  ck_assert_int_eq(stralloc_copy(&empty, &from), 1);
  ck_assert_sa(&empty, "source", 6);
  stralloc_free(&sa);
  stralloc_free(&from);
  stralloc_free(&empty);
}
END_TEST

START_TEST(test_cat_family)
{
  stralloc sa = STRALLOC_ZERO;
  stralloc other = STRALLOC_ZERO;
  stralloc zero = STRALLOC_ZERO;
  ck_assert_int_eq(stralloc_cats(&sa, "ab"), 1); /* cat onto a zero stralloc */
  ck_assert_sa(&sa, "ab", 2);
  ck_assert_int_eq(stralloc_catb(&sa, "cd\0", 3), 1);
  ck_assert_sa(&sa, "abcd\0", 5);
  ck_assert_int_eq(stralloc_cats(&sa, ""), 1);
  ck_assert_sa(&sa, "abcd\0", 5);
  ck_assert_int_eq(stralloc_catb(&sa, "xyz", 0), 1);
  ck_assert_sa(&sa, "abcd\0", 5);
  ck_assert_int_eq(stralloc_append(&sa, "!"), 1);
  ck_assert_sa(&sa, "abcd\0!", 6);
  ck_assert_int_eq(stralloc_0(&sa), 1);
  ck_assert_sa(&sa, "abcd\0!\0", 7);
  ck_assert_int_eq(stralloc_copys(&other, "--"), 1);
  ck_assert_int_eq(stralloc_cat(&sa, &other), 1);
  ck_assert_sa(&sa, "abcd\0!\0--", 9);
  ck_assert_int_eq(stralloc_cat(&sa, &zero), 1); /* zero source: nothing */
  ck_assert_sa(&sa, "abcd\0!\0--", 9);
  ck_assert_int_eq(stralloc_cat(&zero, &other), 1);
  ck_assert_sa(&zero, "--", 2);
  ck_assert_sa(&other, "--", 2);                 /* source untouched */
  stralloc_free(&sa);
  stralloc_free(&other);
  stralloc_free(&zero);
}
END_TEST

START_TEST(test_cat_onto_empty_zero)
{
  stralloc sa = STRALLOC_ZERO;
  ck_assert_int_eq(stralloc_catb(&sa, "", 0), 1);
  ck_assert_ptr_nonnull(sa.s);
  ck_assert_uint_eq(sa.len, 0);
  stralloc_free(&sa);
  ck_assert_int_eq(stralloc_append(&sa, "x"), 1);
  ck_assert_sa(&sa, "x", 1);
  stralloc_free(&sa);
}
END_TEST

/* Growth through many allocation sizes: contents survive every move,
   and the number of allocations stays logarithmic. */
START_TEST(test_growth)
{
  stralloc sa = STRALLOC_ZERO;
  size_t i;
  size_t moves = 0;
  char *last = 0;
  int bad = 0;
  /* No Check assertion inside the loop: each one costs a write. */
  for (i = 0; i < 200000 && !bad; ++i) {
    char c = (char) (i % 251);
    if (!stralloc_append(&sa, &c)) { bad = 1; break; }
    if (sa.s != last) {
      size_t j;
      ++moves;
      last = sa.s;
      for (j = 0; j <= i; ++j)
        if (sa.s[j] != (char) (j % 251)) bad = 2;
    }
    if (sa.len != i + 1 || sa.a < sa.len) bad = 3;
  }
  ck_assert_int_eq(bad, 0);
  ck_assert_uint_eq(sa.len, 200000);
  ck_assert_uint_ge(sa.a, 200000);
  ck_assert_uint_eq(alloc_calls, moves);
  ck_assert_uint_gt(moves, 5);
  ck_assert_uint_lt(moves, 120);
  for (i = 0; i < sa.len; ++i)
    if (sa.s[i] != (char) (i % 251)) break;
  ck_assert_uint_eq(i, 200000);
  stralloc_free(&sa);
}
END_TEST

/* Append chunks of every size from 0 to 300 bytes: crosses many
   allocation boundaries at different offsets. */
START_TEST(test_growth_chunks)
{
  stralloc sa = STRALLOC_ZERO;
  char chunk[300];
  size_t n;
  size_t total = 0;
  size_t i;
  for (i = 0; i < sizeof chunk; ++i) chunk[i] = (char) ('a' + i % 26);
  for (n = 0; n <= sizeof chunk; ++n) {
    ck_assert_int_eq(stralloc_catb(&sa, chunk, n), 1);
    total += n;
    ck_assert_uint_eq(sa.len, total);
    ck_assert_uint_ge(sa.a, sa.len + 1);
    if (n) ck_assert_mem_eq(sa.s + total - n, chunk, n);
  }
  stralloc_free(&sa);
}
END_TEST

START_TEST(test_catulong)
{
  stralloc sa = STRALLOC_ZERO;
  char want[128];
  int n;
  ck_assert_int_eq(stralloc_catulong(&sa, 0), 1);   /* onto a zero stralloc */
  ck_assert_sa(&sa, "0", 1);
  ck_assert_int_eq(stralloc_cats(&sa, " "), 1);
  ck_assert_int_eq(stralloc_catulong(&sa, 10), 1);
  ck_assert_int_eq(stralloc_cats(&sa, " "), 1);
  ck_assert_int_eq(stralloc_catulong(&sa, ULONG_MAX), 1);
  n = snprintf(want, sizeof want, "0 10 %lu", ULONG_MAX);
  ck_assert_sa(&sa, want, (size_t) n);
  stralloc_free(&sa);
}
END_TEST

START_TEST(test_starts)
{
  stralloc sa = STRALLOC_ZERO;
  ck_assert_int_eq(stralloc_starts(&sa, ""), 1);   /* zero stralloc */
  ck_assert_int_eq(stralloc_starts(&sa, "a"), 0);
  ck_assert_int_eq(stralloc_copys(&sa, ""), 1);
  ck_assert_int_eq(stralloc_starts(&sa, ""), 1);
  ck_assert_int_eq(stralloc_starts(&sa, "a"), 0);
  ck_assert_int_eq(stralloc_copyb(&sa, "ab\0cd", 5), 1);
  ck_assert_int_eq(stralloc_starts(&sa, ""), 1);
  ck_assert_int_eq(stralloc_starts(&sa, "a"), 1);
  ck_assert_int_eq(stralloc_starts(&sa, "ab"), 1);
  ck_assert_int_eq(stralloc_starts(&sa, "ac"), 0);
  ck_assert_int_eq(stralloc_starts(&sa, "b"), 0);
  ck_assert_int_eq(stralloc_copys(&sa, "Received:"), 1);
  ck_assert_int_eq(stralloc_starts(&sa, "Received:"), 1);
  ck_assert_int_eq(stralloc_starts(&sa, "Received: "), 0); /* longer than sa */
  ck_assert_int_eq(stralloc_starts(&sa, "received:"), 0);
  sa.len = 3;                                      /* only len counts */
  ck_assert_int_eq(stralloc_starts(&sa, "Rec"), 1);
  ck_assert_int_eq(stralloc_starts(&sa, "Rece"), 0);
  stralloc_free(&sa);
}
END_TEST

START_TEST(test_free)
{
  stralloc sa = STRALLOC_ZERO;
  stralloc_free(&sa);                            /* a zero stralloc */
  ck_assert_ptr_null(sa.s);
  ck_assert_int_eq(stralloc_copys(&sa, "data"), 1);
  stralloc_free(&sa);
  ck_assert_ptr_null(sa.s);
  ck_assert_uint_eq(sa.len, 0);
  ck_assert_uint_eq(sa.a, 0);
  stralloc_free(&sa);                            /* twice is fine */
  ck_assert_ptr_null(sa.s);
  ck_assert_int_eq(stralloc_cats(&sa, "again"), 1); /* reusable */
  ck_assert_sa(&sa, "again", 5);
  stralloc_free(&sa);
}
END_TEST

/* ---- a stralloc's own bytes as the source: growing must not free
   them before they are copied (ASan sees a use after free) ---- */

START_TEST(test_cat_self)
{
  stralloc sa = STRALLOC_ZERO;
  size_t i;
  ck_assert_int_eq(stralloc_copys(&sa, "abc"), 1);
  for (i = 0; i < 10; ++i) ck_assert_int_eq(stralloc_cat(&sa, &sa), 1);
  ck_assert_uint_eq(sa.len, 3 * 1024);
  for (i = 0; i < sa.len; ++i)
    if (sa.s[i] != "abc"[i % 3]) break;
  ck_assert_uint_eq(i, sa.len);
  ck_assert_uint_gt(alloc_calls, 5);             /* it did grow, often */
  stralloc_free(&sa);
}
END_TEST

START_TEST(test_catb_self_part)
{
  stralloc sa = STRALLOC_ZERO;
  ck_assert_int_eq(stralloc_copys(&sa, "0123456789"), 1);
  while (sa.len + 1 < sa.a) ck_assert_int_eq(stralloc_append(&sa, "."), 1);
  alloc_calls = 0;
  ck_assert_int_eq(stralloc_catb(&sa, sa.s + 2, 3), 1); /* must grow */
  ck_assert_uint_eq(alloc_calls, 1);
  ck_assert_mem_eq(sa.s + sa.len - 3, "234", 3);
  ck_assert_mem_eq(sa.s, "0123456789", 10);
  stralloc_free(&sa);
}
END_TEST

START_TEST(test_copy_self)
{
  stralloc sa = STRALLOC_ZERO;
  size_t i;
  ck_assert_int_eq(stralloc_ready(&sa, 10), 1);
  for (i = 0; i < sa.a; ++i) sa.s[i] = (char) ('a' + i % 26);
  sa.len = sa.a;                                   /* filled to the brim */
  alloc_calls = 0;
  ck_assert_int_eq(stralloc_copy(&sa, &sa), 1);   /* must grow */
  ck_assert_uint_eq(alloc_calls, 1);
  for (i = 0; i < sa.len; ++i)
    if (sa.s[i] != (char) ('a' + i % 26)) break;
  ck_assert_uint_eq(i, sa.len);
  ck_assert_int_eq(stralloc_copyb(&sa, sa.s + 1, 3), 1); /* a shift */
  ck_assert_sa(&sa, "bcd", 3);
  stralloc_free(&sa);
}
END_TEST

/* ---- size overflow: n + 1 or len + n wrapping ---- */

START_TEST(test_overflow_copyb)
{
  stralloc sa = STRALLOC_ZERO;
  errno = 0;
  ck_assert_int_eq(stralloc_copyb(&sa, "x", SIZE_MAX), 0);
  ck_assert_int_eq(errno, ENOMEM);
  ck_assert_ptr_null(sa.s);
  ck_assert_uint_eq(sa.len, 0);
  ck_assert_uint_eq(sa.a, 0);
  ck_assert_uint_eq(alloc_calls, 0);             /* refused before alloc */
  ck_assert_int_eq(stralloc_copys(&sa, "keep"), 1);
  errno = 0;
  ck_assert_int_eq(stralloc_copyb(&sa, "x", SIZE_MAX), 0);
  ck_assert_int_eq(errno, ENOMEM);
  ck_assert_sa(&sa, "keep", 4);
  stralloc_free(&sa);
}
END_TEST

START_TEST(test_overflow_catb)
{
  stralloc sa = STRALLOC_ZERO;
  char *s;
  size_t a;
  errno = 0;
  ck_assert_int_eq(stralloc_catb(&sa, "x", SIZE_MAX), 0); /* zero stralloc */
  ck_assert_int_eq(errno, ENOMEM);
  ck_assert_ptr_null(sa.s);
  ck_assert_int_eq(stralloc_copys(&sa, "abc"), 1);
  s = sa.s;
  a = sa.a;
  alloc_calls = 0;
  errno = 0;
  ck_assert_int_eq(stralloc_catb(&sa, "x", SIZE_MAX), 0);     /* n + 1 wraps */
  ck_assert_int_eq(errno, ENOMEM);
  errno = 0;
  ck_assert_int_eq(stralloc_catb(&sa, "x", SIZE_MAX - 1), 0); /* len + n + 1 wraps */
  ck_assert_int_eq(errno, ENOMEM);
  errno = 0;
  ck_assert_int_eq(stralloc_catb(&sa, "x", SIZE_MAX - 3), 0); /* len + n + 1 = 2^N */
  ck_assert_int_eq(errno, ENOMEM);
  ck_assert_uint_eq(alloc_calls, 0);
  ck_assert_ptr_eq(sa.s, s);
  ck_assert_uint_eq(sa.a, a);
  ck_assert_sa(&sa, "abc", 3);
  stralloc_free(&sa);
}
END_TEST

START_TEST(test_overflow_readyplus)
{
  stralloc sa = STRALLOC_ZERO;
  ck_assert_int_eq(stralloc_copys(&sa, "0123456789"), 1);
  errno = 0;
  ck_assert_int_eq(stralloc_readyplus(&sa, SIZE_MAX - 5), 0);
  ck_assert_int_eq(errno, ENOMEM);
  ck_assert_uint_eq(alloc_calls, 1);
  ck_assert_sa(&sa, "0123456789", 10);
  stralloc_free(&sa);
}
END_TEST

/* Sizes that do not wrap but cannot be had: the real allocator fails,
   and ready must not round its growth slack around to a small size. */
START_TEST(test_ready_impossible)
{
  stralloc sa = STRALLOC_ZERO;
  static const size_t sizes[] = { SIZE_MAX, SIZE_MAX - 1, SIZE_MAX - 20,
                                  SIZE_MAX / 8 * 7, SIZE_MAX / 2 };
  size_t i;
  ck_assert_int_eq(stralloc_copys(&sa, "abc"), 1);
  for (i = 0; i < sizeof sizes / sizeof sizes[0]; ++i) {
    char *s = sa.s;
    size_t a = sa.a;
    errno = 0;
    ck_assert_int_eq(stralloc_ready(&sa, sizes[i]), 0);
    ck_assert_int_eq(errno, ENOMEM);
    ck_assert_uint_ge(alloc_last, sizes[i]);      /* asked for at least n */
    ck_assert_ptr_eq(sa.s, s);
    ck_assert_uint_eq(sa.a, a);
    ck_assert_sa(&sa, "abc", 3);
  }
  stralloc_free(&sa);
}
END_TEST

/* ---- out of memory: every function, from a zero stralloc and from a
   full one; on failure 0, ENOMEM, and the stralloc unchanged ---- */

enum { F_READY, F_READYPLUS, F_COPY, F_COPYB, F_COPYS, F_CAT, F_CATB,
       F_CATS, F_APPEND, F_ZERO, F_CATULONG, F_COUNT };

static const char *const fname[F_COUNT] = {
  "ready", "readyplus", "copy", "copyb", "copys", "cat", "catb",
  "cats", "append", "0", "catulong"
};

static char big[401];

/* Calls function f with an argument that needs more room than sa has
   when sa->a is below 1000 (each needs more than 36 bytes), and fits
   when sa->a is 100000 or more. */
static int call(int f, stralloc *sa, const stralloc *src)
{
  switch (f) {
    case F_READY: return stralloc_ready(sa, 1000);
    case F_READYPLUS: return stralloc_readyplus(sa, 1000);
    case F_COPY: return stralloc_copy(sa, src);
    case F_COPYB: return stralloc_copyb(sa, big, 400);
    case F_COPYS: return stralloc_copys(sa, big);
    case F_CAT: return stralloc_cat(sa, src);
    case F_CATB: return stralloc_catb(sa, big, 400);
    case F_CATS: return stralloc_cats(sa, big);
    case F_APPEND: return stralloc_append(sa, "x");
    case F_ZERO: return stralloc_0(sa);
    case F_CATULONG: return stralloc_catulong(sa, ULONG_MAX);
    default: return -1;
  }
}

static void fill_big(void)
{
  memset(big, 'B', 400);
  big[400] = 0;
}

/* _i: the function. Zero stralloc, allocation fails. */
START_TEST(test_oom_zero)
{
  stralloc sa = STRALLOC_ZERO;
  stralloc src = STRALLOC_ZERO;
  fill_big();
  ck_assert_int_eq(stralloc_copyb(&src, big, 400), 1);
  alloc_fail_after = 0;
  alloc_calls = 0;
  errno = 0;
  ck_assert_msg(call(_i, &sa, &src) == 0, "stralloc_%s succeeded", fname[_i]);
  ck_assert_msg(errno == ENOMEM, "stralloc_%s: errno %d", fname[_i], errno);
  ck_assert_uint_eq(alloc_calls, 1);
  ck_assert_ptr_null(sa.s);
  ck_assert_uint_eq(sa.len, 0);
  ck_assert_uint_eq(sa.a, 0);
  alloc_fail_after = -1;
  ck_assert_msg(call(_i, &sa, &src) == 1, "stralloc_%s failed after", fname[_i]);
  ck_assert_ptr_nonnull(sa.s);
  stralloc_free(&sa);
  stralloc_free(&src);
}
END_TEST

/* _i: the function. A stralloc with contents and no spare room. */
START_TEST(test_oom_full)
{
  stralloc sa = STRALLOC_ZERO;
  stralloc src = STRALLOC_ZERO;
  stralloc before;
  char saved[64];
  fill_big();
  ck_assert_int_eq(stralloc_copyb(&src, big, 400), 1);
  ck_assert_int_eq(stralloc_copys(&sa, "hello"), 1);
  /* catb keeps one byte spare: fill until even one more byte needs room. */
  while (sa.len + 1 < sa.a) ck_assert_int_eq(stralloc_append(&sa, "."), 1);
  ck_assert_uint_eq(sa.a, sa.len + 1);
  ck_assert_uint_lt(sa.len, sizeof saved);
  memcpy(saved, sa.s, sa.len);
  before = sa;
  alloc_fail_after = 0;
  alloc_calls = 0;
  errno = 0;
  ck_assert_msg(call(_i, &sa, &src) == 0, "stralloc_%s succeeded", fname[_i]);
  ck_assert_msg(errno == ENOMEM, "stralloc_%s: errno %d", fname[_i], errno);
  ck_assert_uint_eq(alloc_calls, 1);
  ck_assert_ptr_eq(sa.s, before.s);
  ck_assert_uint_eq(sa.len, before.len);
  ck_assert_uint_eq(sa.a, before.a);
  ck_assert_mem_eq(sa.s, saved, before.len);
  ck_assert_mem_eq(sa.s, "hello.", 6);
  alloc_fail_after = -1;
  ck_assert_msg(call(_i, &sa, &src) == 1, "stralloc_%s failed after", fname[_i]);
  stralloc_free(&sa);
  stralloc_free(&src);
}
END_TEST

/* _i: the function. With room to spare, no allocation is needed, so
   a failing allocator does not matter. */
START_TEST(test_oom_room_enough)
{
  stralloc sa = STRALLOC_ZERO;
  stralloc src = STRALLOC_ZERO;
  fill_big();
  ck_assert_int_eq(stralloc_copyb(&src, big, 400), 1);
  ck_assert_int_eq(stralloc_ready(&sa, 100000), 1);
  ck_assert_int_eq(stralloc_copys(&sa, "hi"), 1);
  alloc_fail_after = 0;
  alloc_calls = 0;
  ck_assert_msg(call(_i, &sa, &src) == 1, "stralloc_%s failed", fname[_i]);
  ck_assert_uint_eq(alloc_calls, 0);
  stralloc_free(&sa);
  stralloc_free(&src);
}
END_TEST

/* The failure moves through a long run of appends: whichever allocation
   fails, the call that needed it reports 0 and leaves everything as it
   was; the stralloc then keeps working. */
START_TEST(test_oom_every_point)
{
  int k;
  fill_big();
  for (k = 0; k < 12; ++k) {
    stralloc sa = STRALLOC_ZERO;
    int failed = 0;
    int i;
    alloc_fail_reset();
    alloc_fail_after = k;
    for (i = 0; i < 200; ++i) {
      stralloc before = sa;
      size_t n = (size_t) (i % 37) + 1;
      int r;
      errno = 0;
      r = (i % 3 == 0) ? stralloc_catb(&sa, big, n)
        : (i % 3 == 1) ? stralloc_catulong(&sa, (unsigned long) i)
        : stralloc_append(&sa, "z");
      if (!r) {
        ck_assert_int_eq(errno, ENOMEM);
        ck_assert_ptr_eq(sa.s, before.s);
        ck_assert_uint_eq(sa.len, before.len);
        ck_assert_uint_eq(sa.a, before.a);
        ++failed;
      }
    }
    ck_assert_msg(failed > 0, "k=%d: no allocation failed", k);
    ck_assert_uint_eq(alloc_calls, (unsigned long) k + (unsigned long) failed);
    alloc_fail_after = -1;
    ck_assert_int_eq(stralloc_cats(&sa, "end"), 1);
    ck_assert_mem_eq(sa.s + sa.len - 3, "end", 3);
    stralloc_free(&sa);
  }
}
END_TEST

Suite *stralloc_suite(void)
{
  Suite *s = suite_create("stralloc");
  TCase *tc = tcase_create("stralloc");
  TCase *oom = tcase_create("oom");
  tcase_add_checked_fixture(tc, setup, no_leaks);
  tcase_add_test(tc, test_ready);
  tcase_add_test(tc, test_readyplus);
  tcase_add_test(tc, test_readyplus_ignores_len_without_s);
  tcase_add_test(tc, test_copy_family);
  tcase_add_test(tc, test_cat_family);
  tcase_add_test(tc, test_cat_onto_empty_zero);
  tcase_add_test(tc, test_growth);
  tcase_add_test(tc, test_growth_chunks);
  tcase_add_test(tc, test_catulong);
  tcase_add_test(tc, test_starts);
  tcase_add_test(tc, test_free);
  tcase_add_test(tc, test_cat_self);
  tcase_add_test(tc, test_catb_self_part);
  tcase_add_test(tc, test_copy_self);
  tcase_add_test(tc, test_overflow_copyb);
  tcase_add_test(tc, test_overflow_catb);
  tcase_add_test(tc, test_overflow_readyplus);
  tcase_add_test(tc, test_ready_impossible);
  suite_add_tcase(s, tc);
  tcase_add_checked_fixture(oom, setup, no_leaks);
  tcase_add_loop_test(oom, test_oom_zero, 0, F_COUNT);
  tcase_add_loop_test(oom, test_oom_full, 0, F_COUNT);
  tcase_add_loop_test(oom, test_oom_room_enough, 0, F_COUNT);
  tcase_add_test(oom, test_oom_every_point);
  suite_add_tcase(s, oom);
  return s;
}

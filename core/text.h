/* text.h — UTF-8 text as the data and the rules see it.
 *
 * Everything the loader stores is valid UTF-8 in Unicode NFC, so "Hòa"
 * typed with a combining accent and typed precomposed is one name.
 * Names sort in Vietnamese alphabetical order through the "vi" collation.
 */
#ifndef EVALRUN_TEXT_H
#define EVALRUN_TEXT_H

#include <stddef.h>
#include <sqlite3.h>

/* Returns 0 if s[0..len) is valid UTF-8, else the 1-based byte offset of the
 * first bad byte (so the loader can report the column's character position). */
size_t utf8_invalid_at(const char *s, size_t len);

/* One pass for the loader's hot path: returns TEXT_BAD_UTF8 (with the 1-based
 * offset of the first bad byte in *bad_at), TEXT_NFC_QUICK (valid, and already
 * NFC without asking utf8proc: every character below U+0300 or a precomposed
 * Vietnamese letter U+1E00–U+1EFF), or TEXT_NFC_MAYBE (valid; call text_nfc). */
enum { TEXT_BAD_UTF8 = -1, TEXT_NFC_QUICK = 0, TEXT_NFC_MAYBE = 1 };
int text_check(const char *s, size_t len, size_t *bad_at);

/* NFC of valid UTF-8 s[0..len). Returns NULL when s is already NFC (the
 * common case, checked without allocating); otherwise a malloc'd string
 * with its length in *outlen. */
char *text_nfc(const char *s, size_t len, size_t *outlen);

/* NFC and case-folded copy of valid UTF-8 s[0..len) ("Khiển Trách" → "khiển trách"), for
 * comparing words regardless of case. malloc'd, length in *outlen; NULL when out of memory. */
char *text_fold(const char *s, size_t len, size_t *outlen);

/* Vietnamese alphabetical comparison: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
 * case-insensitive first, then tones (none, huyền, hỏi, ngã, sắc, nặng), then case, then bytes.
 * Returns <0, 0, >0. Works on any UTF-8 (other scripts fall back to code point order). */
int text_compare_vi(const char *a, size_t alen, const char *b, size_t blen);

/* A byte string whose memcmp order is text_compare_vi's order (malloc'd, length in *outlen). */
char *text_sort_key_vi(const char *s, size_t len, size_t *outlen);

/* Registers the collation "vi" on db. */
int text_register_collation(sqlite3 *db);

#endif

/* text.c — UTF-8 checks, NFC and the Vietnamese collation (see text.h).
 *
 * The collation is a three-level comparison in the spirit of the Unicode
 * collation algorithm, tailored to the Vietnamese alphabet:
 *   1. letters, case and tone ignored:   a < ă < â < b < … < d < đ < … < y
 *   2. tones, in the order of the school alphabet: none, huyền, hỏi, ngã, sắc, nặng
 *   3. case: lower before upper
 * and finally the bytes, so two different strings never compare equal (SQLite
 * and GROUP BY must not merge "Hòa" and "HÒA").
 *
 * Every character becomes one collation element {primary, tone, upper}.
 * Elements of the characters Vietnamese text uses (U+0000–U+024F and the
 * precomposed Vietnamese letters U+1E00–U+1EFF) are computed once from
 * utf8proc's canonical decomposition into two small tables; a combining mark
 * that follows a character (text typed decomposed) is folded into that
 * character's element, so decomposed and precomposed text sort together.
 * The comparison walks both strings once: the first primary difference
 * decides at once, the first tone and case differences are remembered.
 */
#include "text.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* {{{ UTF-8 validation */

/* Length of the UTF-8 sequence at s[0..len) if it is a valid, shortest-form
 * encoding of a scalar value (no surrogates, nothing above U+10FFFF), else 0. */
static size_t utf8_seq_len(const unsigned char *s, size_t len)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    if (c < 0xC2)                               /* continuation byte, or overlong C0/C1 */
        return 0;
    if (c < 0xE0)
        return len >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        if (len < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)           /* overlong */
            return 0;
        if (c == 0xED && s[1] >= 0xA0)          /* UTF-16 surrogate */
            return 0;
        return 3;
    }
    if (c < 0xF5) {
        if (len < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)           /* overlong */
            return 0;
        if (c == 0xF4 && s[1] >= 0x90)          /* above U+10FFFF */
            return 0;
        return 4;
    }
    return 0;
}

size_t utf8_invalid_at(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        /* ASCII fast path: ids, numbers and most of every CSV file */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & UINT64_C(0x8080808080808080))
                break;
            i += 8;
        }
        if (i >= len)
            break;
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_seq_len(s + i, len - i);
        if (!n)
            return i + 1;
        i += n;
    }
    return 0;
}

/* }}} */
/* {{{ NFC */

int text_check(const char *str, size_t len, size_t *bad_at)
{
    const unsigned char *s = (const unsigned char *)str;
    int quick = 1;
    size_t i = 0;
    while (i < len) {
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & UINT64_C(0x8080808080808080))
                break;
            i += 8;
        }
        if (i >= len)
            break;
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_seq_len(s + i, len - i);
        if (!n) {
            *bad_at = i + 1;
            return TEXT_BAD_UTF8;
        }
        /* the same test as nfc_quick_yes below, on a sequence known valid */
        if (quick && !(c < 0xCC || (c == 0xE1 && s[i + 1] >= 0xB8 && s[i + 1] <= 0xBB)))
            quick = 0;
        i += n;
    }
    return quick ? TEXT_NFC_QUICK : TEXT_NFC_MAYBE;
}

/* True when every code point is below U+0300 or in U+1E00–U+1EFF. Such text is
 * already NFC: none of these characters decomposes to something else under
 * NFC, none is a combining mark, and no two of them compose with each other
 * (tests/unit/test_text.c checks all of this exhaustively against utf8proc).
 * That covers Vietnamese typed on any ordinary keyboard. Input must be valid UTF-8. */
static int nfc_quick_yes(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
        } else if (c < 0xCC) {                  /* U+0080–U+02FF */
            i += 2;
        } else if (c == 0xE1 && i + 1 < len && s[i + 1] >= 0xB8 && s[i + 1] <= 0xBB) {
            i += 3;                             /* U+1E00–U+1EFF */
        } else {
            return 0;
        }
    }
    return 1;
}

char *text_nfc(const char *s, size_t len, size_t *outlen)
{
    if (nfc_quick_yes((const unsigned char *)s, len))
        return NULL;
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &dst,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0)
        return NULL;                            /* not valid UTF-8: the caller checked first */
    if ((size_t)n == len && memcmp(dst, s, len) == 0) {
        free(dst);
        return NULL;
    }
    *outlen = (size_t)n;
    return (char *)dst;
}

char *text_fold(const char *s, size_t len, size_t *outlen)
{
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &dst,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    if (n < 0) return NULL;
    *outlen = (size_t)n;
    return (char *)dst;
}

/* }}} */
/* {{{ collation elements */

typedef struct {
    uint32_t primary;   /* letter: (base << 2 | variant) + 1, never 0 */
    uint16_t tone;      /* 0 none, 1–5 the Vietnamese tones, 0x100+ any other mark */
    uint8_t upper;      /* 1 for an upper-case letter */
} coll_elem;

/* variant of a base letter: ă â, đ, ê, ô ơ, ư */
#define PRIMARY(base, variant) ((((uint32_t)(base)) << 2 | (uint32_t)(variant)) + 1)
#define PRIMARY_BASE(p) (((p) - 1) >> 2)
#define PRIMARY_VARIANT(p) (((p) - 1) & 3)

/* bytes that are not UTF-8 sort after every character, by byte value */
#define INVALID_BYTE_CP 0x110000

static coll_elem elem_low[0x250];       /* U+0000–U+024F */
static coll_elem elem_viet[0x100];      /* U+1E00–U+1EFF */
static pthread_once_t elem_once = PTHREAD_ONCE_INIT;

static int tone_of_mark(int32_t mark)
{
    switch (mark) {
    case 0x0300: return 1;  /* huyền */
    case 0x0309: return 2;  /* hỏi */
    case 0x0303: return 3;  /* ngã */
    case 0x0301: return 4;  /* sắc */
    case 0x0323: return 5;  /* nặng */
    default: return 0;
    }
}

/* Folds one combining mark into the element of the character it follows. */
static void elem_apply_mark(coll_elem *e, int32_t mark)
{
    uint32_t base = PRIMARY_BASE(e->primary), variant = PRIMARY_VARIANT(e->primary);
    int tone = tone_of_mark(mark);
    if (tone && e->tone == 0) {
        e->tone = (uint16_t)tone;
        return;
    }
    if (variant == 0) {
        uint32_t v = 0;
        if (mark == 0x0306 && base == 'a') v = 1;                                 /* ă */
        else if (mark == 0x0302 && base == 'a') v = 2;                            /* â */
        else if (mark == 0x0302 && (base == 'e' || base == 'o')) v = 1;           /* ê ô */
        else if (mark == 0x031B && base == 'o') v = 2;                            /* ơ */
        else if (mark == 0x031B && base == 'u') v = 1;                            /* ư */
        if (v) {
            e->primary = PRIMARY(base, v);
            return;
        }
    }
    /* a mark Vietnamese does not use (ü, ç, a second tone…): after all tones */
    if (e->tone < 0x100)
        e->tone = (uint16_t)(0x100 + ((mark & 0xFF) << 3) + e->tone);
}

static coll_elem elem_compute(int32_t cp)
{
    coll_elem e = { PRIMARY(cp, 0), 0, 0 };
    if (cp >= INVALID_BYTE_CP)
        return e;
    /* Đ đ do not decompose; Ð (U+00D0, Icelandic eth) is what some old
     * converters and fonts produce for Đ, so it sorts as Đ too */
    if (cp == 0x0110 || cp == 0x0111 || cp == 0x00D0) {
        e.primary = PRIMARY('d', 1);
        e.upper = cp != 0x0111;
        return e;
    }
    int32_t lower = utf8proc_tolower(cp);
    e.upper = lower != cp;
    int32_t parts[8];
    utf8proc_ssize_t n = utf8proc_decompose_char(lower, parts, 8, UTF8PROC_DECOMPOSE, NULL);
    if (n < 1 || n > 8) {
        e.primary = PRIMARY(lower, 0);
        return e;
    }
    e.primary = PRIMARY(parts[0], 0);
    for (utf8proc_ssize_t i = 1; i < n; i++)
        elem_apply_mark(&e, parts[i]);
    return e;
}

static void elem_tables_init(void)
{
    for (int32_t cp = 0; cp < 0x250; cp++)
        elem_low[cp] = elem_compute(cp);
    for (int32_t cp = 0; cp < 0x100; cp++)
        elem_viet[cp] = elem_compute(0x1E00 + cp);
}

static inline coll_elem elem_of(int32_t cp)
{
    if (cp < 0x250)
        return elem_low[cp];
    if (cp >= 0x1E00 && cp < 0x1F00)
        return elem_viet[cp - 0x1E00];
    return elem_compute(cp);
}

/* Decodes the character at s[*i]; a byte that does not start a valid
 * sequence becomes INVALID_BYTE_CP + byte and is consumed alone. */
static inline int32_t decode_cp(const unsigned char *s, size_t len, size_t *i)
{
    unsigned c = s[*i];
    if (c < 0x80) {
        (*i)++;
        return (int32_t)c;
    }
    size_t n = utf8_seq_len(s + *i, len - *i);
    int32_t cp;
    switch (n) {
    case 2: cp = (int32_t)(((c & 0x1F) << 6) | (s[*i + 1] & 0x3F)); break;
    case 3: cp = (int32_t)(((c & 0x0F) << 12) | ((s[*i + 1] & 0x3F) << 6) | (s[*i + 2] & 0x3F)); break;
    case 4: cp = (int32_t)(((c & 0x07) << 18) | ((s[*i + 1] & 0x3F) << 12) | ((s[*i + 2] & 0x3F) << 6)
                           | (s[*i + 3] & 0x3F)); break;
    default: (*i)++; return (int32_t)(INVALID_BYTE_CP + c);
    }
    *i += n;
    return cp;
}

static inline int is_combining(int32_t cp)
{
    if (cp >= 0x0300 && cp <= 0x036F)
        return 1;
    if (cp < 0x0300 || cp >= INVALID_BYTE_CP)
        return 0;
    return utf8proc_get_property(cp)->combining_class != 0;
}

/* The element of the character at s[*i] with the combining marks after it. */
static inline coll_elem next_elem(const unsigned char *s, size_t len, size_t *i)
{
    coll_elem e = elem_of(decode_cp(s, len, i));
    /* combining marks start at U+0300, whose lead byte is 0xCC */
    while (*i < len && s[*i] >= 0xCC) {
        size_t j = *i;
        int32_t cp = decode_cp(s, len, &j);
        if (!is_combining(cp))
            break;
        elem_apply_mark(&e, cp);
        *i = j;
    }
    return e;
}

/* }}} */
/* {{{ comparison and sort keys */

/* Start of the character containing byte p, moved back over combining marks
 * so the walk starts at a base character. s[0..p) is shared by both strings. */
static size_t common_start(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen, size_t p)
{
    while (p > 0 && ((p < alen && (a[p] & 0xC0) == 0x80) || (p < blen && (b[p] & 0xC0) == 0x80)))
        p--;
    for (;;) {
        if (p == 0)
            return 0;
        size_t j = p;
        int comb_a = p < alen && a[p] >= 0xCC && is_combining(decode_cp(a, alen, &j));
        j = p;
        int comb_b = p < blen && b[p] >= 0xCC && is_combining(decode_cp(b, blen, &j));
        if (!comb_a && !comb_b)
            return p;
        do
            p--;
        while (p > 0 && (a[p] & 0xC0) == 0x80);
    }
}

int text_compare_vi(const char *as, size_t alen, const char *bs, size_t blen)
{
    const unsigned char *a = (const unsigned char *)as, *b = (const unsigned char *)bs;
    pthread_once(&elem_once, elem_tables_init);
    /* names in a sorted list share long prefixes ("Nguyễn Văn "): skip the
     * identical bytes, they contribute equally to every level */
    size_t n = alen < blen ? alen : blen, p = 0;
    while (p < n && a[p] == b[p])
        p++;
    if (p == alen && p == blen)
        return 0;
    p = common_start(a, alen, b, blen, p);

    size_t ia = p, ib = p;
    int tone_diff = 0, case_diff = 0;
    while (ia < alen && ib < blen) {
        coll_elem ea = next_elem(a, alen, &ia), eb = next_elem(b, blen, &ib);
        if (ea.primary != eb.primary)
            return ea.primary < eb.primary ? -1 : 1;
        if (!tone_diff && ea.tone != eb.tone)
            tone_diff = ea.tone < eb.tone ? -1 : 1;
        if (!case_diff && ea.upper != eb.upper)
            case_diff = ea.upper ? 1 : -1;
    }
    if (ia < alen)
        return 1;
    if (ib < blen)
        return -1;
    if (tone_diff)
        return tone_diff;
    if (case_diff)
        return case_diff;
    int c = memcmp(a + p, b + p, (alen < blen ? alen : blen) - p);
    if (c)
        return c < 0 ? -1 : 1;
    return alen < blen ? -1 : alen > blen;
}

/* Layout: primaries (4 bytes each, big-endian, never all zero), 4 zero bytes,
 * tones (2 bytes each, +1), 2 zero bytes, case (1 byte each, 1 or 2), 1 zero
 * byte, then the text itself. Equal primaries mean equally many elements, so
 * the later sections line up exactly as the comparison's levels do. */
char *text_sort_key_vi(const char *str, size_t len, size_t *outlen)
{
    const unsigned char *s = (const unsigned char *)str;
    pthread_once(&elem_once, elem_tables_init);
    size_t nelem = 0;
    for (size_t i = 0; i < len; nelem++)
        (void)next_elem(s, len, &i);
    unsigned char *key = malloc(nelem * 7 + 7 + len + 1);
    if (!key)
        return NULL;
    unsigned char *prim = key, *tone = key + nelem * 4 + 4, *cas = tone + nelem * 2 + 2;
    for (size_t i = 0; i < len;) {
        coll_elem e = next_elem(s, len, &i);
        *prim++ = (unsigned char)(e.primary >> 24);
        *prim++ = (unsigned char)(e.primary >> 16);
        *prim++ = (unsigned char)(e.primary >> 8);
        *prim++ = (unsigned char)e.primary;
        uint32_t t = (uint32_t)e.tone + 1;
        *tone++ = (unsigned char)(t >> 8);
        *tone++ = (unsigned char)t;
        *cas++ = (unsigned char)(1 + e.upper);
    }
    memset(prim, 0, 4);
    memset(tone, 0, 2);
    *cas++ = 0;
    memcpy(cas, s, len);
    *outlen = (size_t)(cas + len - key);
    key[*outlen] = 0;
    return (char *)key;
}

static int collate_vi(void *unused, int alen, const void *a, int blen, const void *b)
{
    return text_compare_vi(a, (size_t)alen, b, (size_t)blen);
}

int text_register_collation(sqlite3 *db)
{
    pthread_once(&elem_once, elem_tables_init);
    return sqlite3_create_collation_v2(db, "vi", SQLITE_UTF8, NULL, collate_vi, NULL);
}

/* }}} */

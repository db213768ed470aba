/* test_text.c — UTF-8 validation, NFC and the Vietnamese collation. */
#include "unit.h"
#include "text.h"

#include <utf8proc.h>

/* Real words in Vietnamese alphabetical order: letters first (a ă â … d đ …
 * o ô ơ … u ư), then tones (none huyền hỏi ngã sắc nặng), then case. */
static const char *const sorted_words[] = {
    "a", "A", "à", "ả", "ã", "á", "ạ",
    "an", "án", "anh", "Anh", "ánh", "ăn", "ắn", "ân", "ấn",
    "ba", "bà", "ban", "bán", "bạn", "băng", "bâng",
    "cá", "chó",
    "da", "dê", "đa", "đá", "Đà Nẵng", "đi",
    "e", "é", "ê", "ế",
    "gà", "hoa", "Hoà", "hòa", "Hòa", "hoàng",
    "i", "in", "ít", "kê", "lê", "mơ", "nam", "ngô",
    "Nguyễn Văn An", "Nguyễn Văn Anh", "Nguyễn Văn Ánh", "Nguyễn Văn Ân", "Nguyễn Văn Bình",
    "o", "ó", "ô", "ố", "ơ", "ở", "phú", "quê", "rể", "sơn", "tú",
    "u", "ú", "ụ", "ư", "ừ", "ưng", "vân", "xuân", "y", "ý", "yến",
};
#define NWORDS ((int)(sizeof sorted_words / sizeof sorted_words[0]))

static int cmp(const char *a, const char *b)
{
    return text_compare_vi(a, strlen(a), b, strlen(b));
}

static int key_cmp(const char *a, const char *b)
{
    size_t na, nb;
    char *ka = text_sort_key_vi(a, strlen(a), &na), *kb = text_sort_key_vi(b, strlen(b), &nb);
    int c = memcmp(ka, kb, na < nb ? na : nb);
    if (!c)
        c = na < nb ? -1 : na > nb;
    free(ka);
    free(kb);
    return c < 0 ? -1 : c > 0;
}

static void test_collation_order(void)
{
    for (int i = 0; i < NWORDS; i++) {
        for (int j = 0; j < NWORDS; j++) {
            int want = i < j ? -1 : i > j;
            int got = cmp(sorted_words[i], sorted_words[j]);
            got = got < 0 ? -1 : got > 0;
            if (got != want)
                fprintf(stderr, "compare(\"%s\", \"%s\") = %d, want %d\n", sorted_words[i], sorted_words[j], got, want);
            CHECK(got == want);
            CHECK(key_cmp(sorted_words[i], sorted_words[j]) == want);
        }
    }
}

static void test_collation_decomposed(void)
{
    const char *pre = "H\xC3\xB2" "a", *dec = "Ho\xCC\x80" "a";   /* Hòa two ways */
    CHECK(cmp(pre, dec) != 0);                     /* different bytes never equal */
    CHECK(cmp("Hoa", dec) < 0 && cmp(dec, "Hob") < 0);
    CHECK(cmp("Hoà", dec) < 0 && cmp(dec, "Hòb") < 0);
    CHECK(cmp("a\xCC\x86", "ă") != 0 && cmp("a\xCC\x86", "b") < 0 && cmp("a\xCC\x86", "az") > 0);
    /* a shared prefix that ends just before a combining mark */
    CHECK(cmp("a", "a\xCC\x86") < 0);
    CHECK(cmp("ab", "a\xCC\x86") < 0);
    CHECK(cmp("o\xCC\x9B\xCC\x81", "o\xCC\x9B\xCC\x80") > 0);     /* ớ after ờ */
    CHECK(cmp("o\xCC\x9B\xCC\x81", "ôz") > 0);                      /* ơ after ô */
    CHECK(cmp("ĐÀ", "đà") > 0 && cmp("Đà", "da") > 0 && cmp("Đà", "dz") > 0);
    CHECK(cmp("", "a") < 0 && cmp("a", "") > 0 && cmp("", "") == 0);
    CHECK(cmp("Hà Nội", "Hà Nội") == 0);
    CHECK(cmp("a b", "ab") < 0);                   /* space before letters */
    CHECK(cmp("2", "a") < 0);
    CHECK(cmp("zz", "Привет") < 0);                /* other scripts after Latin */
    CHECK(cmp("a\xFF", "a\xFE") > 0 && cmp("a\xFF", "az") > 0);   /* bad bytes: total order */
}

static void test_collation_sqlite(void)
{
    sqlite3 *db;
    CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
    CHECK(text_register_collation(db) == SQLITE_OK);
    sqlite3_exec(db, "CREATE TABLE w(s TEXT COLLATE vi)", NULL, NULL, NULL);
    sqlite3_stmt *ins;
    sqlite3_prepare_v2(db, "INSERT INTO w VALUES (?)", -1, &ins, NULL);
    for (int k = 0; k < NWORDS; k++) {
        int i = (k * 37) % NWORDS;                 /* 37 is prime to NWORDS: a shuffle */
        sqlite3_bind_text(ins, 1, sorted_words[i], -1, SQLITE_STATIC);
        sqlite3_step(ins);
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    sqlite3_stmt *sel;
    sqlite3_prepare_v2(db, "SELECT s FROM w ORDER BY s", -1, &sel, NULL);
    int n = 0;
    while (sqlite3_step(sel) == SQLITE_ROW && n < NWORDS)
        CHECK_STR((const char *)sqlite3_column_text(sel, 0), sorted_words[n++]);
    CHECK(n == NWORDS);
    sqlite3_finalize(sel);
    sqlite3_close(db);
}

static void test_nfc(void)
{
    size_t n = 0;
    char *s = text_nfc("Ho\xCC\x80" "a", 5, &n);   /* "Hòa" typed with a combining grave */
    CHECK(s != NULL);
    if (s) {
        CHECK(n == 4 && memcmp(s, "H\xC3\xB2" "a", 4) == 0);
        free(s);
    }
    s = text_nfc("Nguye\xCC\x82\xCC\x83n", 10, &n);  /* e + circumflex + tilde */
    CHECK(s != NULL && n == 8 && memcmp(s, "Nguyễn", 8) == 0);
    free(s);
    CHECK(text_nfc("Hòa", strlen("Hòa"), &n) == NULL);
    CHECK(text_nfc("Nguyễn Thị Ánh", strlen("Nguyễn Thị Ánh"), &n) == NULL);
    CHECK(text_nfc("Привет", strlen("Привет"), &n) == NULL);  /* slow path, already NFC */
    CHECK(text_nfc("", 0, &n) == NULL);
}

/* The quick check in text_nfc trusts that text made only of code points below
 * U+0300 or in U+1E00–U+1EFF is NFC. It is, if each such character is NFC by
 * itself, is not a combining mark, and no two of them compose. All three are
 * checked here for every such code point and every pair, against utf8proc. */
static int is_quick_range(int32_t cp)
{
    return (cp > 0 && cp < 0x300) || (cp >= 0x1E00 && cp < 0x1F00);
}

static void test_nfc_quick_claim(void)
{
    int32_t cps[0x400];
    int ncp = 0;
    for (int32_t cp = 1; cp < 0x1F00; cp++)
        if (is_quick_range(cp))
            cps[ncp++] = cp;
    CHECK(ncp == 0x2FF + 0x100);
    long bad_single = 0, bad_pair = 0;
    unsigned char buf[16];
    for (int i = 0; i < ncp; i++) {
        if (utf8proc_get_property(cps[i])->combining_class != 0)
            bad_single++;
        utf8proc_ssize_t na = utf8proc_encode_char(cps[i], buf);
        buf[na] = 0;
        unsigned char *nfc = utf8proc_NFC(buf);
        if (!nfc || strcmp((char *)nfc, (char *)buf) != 0)
            bad_single++;
        free(nfc);
        for (int j = 0; j < ncp; j++) {
            utf8proc_ssize_t nb = utf8proc_encode_char(cps[j], buf + na);
            buf[na + nb] = 0;
            nfc = utf8proc_NFC(buf);
            if (!nfc || strcmp((char *)nfc, (char *)buf) != 0)
                bad_pair++;
            free(nfc);
        }
    }
    CHECK(bad_single == 0);
    CHECK(bad_pair == 0);
    /* and the quick check itself agrees with utf8proc on a decomposed string */
    size_t n;
    char *s = text_nfc("A\xCC\x8A", 3, &n);        /* A + ring above -> Å */
    CHECK(s && n == 2 && memcmp(s, "\xC3\x85", 2) == 0);
    free(s);
}

static size_t bad_at(const char *s)
{
    return utf8_invalid_at(s, strlen(s));
}

static void test_invalid_utf8(void)
{
    CHECK(bad_at("") == 0);
    CHECK(bad_at("abc") == 0);
    CHECK(bad_at("Nguyễn Thị Ánh, Hòa") == 0);
    CHECK(bad_at("\xF0\x9F\x98\x80") == 0);        /* a 4-byte character */
    CHECK(bad_at("H\xF2" "a") == 2);               /* "Hòa" in Windows-1258 */
    CHECK(bad_at("Nguy\xD6n") == 5);               /* TCVN3 byte */
    CHECK(bad_at("abcdefghij\xFF") == 11);         /* after the 8-byte fast path */
    CHECK(bad_at("\x80") == 1);                    /* a lone continuation byte */
    CHECK(bad_at("\xC0\xAF") == 1);                /* overlong "/" */
    CHECK(bad_at("\xC1\xBF") == 1);
    CHECK(bad_at("ab\xE0\x80\xAF") == 3);          /* overlong, 3 bytes */
    CHECK(bad_at("\xF0\x80\x80\xAF") == 1);        /* overlong, 4 bytes */
    CHECK(bad_at("x\xED\xA0\x80") == 2);           /* UTF-16 surrogate D800 */
    CHECK(bad_at("\xED\x9F\xBF") == 0);            /* U+D7FF is fine */
    CHECK(bad_at("\xF4\x90\x80\x80") == 1);        /* above U+10FFFF */
    CHECK(bad_at("\xF5\x80\x80\x80") == 1);
    CHECK(bad_at("H\xC3") == 2);                   /* cut short at the end */
    CHECK(bad_at("H\xC3" "a") == 2);               /* cut short by the next character */
    CHECK(utf8_invalid_at("ab\xC3\xB2", 3) == 3);  /* never reads past len */
    size_t at = 0;
    CHECK(text_check("Nguyễn Thị Ánh", strlen("Nguyễn Thị Ánh"), &at) == TEXT_NFC_QUICK);
    CHECK(text_check("Ho\xCC\x80" "a", 5, &at) == TEXT_NFC_MAYBE);
    CHECK(text_check("Привет", strlen("Привет"), &at) == TEXT_NFC_MAYBE);
    CHECK(text_check("abcdefghij\xE1\xBA", 12, &at) == TEXT_BAD_UTF8 && at == 11);
    CHECK(text_check("H\xF2" "a", 3, &at) == TEXT_BAD_UTF8 && at == 2);
}

int main(void)
{
    test_invalid_utf8();
    test_nfc();
    test_nfc_quick_claim();
    test_collation_order();
    test_collation_decomposed();
    test_collation_sqlite();
    UNIT_DONE();
}

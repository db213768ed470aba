/* test_number.c — numbers as offices type them, both formats. */
#include <math.h>
#include "unit.h"
#include "number.h"

static double num(const char *s, numfmt f)
{
    double v = -12345.678;
    number_status st = number_parse(s, strlen(s), f, &v);
    CHECK(st == NUMBER_OK);
    return v;
}

static number_status status(const char *s, numfmt f)
{
    double v;
    return number_parse(s, strlen(s), f, &v);
}

static long long whole(const char *s, numfmt f)
{
    long long v = -1;
    CHECK(integer_parse(s, strlen(s), f, &v) == NUMBER_OK);
    return v;
}

static number_status whole_status(const char *s, numfmt f)
{
    long long v;
    return integer_parse(s, strlen(s), f, &v);
}

static void test_vi(void)
{
    CHECK_NUM(num("20.360", NUM_VI), 20360);
    CHECK_NUM(num("110,05", NUM_VI), 110.05);
    CHECK(num("110,05", NUM_VI) == 110.05);           /* the nearest double, exactly */
    CHECK_NUM(num("-0,95", NUM_VI), -0.95);
    CHECK_NUM(num("1.640.539", NUM_VI), 1640539);
    CHECK_NUM(num("110,05%", NUM_VI), 110.05);
    CHECK_NUM(num(" 110,05 % ", NUM_VI), 110.05);
    CHECK_NUM(num("+7", NUM_VI), 7);
    CHECK_NUM(num("20360", NUM_VI), 20360);           /* grouping is optional */
    CHECK_NUM(num("1.234,5", NUM_VI), 1234.5);
    CHECK_NUM(num("0,5", NUM_VI), 0.5);
    CHECK_NUM(num("\xC2\xA0" "20.360\xC2\xA0", NUM_VI), 20360);  /* Excel's no-break spaces */
    /* amounts in words, as the reports write them */
    CHECK_NUM(num("1.640 t\xE1\xBB\xB7 539 tri\xE1\xBB\x87u", NUM_VI), 1640539000000.0);
    CHECK_NUM(num("300 t\xE1\xBB\xB7 567 tri\xE1\xBB\x87u", NUM_VI), 300567000000.0);
    CHECK_NUM(num("945 t\xE1\xBB\xB7 033 tri\xE1\xBB\x87u", NUM_VI), 945033000000.0);
    CHECK_NUM(num("62 ngh\xC3\xACn", NUM_VI), 62000);
    CHECK_NUM(num("05 ngh\xC3\xACn 700", NUM_VI), 5700);
    CHECK_NUM(num("02 ngh\xC3\xACn 700 t\xE1\xBB\xB7", NUM_VI), 2700e9);
    CHECK_NUM(num("1 ngh\xC3\xACn t\xE1\xBB\xB7", NUM_VI), 1e12);
    CHECK_NUM(num("1,5 tri\xE1\xBB\x87u", NUM_VI), 1500000);
    CHECK_NUM(num("1.987 ty\xCC\x89", NUM_VI), 1987e9);                /* NFD tỷ */
    CHECK_NUM(num("6 trie\xCC\xA3\xCC\x82u", NUM_VI), 6e6);          /* NFD triệu */
    CHECK_NUM(num("-3 ng\xC3\xA0n", NUM_VI), -3000);
    CHECK(status("t\xE1\xBB\xB7", NUM_VI) == NUMBER_BAD);               /* no number */
    CHECK(status("5 700 ngh\xC3\xACn", NUM_VI) == NUMBER_BAD);          /* two numbers in a row */
    CHECK(status("5 t\xE1\xBB\xB7 tri\xE1\xBB\x87u", NUM_VI) == NUMBER_BAD);
    CHECK(status("5 t\xE1\xBB\xB7 1,5.3 tri\xE1\xBB\x87u", NUM_VI) == NUMBER_BAD);
    CHECK(status("5 ngh\xC3\xACn", NUM_PLAIN) == NUMBER_BAD);           /* words only in vi */
    CHECK(status("5 kg", NUM_VI) == NUMBER_BAD);
    CHECK(whole("05 ngh\xC3\xACn 700", NUM_VI) == 5700);
    CHECK(whole_status("1,5 ngh\xC3\xACn 0,2", NUM_VI) == NUMBER_BAD);
    CHECK(status("", NUM_VI) == NUMBER_EMPTY);
    CHECK(status("   ", NUM_VI) == NUMBER_EMPTY);
    CHECK(status("12,5,0", NUM_VI) == NUMBER_BAD);
    CHECK(status("1.64", NUM_VI) == NUMBER_BAD);        /* a group has three digits */
    CHECK(status("1.6400", NUM_VI) == NUMBER_BAD);
    CHECK(status("1640.539", NUM_VI) == NUMBER_BAD);    /* the first group has 1-3 digits */
    CHECK(status(".640", NUM_VI) == NUMBER_BAD);
    CHECK(status("abc", NUM_VI) == NUMBER_BAD);
    CHECK(status("--1", NUM_VI) == NUMBER_BAD);
    CHECK(status("-", NUM_VI) == NUMBER_BAD);
    CHECK(status("12,", NUM_VI) == NUMBER_BAD);
    CHECK(status("1 000", NUM_VI) == NUMBER_BAD);
    CHECK(status("1e3", NUM_VI) == NUMBER_BAD);
    CHECK(status("%", NUM_VI) == NUMBER_BAD);
    CHECK(status("1%%", NUM_VI) == NUMBER_BAD);
    CHECK(status("110.05", NUM_VI) == NUMBER_BAD);      /* plain decimals are not vi */
}

static void test_plain(void)
{
    CHECK_NUM(num("20360", NUM_PLAIN), 20360);
    CHECK_NUM(num("-0.95", NUM_PLAIN), -0.95);
    CHECK(num("110.05", NUM_PLAIN) == 110.05);
    CHECK_NUM(num("110.05%", NUM_PLAIN), 110.05);
    CHECK_NUM(num(" 3 ", NUM_PLAIN), 3);
    CHECK_NUM(num("0.1", NUM_PLAIN), 0.1);
    CHECK(num("0.1", NUM_PLAIN) == 0.1);
    /* more digits than a double holds: still the nearest double */
    CHECK(num("123456789012345678901234567890.5", NUM_PLAIN) == 123456789012345678901234567890.5);
    CHECK(num("0.30000000000000000000001", NUM_PLAIN) == 0.30000000000000000000001);
    CHECK(status("", NUM_PLAIN) == NUMBER_EMPTY);
    CHECK(status("1.640.539", NUM_PLAIN) == NUMBER_BAD);
    CHECK(status("110,05", NUM_PLAIN) == NUMBER_BAD);
    CHECK(status("20.360,5", NUM_PLAIN) == NUMBER_BAD);
    CHECK(status("abc", NUM_PLAIN) == NUMBER_BAD);
    CHECK(status("--1", NUM_PLAIN) == NUMBER_BAD);
    CHECK(status("1e3", NUM_PLAIN) == NUMBER_BAD);
    CHECK(status("0x10", NUM_PLAIN) == NUMBER_BAD);
    CHECK(status("inf", NUM_PLAIN) == NUMBER_BAD);
    /* never reads past len */
    double v = 0;
    CHECK(number_parse("12345", 2, NUM_PLAIN, &v) == NUMBER_OK);
    CHECK_NUM(v, 12);
}

static void test_integer(void)
{
    CHECK(whole("2.023", NUM_VI) == 2023);
    CHECK(whole("2023", NUM_PLAIN) == 2023);
    CHECK(whole("-1.640.539", NUM_VI) == -1640539);
    CHECK(whole("12,0", NUM_VI) == 12);               /* Excel with a decimals format */
    CHECK(whole("9223372036854775807", NUM_PLAIN) == 9223372036854775807LL);
    CHECK(whole("-9223372036854775808", NUM_PLAIN) == (-9223372036854775807LL - 1));
    CHECK(whole_status("9223372036854775808", NUM_PLAIN) == NUMBER_BAD);
    CHECK(whole_status("12,5", NUM_VI) == NUMBER_BAD);
    CHECK(whole_status("2.023", NUM_PLAIN) == NUMBER_BAD);
    CHECK(whole_status("", NUM_PLAIN) == NUMBER_EMPTY);
    CHECK(whole_status("x", NUM_PLAIN) == NUMBER_BAD);
}

static void test_format(void)
{
    char buf[64];
    CHECK_STR(number_format_vi(20360, 0, buf, sizeof buf), "20.360");
    CHECK_STR(number_format_vi(110.05, 2, buf, sizeof buf), "110,05");
    CHECK_STR(number_format_vi(1640539, -1, buf, sizeof buf), "1.640.539");
    CHECK_STR(number_format_vi(-0.95, -1, buf, sizeof buf), "-0,95");
    CHECK_STR(number_format_vi(107.6, 1, buf, sizeof buf), "107,6");
    CHECK_STR(number_format_vi(100, 2, buf, sizeof buf), "100,00");
    CHECK_STR(number_format_vi(1.0 / 3, -1, buf, sizeof buf), "0,333333");
    CHECK_STR(number_format_vi(-0.0001, 2, buf, sizeof buf), "0,00");
    CHECK_STR(number_format_vi(-1234567.5, 1, buf, sizeof buf), "-1.234.567,5");
    CHECK_STR(number_format_vi(999.9999, 2, buf, sizeof buf), "1.000,00");
    CHECK_STR(number_format_vi(0, -1, buf, sizeof buf), "0");
    char small[6];
    CHECK_STR(number_format_vi(1640539, 0, small, sizeof small), "1.640");  /* cut, still terminated */
    /* the largest double with the most decimals fits NUMBER_VI_MAX whole */
    char big[NUMBER_VI_MAX];
    number_format_vi(-1.7976931348623157e308, 17, big, sizeof big);
    size_t n = strlen(big);
    CHECK(n + 1 < sizeof big && big[0] == '-' && strcmp(big + n - 18, ",00000000000000000") == 0);
}

/* number_format_vi as it was written before its fast path: snprintf "%.*f", then the
 * Vietnamese marks. The fast path must give the same text for every figure. */
static void reference_format(double x, int decimals, int upto, char *out, size_t size)
{
    int auto_decimals = decimals < 0;
    if (auto_decimals) decimals = upto;
    char tmp[400];
    snprintf(tmp, sizeof tmp, "%.*f", decimals, x);
    const char *p = tmp;
    int negative = 0;
    if (*p == '-') { negative = 1; p++; }
    const char *int_end = p;
    while (*int_end >= '0' && *int_end <= '9') int_end++;
    const char *frac = *int_end ? int_end + 1 : int_end;
    size_t nfrac = strlen(frac), n = 0;
    if (auto_decimals) while (nfrac && frac[nfrac - 1] == '0') nfrac--;
    int all_zero = 1;
    for (const char *q = p; q < int_end; q++) if (*q != '0') all_zero = 0;
    for (size_t i = 0; i < nfrac; i++) if (frac[i] != '0') all_zero = 0;
    if (negative && !all_zero) out[n++] = '-';
    size_t nint = (size_t)(int_end - p);
    for (size_t i = 0; i < nint && n + 2 < size; i++) {
        if (i && (nint - i) % 3 == 0) out[n++] = '.';
        out[n++] = p[i];
    }
    if (nfrac) { out[n++] = ','; memcpy(out + n, frac, nfrac); n += nfrac; }
    out[n] = 0;
}

static unsigned long long rng_state = 88172645463325252ull;
static unsigned long long rng(void)
{
    rng_state ^= rng_state << 13; rng_state ^= rng_state >> 7; rng_state ^= rng_state << 17;
    return rng_state;
}

/* Report-like figures (short decimals, exact halves at every place, values just either side of
 * a half) and doubles of every size, at every number of places, against the reference. */
static void test_format_matches_printf(void)
{
    char got[512], want[512];
    int shown = 0;
    long mismatches = 0, checked = 0;
    for (long i = 0; i < 1500000; i++) {
        unsigned long long r = rng();
        double x;
        switch (i % 6) {
        case 0: x = (double)(long long)(r % 200000000) / (double)(1ull << (r >> 60)); break;   /* k / 2^j: ties */
        case 1: x = (double)(long long)(r % 2000000000) / 1e4; break;                          /* 4 places */
        case 2: x = (double)(r % 100000) + 0.5 + ((double)(r >> 40) - 8388608.0) * 1e-12; break; /* near a half */
        case 3: { unsigned long long bits = r & 0x7fefffffffffffffull; memcpy(&x, &bits, sizeof x); break; }
        case 4: x = (double)(r % 100000000000000ull) / 1e2; break;                             /* big, 2 places */
        default: x = (double)(r % 1000000) / 7.0; break;                                        /* long fractions */
        }
        if (r & 1) x = -x;
        if (!isfinite(x)) continue;
        int decimals = (int)(r >> 33) % 12 - 2;               /* -2 and -1: automatic */
        int upto = decimals < 0 ? (decimals == -1 ? 6 : 4) : 6;
        number_format_vi_upto(x, decimals < 0 ? -1 : decimals, upto, got, sizeof got);
        reference_format(x, decimals < 0 ? -1 : decimals, upto, want, sizeof want);
        checked++;
        if (strcmp(got, want) != 0) {
            mismatches++;
            if (shown++ < 5) fprintf(stderr, "number_format_vi(%.17g, %d, upto %d): got %s, printf gives %s\n",
                                     x, decimals, upto, got, want);
        }
    }
    CHECK(checked > 1000000);
    CHECK(mismatches == 0);
}

int main(void)
{
    test_vi();
    test_plain();
    test_integer();
    test_format();
    test_format_matches_printf();
    UNIT_DONE();
}

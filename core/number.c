/* number.c — numbers as offices type them (see number.h).
 *
 * A cell is first reduced to sign, integer digits and fraction digits; the
 * two formats differ only in which mark groups thousands and which one is the
 * decimal mark. The value is then built from the digits without strtod, so a
 * process locale (LC_NUMERIC) can never change what "110.05" means.
 */
#include "number.h"
#include "platform.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Digits of one number as typed: at most this many significant digits are
 * kept exactly; a longer number goes through strtod in the "C" locale. */
#define NUMBER_MAXDIGITS 64

typedef struct {
    int negative;
    char digits[NUMBER_MAXDIGITS + 1]; /* integer digits then fraction digits, no marks */
    int ndigits;
    int nfrac;                          /* how many of digits are after the decimal mark */
} number_parts;

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Drops spaces (and the no-break space U+00A0 that Excel puts around numbers)
 * at both ends, then one trailing '%'. Returns 0 when nothing is left. */
static int number_trim(const char **ps, size_t *plen)
{
    const char *s = *ps;
    size_t len = *plen;
    for (;;) {
        if (len && is_blank((unsigned char)s[0])) { s++; len--; continue; }
        if (len >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) { s += 2; len -= 2; continue; }
        break;
    }
    int percent_done = 0;
    for (;;) {
        if (len && is_blank((unsigned char)s[len - 1])) { len--; continue; }
        if (len >= 2 && (unsigned char)s[len - 2] == 0xC2 && (unsigned char)s[len - 1] == 0xA0) { len -= 2; continue; }
        if (!percent_done && len && s[len - 1] == '%') { len--; percent_done = 1; continue; }
        break;
    }
    *ps = s;
    *plen = len;
    return len > 0 || percent_done;
}

static int add_digit(number_parts *p, char c)
{
    if (p->ndigits >= NUMBER_MAXDIGITS)
        return 0;
    p->digits[p->ndigits++] = c;
    return 1;
}

/* Splits s into parts. group: the thousands mark or 0 for none; point: the decimal mark.
 * Groups, when used, must be 1–3 leading digits followed by groups of exactly three. */
static int number_split(const char *s, size_t len, char group, char point, number_parts *p)
{
    size_t i = 0;
    memset(p, 0, sizeof *p);
    if (i < len && (s[i] == '-' || s[i] == '+')) {
        p->negative = s[i] == '-';
        i++;
    }
    size_t run = 0;          /* digits since the start or the last group mark */
    int grouped = 0, nint = 0;
    for (; i < len && s[i] != point; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (!add_digit(p, c))
                return 0;
            run++;
            nint++;
        } else if (group && c == group) {
            /* the first group may have 1–3 digits, every later one exactly 3 */
            if (run == 0 || run > 3 || (grouped && run != 3))
                return 0;
            grouped = 1;
            run = 0;
        } else {
            return 0;
        }
    }
    if (grouped && run != 3)
        return 0;
    if (i < len) {           /* s[i] is the decimal mark */
        i++;
        if (i == len)
            return 0;        /* "12," is a typo, not twelve */
        for (; i < len; i++) {
            if (s[i] < '0' || s[i] > '9' || !add_digit(p, s[i]))
                return 0;
            p->nfrac++;
        }
    }
    return nint > 0 || p->nfrac > 0;
}

static number_status number_parts_of(const char *s, size_t len, numfmt fmt, number_parts *p)
{
    if (!number_trim(&s, &len))
        return NUMBER_EMPTY;
    int ok = fmt == NUM_VI ? number_split(s, len, '.', ',', p)
                           : number_split(s, len, 0, '.', p);
    return ok ? NUMBER_OK : NUMBER_BAD;
}

/* The double nearest to the decimal digits/10^nfrac. Exact fast path when the
 * digits fit in 2^53 and the power of ten is exact (both operands exact, one
 * correctly rounded division); otherwise strtod in the "C" locale. */
static double number_value(const number_parts *p)
{
    static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
    uint64_t m = 0;
    int i = 0, exact = 1;
    for (; i < p->ndigits; i++) {
        if (m > (UINT64_C(1) << 53) / 10) { exact = 0; break; }
        m = m * 10 + (uint64_t)(p->digits[i] - '0');
    }
    double v;
    if (exact && m <= (UINT64_C(1) << 53) && p->nfrac <= 22) {
        v = (double)m / pow10[p->nfrac];
    } else {
        char buf[NUMBER_MAXDIGITS + 8];
        int nint = p->ndigits - p->nfrac, n = 0;
        memcpy(buf, p->digits, (size_t)nint);
        n = nint;
        buf[n++] = '.';
        memcpy(buf + n, p->digits + nint, (size_t)p->nfrac);
        n += p->nfrac;
        buf[n] = 0;
        v = platform_strtod_c(buf);
    }
    return p->negative ? -v : v;
}

/* The scale words offices write amounts with, in NFC and in NFD (decomposed) spelling. */
static const struct { const char *word; double scale; } scale_words[] = {
    { "ngh\xC3\xACn", 1e3 }, { "nghi\xCC\x80n", 1e3 },             /* nghìn */
    { "ng\xC3\xA0n", 1e3 },  { "nga\xCC\x80n", 1e3 },              /* ngàn */
    { "tri\xE1\xBB\x87u", 1e6 }, { "trie\xCC\xA3\xCC\x82u", 1e6 }, /* triệu */
    { "t\xE1\xBB\xB7", 1e9 }, { "ty\xCC\x89", 1e9 },              /* tỷ */
    { "t\xE1\xBB\x89", 1e9 }, { "ti\xCC\x89", 1e9 },              /* tỉ */
};

static double scale_of(const char *w, size_t len)
{
    for (size_t i = 0; i < sizeof scale_words / sizeof scale_words[0]; i++)
        if (strlen(scale_words[i].word) == len && memcmp(scale_words[i].word, w, len) == 0)
            return scale_words[i].scale;
    return 0;
}

/* An amount in words as offices write it (vi format only): "1.640 tỷ 539 triệu",
 * "62 nghìn", "05 nghìn 700", "02 nghìn 700 tỷ". Each number is a vi number; a
 * scale word multiplies the group before it, or, when larger than every scale
 * seen so far, everything before it ("2 nghìn 700 tỷ" = 2.700 × 10^9). */
static number_status amount_words_parse(const char *s, size_t len, double *out)
{
    if (!number_trim(&s, &len))
        return NUMBER_EMPTY;
    double result = 0, group = 0, largest = 0;
    int have_group = 0, words = 0, negative = 0;
    size_t i = 0;
    while (i < len) {
        if (is_blank((unsigned char)s[i])) { i++; continue; }
        if (i + 1 < len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0) { i += 2; continue; }
        size_t j = i;
        while (j < len && !is_blank((unsigned char)s[j]) &&
               !(j + 1 < len && (unsigned char)s[j] == 0xC2 && (unsigned char)s[j + 1] == 0xA0))
            j++;
        double scale = scale_of(s + i, j - i);
        if (scale > 0) {
            if (!have_group && result == 0)
                return NUMBER_BAD;                  /* a scale word with nothing before it */
            if (scale > largest) {
                result = (result + group) * scale;
                largest = scale;
            } else {
                if (!have_group)
                    return NUMBER_BAD;              /* "tỷ triệu" */
                result += group * scale;
            }
            group = 0;
            have_group = 0;
            words++;
        } else {
            number_parts p;
            if (have_group || number_parts_of(s + i, j - i, NUM_VI, &p) != NUMBER_OK)
                return NUMBER_BAD;                  /* two numbers in a row, or not a number */
            if (p.negative) {
                if (words || result != 0)
                    return NUMBER_BAD;              /* a sign only in front */
                negative = 1;
                p.negative = 0;
            }
            group = number_value(&p);
            have_group = 1;
        }
        i = j;
    }
    if (!words)
        return NUMBER_BAD;
    result += group;
    *out = negative ? -result : result;
    return NUMBER_OK;
}

number_status number_parse(const char *s, size_t len, numfmt fmt, double *out)
{
    number_parts p;
    number_status st = number_parts_of(s, len, fmt, &p);
    if (st == NUMBER_OK)
        *out = number_value(&p);
    else if (st == NUMBER_BAD && fmt == NUM_VI)
        st = amount_words_parse(s, len, out);
    return st;
}

number_status integer_parse(const char *s, size_t len, numfmt fmt, long long *out)
{
    number_parts p;
    number_status st = number_parts_of(s, len, fmt, &p);
    if (st == NUMBER_BAD && fmt == NUM_VI) {
        double d;
        if (amount_words_parse(s, len, &d) != NUMBER_OK || d != floor(d) || fabs(d) > 9007199254740992.0)
            return NUMBER_BAD;
        *out = (long long)d;                        /* "5 nghìn 700" is 5700 */
        return NUMBER_OK;
    }
    if (st != NUMBER_OK)
        return st;
    /* "12,0" is still twelve: Excel writes whole numbers that way when a
     * column is formatted with decimals. Any other fraction is not whole. */
    for (int i = p.ndigits - p.nfrac; i < p.ndigits; i++)
        if (p.digits[i] != '0')
            return NUMBER_BAD;
    unsigned long long v = 0;
    for (int i = 0; i < p.ndigits - p.nfrac; i++) {
        unsigned d = (unsigned)(p.digits[i] - '0');
        if (v > (ULLONG_MAX - d) / 10)
            return NUMBER_BAD;
        v = v * 10 + d;
    }
    if (p.negative) {
        if (v > (unsigned long long)LLONG_MAX + 1)
            return NUMBER_BAD;
        *out = v == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)v;
    } else {
        if (v > (unsigned long long)LLONG_MAX)
            return NUMBER_BAD;
        *out = (long long)v;
    }
    return NUMBER_OK;
}

/* Appends src to buf[*n..size) if it fits; keeps buf NUL-terminated. */
static void put(char *buf, size_t size, size_t *n, const char *src, size_t len)
{
    for (size_t i = 0; i < len && *n + 1 < size; i++)
        buf[(*n)++] = src[i];
    if (size)
        buf[*n < size ? *n : size - 1] = 0;
}

int number_places(double x)
{
    static const double P10[] = { 1, 10, 100, 1e3, 1e4, 1e5, 1e6 };
    double a = fabs(x);
    for (int k = 0; k <= 6; k++) {
        double scaled = floor(a * P10[k] + 0.5);
        if (!(scaled < 1e15)) return -1;
        if (scaled / P10[k] == a) return k;
    }
    return -1;
}

/* x as %.15g writes it, for the numbers explanations carry (scores, shares, counts: integers
 * and decimals of up to six places) without printf, which was a tenth of a scoring run.
 * When n / 10^k is exactly x as a double, x is the double nearest n / 10^k, which has at most
 * 15 significant digits; x lies within half an ulp (2^-53 of x) of it, far less than half a
 * step of the 15-digit grid (over 5e-16 of x), so %.15g rounds x to n / 10^k, and with
 * 1e-4 <= |x| < 1e15 it prints it in fixed notation without trailing zeros. Anything else
 * (zero with its sign, tiny, huge, long fractions) returns 0 for the general path. */
size_t number_short_g15(double x, char *out)
{
    static const double P10[] = { 1, 10, 100, 1e3, 1e4, 1e5, 1e6 };
    static const unsigned long long U10[] = { 1, 10, 100, 1000, 10000, 100000, 1000000 };
    double a = fabs(x);
    if (!(a >= 1e-4 && a < 1e15)) return 0;
    int k = number_places(x);
    if (k < 0) return 0;
    /* k is the fewest places that hold x, so the last of them is never 0 (n / 10 would have
     * matched at k - 1): no trailing zeros to strip */
    unsigned long long n = (unsigned long long)floor(a * P10[k] + 0.5), whole = n / U10[k], frac = n % U10[k];
    char buf[48], *end = buf + sizeof buf, *p = end;
    if (k > 0) {
        for (int i = 0; i < k; i++) { *--p = (char)('0' + frac % 10); frac /= 10; }
        *--p = '.';
    }
    do { *--p = (char)('0' + whole % 10); whole /= 10; } while (whole);
    if (x < 0) *--p = '-';
    memcpy(out, p, (size_t)(end - p));
    return (size_t)(end - p);
}

/* What snprintf "%.*f" writes for x at d decimals. Reports are written figure by figure, a
 * million rows of them at national scale, and printf's exact conversion is most of a figure's
 * cost, so the usual figures are written from an integer: y = |x| x 10^d is off the exact product
 * by at most 2^-53 of itself, under 2^-13 when y < 2^40, so when y's fraction is more than 1/1000
 * away from one half, rounding y to the nearest integer gives the digits printf rounds the exact
 * product to. Ties, near-ties, more than 9 decimals and huge figures go to snprintf. */
int number_fixed(char *out, size_t size, int d, double x)
{
    static const double P10[] = { 1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
    static const unsigned long long U10[] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
                                              100000000, 1000000000 };
    if (d >= 0 && d <= 9 && size >= 64) {
        double y = fabs(x) * P10[d];
        double whole = floor(y), frac = y - whole;
        if (y < 1099511627776.0 && fabs(frac - 0.5) > 1e-3) {
            unsigned long long v = (unsigned long long)whole + (frac > 0.5);
            unsigned long long ip = v / U10[d], fp = v % U10[d];
            char tmp[64], *end = tmp + sizeof tmp, *p = end;
            for (int i = 0; i < d; i++) { *--p = (char)('0' + fp % 10); fp /= 10; }
            if (d > 0) *--p = '.';
            do { *--p = (char)('0' + ip % 10); ip /= 10; } while (ip);
            if (signbit(x)) *--p = '-';
            size_t len = (size_t)(end - p);
            memcpy(out, p, len);
            out[len] = 0;
            return (int)len;
        }
    }
    return snprintf(out, size, "%.*f", d, x);
}

char *number_format_vi(double x, int decimals, char *buf, size_t size)
{
    return number_format_vi_upto(x, decimals, 6, buf, size);
}

char *number_format_vi_upto(double x, int decimals, int upto, char *buf, size_t size)
{
    size_t n = 0;
    if (size)
        buf[0] = 0;
    if (isnan(x)) { put(buf, size, &n, "NaN", 3); return buf; }
    if (isinf(x)) { put(buf, size, &n, x < 0 ? "-∞" : "∞", x < 0 ? 4 : 3); return buf; }
    int auto_decimals = decimals < 0;
    if (auto_decimals)
        decimals = upto < 0 ? 0 : upto;
    if (decimals > 17)
        decimals = 17;
    char tmp[400];
    int len = number_fixed(tmp, sizeof tmp, decimals, x);
    if (len < 0 || (size_t)len >= sizeof tmp) { put(buf, size, &n, "?", 1); return buf; }
    /* split "-1234.5600" into sign, integer digits, fraction digits; whatever
     * character the C library used as its decimal point is not a digit */
    const char *p = tmp;
    int negative = 0;
    if (*p == '-') { negative = 1; p++; }
    const char *int_end = p;
    while (*int_end >= '0' && *int_end <= '9')
        int_end++;
    const char *frac = *int_end ? int_end + 1 : int_end;
    size_t nfrac = strlen(frac);
    if (auto_decimals)
        while (nfrac && frac[nfrac - 1] == '0')
            nfrac--;
    /* "-0" and "-0,00" are just zero */
    int all_zero = 1;
    for (const char *q = p; q < int_end; q++) if (*q != '0') all_zero = 0;
    for (size_t i = 0; i < nfrac; i++) if (frac[i] != '0') all_zero = 0;
    if (negative && !all_zero)
        put(buf, size, &n, "-", 1);
    size_t nint = (size_t)(int_end - p);
    for (size_t i = 0; i < nint; i++) {
        if (i && (nint - i) % 3 == 0)
            put(buf, size, &n, ".", 1);
        put(buf, size, &n, p + i, 1);
    }
    if (nfrac) {
        put(buf, size, &n, ",", 1);
        put(buf, size, &n, frac, nfrac);
    }
    return buf;
}

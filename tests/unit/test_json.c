/* test_json.c — numbers in explanations: the integer and short-decimal path must write
 * exactly what %.15g (or %.17g when that does not read back) writes, for every number; and
 * numbers seen again, whose texts are kept, must read the same; and
 * texts, which skip eight bytes at a time while none needs escaping, must come out as a byte
 * by byte escaping writes them, wherever the quote, backslash or control byte falls. */
#include "unit.h"
#include "json.h"

#include <lauxlib.h>
#include <lualib.h>
#include <math.h>

/* What the general path writes for x. */
static void reference(double x, char *out, size_t n)
{
    if (!isfinite(x)) { snprintf(out, n, "null"); return; }
    snprintf(out, n, "%.15g", x);
    if (strtod(out, NULL) != x) snprintf(out, n, "%.17g", x);
}

static int json_of(lua_State *L, strbuf *b)
{
    b->len = 0;
    int rc = json_add_lua(L, b, -1, 1000);
    lua_pop(L, 1);
    sb_addc(b, '\0');
    return rc;
}

/* x written as JSON equals the reference; counts mismatches, prints the first few. */
static int mismatches;
static void check_double(lua_State *L, strbuf *b, double x)
{
    char want[64];
    reference(x, want, sizeof want);
    lua_pushnumber(L, x);
    json_of(L, b);
    unit_checks++;
    if (strcmp(b->s, want) != 0) {
        unit_failures++;
        if (mismatches++ < 10) fprintf(stderr, "%s:%d: %.17g written \"%s\", want \"%s\"\n", __FILE__, __LINE__, x, b->s, want);
    }
}

/* Byte by byte, as JSON asks: the quote, the backslash and the bytes below 0x20 escaped. */
static void reference_string(const char *s, size_t len, strbuf *out)
{
    sb_addc(out, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char u[8];
        if (c == '"' || c == '\\') { sb_addc(out, '\\'); sb_addc(out, (char)c); }
        else if (c == '\n') sb_add(out, "\\n");
        else if (c == '\r') sb_add(out, "\\r");
        else if (c == '\t') sb_add(out, "\\t");
        else if (c < 0x20) { snprintf(u, sizeof u, "\\u%04x", c); sb_add(out, u); }
        else sb_addc(out, (char)c);
    }
    sb_addc(out, '"');
}

/* json_add_string writes text as the reference does (a check, counted as failed if not). */
static int same_as_reference(strbuf *got, strbuf *want, const char *text, size_t len)
{
    got->len = want->len = 0;
    json_add_string(got, text, len);
    reference_string(text, len, want);
    unit_checks++;
    if (got->len == want->len && memcmp(got->s, want->s, got->len) == 0) return 1;
    unit_failures++;
    return 0;
}

/* Texts of every length to 40 with one byte of each kind at every place, the bytes around the
 * ones that need escaping ('"' - 1, '\\' + 1, 0x20, 0x7f, 0x80, 0xff), and random texts. */
static void check_strings(void)
{
    static const unsigned char special[] = { 0, 1, '\t', '\n', '\r', 0x1f, ' ', '!', '"', '#', '[', '\\', ']',
                                             0x7f, 0x80, 0xc3, 0xa1, 0xff };
    strbuf got = { 0 }, want = { 0 };
    char text[64];
    int bad = 0;
    for (size_t len = 0; len <= 40; len++)
        for (size_t at = 0; at < (len ? len : 1); at++)
            for (size_t k = 0; k < sizeof special; k++) {
                for (size_t i = 0; i < len; i++) text[i] = (char)('a' + i % 26);
                if (len) text[at] = (char)special[k];
                if (!same_as_reference(&got, &want, text, len) && bad++ < 5)
                    fprintf(stderr, "%s:%d: byte 0x%02x at %zu of %zu escaped wrongly\n", __FILE__, __LINE__,
                            special[k], at, len);
            }
    unsigned long long seed = 99;
    for (int n = 0; n < 200000; n++) {
        size_t len = n % 64;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            text[i] = (char)(seed >> 56);
        }
        if (!same_as_reference(&got, &want, text, len) && bad++ < 5)
            fprintf(stderr, "%s:%d: random text %d of %zu bytes escaped wrongly\n", __FILE__, __LINE__, n, len);
    }
    sb_free(&got);
    sb_free(&want);
}

int main(void)
{
    check_strings();
    lua_State *L = luaL_newstate();
    strbuf b = { 0 };

    /* objects: keys sorted as texts (a number key by its text), values beside their keys, a
     * nested array; a small object sorted by insertion, a large one by qsort */
    (void)luaL_dostring(L, "return { b = 1, a = { 2, 3 }, [10] = 'x', c = true, d = { e = 0.5 } }");
    json_of(L, &b);
    CHECK_STR(b.s, "{\"10\":\"x\",\"a\":[2,3],\"b\":1,\"c\":true,\"d\":{\"e\":0.5}}");
    (void)luaL_dostring(L, "local t = {} for i = 40, 1, -1 do t['k' .. (i < 10 and '0' or '') .. i] = i end return t");
    json_of(L, &b);
    {
        char want[1024] = "{";
        for (int i = 1; i <= 40; i++)
            snprintf(want + strlen(want), sizeof want - strlen(want), "%s\"k%02d\":%d", i > 1 ? "," : "", i, i);
        strcat(want, "}");
        CHECK_STR(b.s, want);
    }

    /* integers, as Lua integers */
    lua_Integer ints[] = { 0, 1, -1, 9, 10, 42, -1000, 123456789012345LL, 9223372036854775807LL,
                           -9223372036854775807LL - 1 };
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        char want[32];
        snprintf(want, sizeof want, "%lld", (long long)ints[i]);
        lua_pushinteger(L, ints[i]);
        json_of(L, &b);
        CHECK_STR(b.s, want);
    }

    /* edge doubles: signed zero, the ends of the fixed-notation range, halves, sums that do
     * not land on a short decimal, large and tiny, 2^53 and over */
    double edges[] = { 0.0, -0.0, 1e-4, 9.99e-5, 1e-5, 0.1, 0.2, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 0.5, -0.5,
                       89.5, 90, 107.6, 17.53, 1e15, 999999999999999.0, 1e15 - 0.5, 1e16, 1e21, 1e300,
                       123456.789012, 1234567.1234567, 9007199254740992.0, 9007199254740993.0,
                       -123.456, 5e-324, 2.2250738585072014e-308, 100.0 * 1.1, 0.000123, 1.005, 2.675,
                       NAN, INFINITY, -INFINITY };
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++) check_double(L, &b, edges[i]);

    /* every two-place decimal to 2,000 and its negative, as a score or a share is */
    for (int n = 0; n <= 200000; n++) { check_double(L, &b, n / 100.0); check_double(L, &b, -n / 100.0); }
    /* decimals of up to seven places (the fast path stops at six), and arithmetic results */
    unsigned long long seed = 12345;
    for (int i = 0; i < 300000; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        int places = (int)(seed >> 60) % 8;
        double v = (double)((seed >> 20) % 100000000000ULL);
        for (int k = 0; k < places; k++) v /= 10;
        check_double(L, &b, v);
        check_double(L, &b, v * 1.07);
        check_double(L, &b, v / 7);
    }

    /* long numbers again and again, in an order that makes them share the kept texts' slots */
    double again[500];
    for (int i = 0; i < 500; i++) again[i] = (i + 1) / 7.0 + i * 1e-3;
    for (int round = 0; round < 20; round++)
        for (int i = 0; i < 500; i++) check_double(L, &b, again[(i * 37 + round * 11) % 500]);

    sb_free(&b);
    lua_close(L);
    UNIT_DONE();
}

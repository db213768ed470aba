/* lua_decimal.c — the `decimal` table: exact percentages of report figures for rules.
 *
 * Report figures are short decimals (20.360, 0,95). decimal.percent works on them as whole
 * numbers of 10^-k, so 0,95 / 0,8 is exactly 118,75% (in floating point 118,7499…, which
 * would round the wrong way), and only falls back to floating point, with a small allowance,
 * for figures of more than 6 decimals or too large to scale. scripts/scoring.lua computes every
 * target's ratio, printed-% check and shown percentage through it, several times a row, so it
 * is C; the library keeps the same steps in Lua for its tests under plain lua5.4.
 */
#include <lauxlib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "i18n.h"

static const long long P10[] = { 1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL,
    100000000LL, 1000000000LL, 10000000000LL, 100000000000LL, 1000000000000LL, 10000000000000LL,
    100000000000000LL, 1000000000000000LL };
#define MAX_SCALE 15
#define TWO53 9007199254740992.0

/* The value at idx as n / 10^k with k <= 6, or 0 when it has more decimals (or is not finite). */
static int as_decimal(lua_State *L, int idx, long long *n, int *k)
{
    if (lua_isinteger(L, idx)) {
        long long v = lua_tointeger(L, idx);
        if (v <= -(1LL << 53) || v >= (1LL << 53)) return 0;
        *n = v; *k = 0;
        return 1;
    }
    double x = lua_tonumber(L, idx);
    for (int e = 0; e <= 6; e++) {
        double y = x * (double)P10[e];
        double r = floor(y + 0.5);
        if (fabs(y - r) <= 1e-9 * fmax(1, fabs(y)) && fabs(r) < TWO53) {
            *n = (long long)r; *k = e;
            return 1;
        }
    }
    return 0;
}

/* A whole number as an integer when one holds it (as math.tointeger does), else as a float. */
static void push_whole(lua_State *L, double q)
{
    if (q >= -9223372036854775808.0 && q < 9223372036854775808.0) lua_pushinteger(L, (lua_Integer)q);
    else lua_pushnumber(L, q);
}

/* decimal.percent(num, den, decimals [, mode]): num/den × 100 at `decimals` places, as a whole
 * number of 10^-decimals, rounded half away from zero (mode "round", the default) or with the
 * digits cut off ("truncate"). */
static int l_percent(lua_State *L)
{
    luaL_checknumber(L, 1);
    double den = luaL_checknumber(L, 2);
    lua_Integer decimals = luaL_checkinteger(L, 3);
    const char *mode = luaL_optstring(L, 4, "round");
    int round = strcmp(mode, "round") == 0;
    if (!round && strcmp(mode, "truncate") != 0)
        return luaL_error(L, _("decimal.percent: mode must be \"round\" or \"truncate\", not \"%s\""), mode);
    if (decimals < 0 || decimals > 12)
        return luaL_error(L, _("decimal.percent: decimals must be from 0 to 12, not %d"), (int)decimals);
    if (den == 0) return luaL_error(L, _("decimal.percent: the denominator is 0"));
    long long a, b;
    int ka, kb;
    if (as_decimal(L, 1, &a, &ka) && as_decimal(L, 2, &b, &kb)) {
        int scale = kb + 2 + (int)decimals;
        if (scale <= MAX_SCALE && llabs(a) < (1LL << 62) / P10[scale] && llabs(b) < (1LL << 62) / P10[ka]) {
            long long n = a * P10[scale], m = b * P10[ka];
            int neg = (n < 0) != (m < 0);
            if (n < 0) n = -n;
            if (m < 0) m = -m;
            long long q = n / m, r = n % m;
            if (round && 2 * r >= m) q++;
            lua_pushinteger(L, neg ? -q : q);
            return 1;
        }
    }
    double v = lua_tonumber(L, 1) / den * 100 * (double)P10[decimals];
    double av = fabs(v);
    double q = round ? floor(av + 0.5 + 1e-9) : floor(av + 1e-9);
    push_whole(L, v < 0 ? -q : q);
    return 1;
}

void decimalapi_register(lua_State *L)
{
    static const luaL_Reg fns[] = { { "percent", l_percent }, { NULL, NULL } };
    luaL_newlib(L, fns);
    lua_setglobal(L, "decimal");
}

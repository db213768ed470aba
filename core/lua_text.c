/* lua_text.c — the `text` table: Vietnamese order, NFC and number format for rules. */
#include <lauxlib.h>
#include <stdlib.h>

#include "engine.h"
#include "number.h"
#include "text.h"
#include "i18n.h"

static int l_compare(lua_State *L)
{
    size_t la, lb;
    const char *a = luaL_checklstring(L, 1, &la);
    const char *b = luaL_checklstring(L, 2, &lb);
    int c = text_compare_vi(a, la, b, lb);
    lua_pushinteger(L, c < 0 ? -1 : c > 0);
    return 1;
}

static int l_sort_key(lua_State *L)
{
    size_t len, klen;
    const char *s = luaL_checklstring(L, 1, &len);
    char *k = text_sort_key_vi(s, len, &klen);
    if (!k) return luaL_error(L, _("text.sort_key: out of memory"));
    lua_pushlstring(L, k, klen);
    free(k);
    return 1;
}

static int l_nfc(lua_State *L)
{
    size_t len, outlen;
    const char *s = luaL_checklstring(L, 1, &len);
    if (utf8_invalid_at(s, len)) return luaL_error(L, _("text.nfc: not valid UTF-8"));
    char *n = text_nfc(s, len, &outlen);
    if (!n) { lua_settop(L, 1); return 1; }
    lua_pushlstring(L, n, outlen);
    free(n);
    return 1;
}

/* text.number(x [, decimals [, upto]]): decimals fixed, or nil for as many as needed up to
 * `upto` (default 6), trailing zeros dropped. Libraries print every figure of millions of rows
 * through it, so it is C (scripts/scoring.lua's M.vi). */
static int l_number(lua_State *L)
{
    double x = luaL_checknumber(L, 1);
    int dec = (int)luaL_optinteger(L, 2, -1);
    int upto = (int)luaL_optinteger(L, 3, 6);
    if (upto < 0 || upto > 17) return luaL_error(L, _("text.number: upto must be from 0 to 17, not %d"), upto);
    char buf[NUMBER_VI_MAX];
    lua_pushstring(L, number_format_vi_upto(x, dec, upto, buf, sizeof buf));
    return 1;
}

void textapi_register(lua_State *L)
{
    static const luaL_Reg fns[] = { { "compare", l_compare }, { "sort_key", l_sort_key }, { "nfc", l_nfc },
        { "number", l_number }, { NULL, NULL } };
    luaL_newlib(L, fns);
    lua_setglobal(L, "text");
}

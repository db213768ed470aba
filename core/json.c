/* json.c — see json.h. Hand-written because it is 100 lines and must sort
 * keys and read Lua values directly; a JSON library would need a copy. */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void json_add_string(strbuf *b, const char *s, size_t len)
{
    sb_addc(b, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') { sb_addc(b, '\\'); sb_addc(b, (char)c); }
        else if (c == '\n') sb_add(b, "\\n");
        else if (c == '\r') sb_add(b, "\\r");
        else if (c == '\t') sb_add(b, "\\t");
        else if (c < 0x20) { char u[8]; snprintf(u, sizeof u, "\\u%04x", c); sb_add(b, u); }
        else sb_addc(b, (char)c);
    }
    sb_addc(b, '"');
}

static void add_number(lua_State *L, strbuf *b, int idx)
{
    char num[64];
    if (lua_isinteger(L, idx)) snprintf(num, sizeof num, "%lld", (long long)lua_tointeger(L, idx));
    else {
        double x = lua_tonumber(L, idx);
        if (!isfinite(x)) { sb_add(b, "null"); return; }
        snprintf(num, sizeof num, "%.15g", x);
        if (strtod(num, NULL) != x) snprintf(num, sizeof num, "%.17g", x);
    }
    sb_add(b, num);
}

static int is_sequence(lua_State *L, int idx, lua_Integer *n)
{
    *n = (lua_Integer)lua_rawlen(L, idx);
    lua_Integer count = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) { count++; lua_pop(L, 1); }
    return count == *n;
}

static int cmp_keys(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int add_table(lua_State *L, strbuf *b, int idx, int depth, int path, size_t max);

/* path: a table of the tables being encoded (a cycle comes back to one of them); max: bytes. */
static int add_value(lua_State *L, strbuf *b, int idx, int depth, int path, size_t max)
{
    if (b->len > max) return JSON_TOO_BIG;
    switch (lua_type(L, idx)) {
    case LUA_TNIL: sb_add(b, "null"); return 0;
    case LUA_TBOOLEAN: sb_add(b, lua_toboolean(L, idx) ? "true" : "false"); return 0;
    case LUA_TNUMBER: add_number(L, b, idx); return 0;
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(L, idx, &len);
        json_add_string(b, s, len);
        return 0;
    }
    case LUA_TTABLE: break;
    default: {
        size_t len;
        const char *s = luaL_tolstring(L, idx, &len);
        char *copy = strndup(s, len);
        lua_pop(L, 1);
        json_add_string(b, copy, strlen(copy));
        free(copy);
        return 0;
    }
    }
    if (depth > 16) { sb_add(b, "\"...\""); return 0; }
    lua_pushvalue(L, idx);
    if (lua_rawget(L, path) != LUA_TNIL) { lua_pop(L, 1); return JSON_CYCLE; }
    lua_pop(L, 1);
    lua_pushvalue(L, idx);
    lua_pushboolean(L, 1);
    lua_rawset(L, path);
    int rc = add_table(L, b, idx, depth, path, max);
    lua_pushvalue(L, idx);
    lua_pushnil(L);
    lua_rawset(L, path);
    return rc;
}

static int add_table(lua_State *L, strbuf *b, int idx, int depth, int path, size_t max)
{
    int rc = 0;
    lua_Integer n;
    if (is_sequence(L, idx, &n) && n > 0) {
        sb_addc(b, '[');
        for (lua_Integer i = 1; i <= n; i++) {
            if (i > 1) sb_addc(b, ',');
            lua_rawgeti(L, idx, i);
            rc = add_value(L, b, lua_gettop(L), depth + 1, path, max);
            lua_pop(L, 1);
            if (rc) return rc;
        }
        sb_addc(b, ']');
        return 0;
    }
    /* object: collect string forms of the keys, sort, emit */
    size_t cap = 16, nk = 0;
    char **keys = malloc(cap * sizeof *keys);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        const char *k = lua_tostring(L, -1);   /* on the copy: keeps lua_next's key intact */
        if (nk == cap) keys = realloc(keys, (cap *= 2) * sizeof *keys);
        if (!keys || b->len + nk * 4 > max) {          /* every field takes 4 bytes at least: "k":v, */
            for (size_t i = 0; keys && i < nk; i++) free(keys[i]);
            free(keys);
            lua_pop(L, 2);
            return JSON_TOO_BIG;
        }
        keys[nk++] = strdup(k ? k : "?");
        lua_pop(L, 1);
    }
    qsort(keys, nk, sizeof *keys, cmp_keys);
    sb_addc(b, '{');
    for (size_t i = 0; i < nk; i++) {
        if (i) sb_addc(b, ',');
        json_add_string(b, keys[i], strlen(keys[i]));
        sb_addc(b, ':');
        lua_pushstring(L, keys[i]);
        if (lua_rawget(L, idx) == LUA_TNIL) {             /* a numeric key */
            lua_pop(L, 1);
            char *end;
            long long ik = strtoll(keys[i], &end, 10);
            if (*end == 0) lua_rawgeti(L, idx, (lua_Integer)ik); else lua_pushnil(L);
        }
        if (!rc) rc = add_value(L, b, lua_gettop(L), depth + 1, path, max);
        lua_pop(L, 1);
        free(keys[i]);
    }
    free(keys);
    sb_addc(b, '}');
    return rc;
}

int json_add_lua(lua_State *L, strbuf *b, int idx, size_t max)
{
    idx = lua_absindex(L, idx);
    luaL_checkstack(L, 40, "JSON");
    lua_newtable(L);
    int rc = add_value(L, b, idx, 0, lua_gettop(L), max);
    lua_pop(L, 1);
    if (!rc && b->len > max) rc = JSON_TOO_BIG;
    return rc;
}

void json_add_value(lua_State *L, strbuf *b, int idx, int depth)
{
    (void)depth;
    size_t before = b->len;
    if (json_add_lua(L, b, idx, before + (1u << 20)) != 0) {
        b->len = before;               /* a cycle or more than 1 MB: nothing rather than a part */
        sb_add(b, "null");
    }
}

/* json.c — see json.h. Hand-written because it is 100 lines and must sort
 * keys and read Lua values directly; a JSON library would need a copy. */
#include "json.h"
#include "number.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes that JSON needs escaped: the quote, the backslash and the control characters. */
static int needs_escape(unsigned char c) { return c == '"' || c == '\\' || c < 0x20; }

/* Whether any of the 8 bytes at s needs escaping, tested on the word at once (a step's text is
 * a hundred bytes or so, nearly never with a byte to escape): a byte below 0x20, or equal to
 * '"' or '\\' (a zero byte once the word is xored with that byte repeated). Exact, no false
 * positives. */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
static int word_needs_escape(const char *s)
{
    uint64_t w;
    memcpy(&w, s, sizeof w);
    uint64_t q = w ^ (ONES * '"'), bs = w ^ (ONES * '\\');
    uint64_t below_space = (w - ONES * 0x20) & ~w;
    uint64_t zero_q = (q - ONES) & ~q, zero_bs = (bs - ONES) & ~bs;
    return ((below_space | zero_q | zero_bs) & HIGHS) != 0;
}

void json_add_string(strbuf *b, const char *s, size_t len)
{
    sb_addc(b, '"');
    size_t run = 0;                      /* start of the bytes not yet copied: copied as one run */
    for (size_t i = 0; i < len; i++) {
        while (i + 8 <= len && !word_needs_escape(s + i)) i += 8;
        if (i >= len) break;
        unsigned char c = (unsigned char)s[i];
        if (!needs_escape(c)) continue;
        sb_addn(b, s + run, i - run);
        run = i + 1;
        if (c == '"' || c == '\\') { char e[2] = { '\\', (char)c }; sb_addn(b, e, 2); }
        else if (c == '\n') sb_addn(b, "\\n", 2);
        else if (c == '\r') sb_addn(b, "\\r", 2);
        else if (c == '\t') sb_addn(b, "\\t", 2);
        else { char u[8]; snprintf(u, sizeof u, "\\u%04x", c); sb_addn(b, u, 6); }
    }
    sb_addn(b, s + run, len - run);
    sb_addc(b, '"');
}

/* The digits of v, right-aligned before end; returns where they start. */
static char *digits_before(char *end, unsigned long long v)
{
    do { *--end = (char)('0' + v % 10); v /= 10; } while (v);
    return end;
}

/* A number that is no short decimal (a ratio such as 0.90744858254585881) takes printf twice and
 * strtod once, several thousand instructions; one result usually shows the same ratio more than
 * once (its value, the share, the next result's inputs), so the last texts are kept by the
 * number's bits. Per thread: reports may be written beside the rules. */
#define LONG_NUMBERS 64
typedef struct { uint64_t bits; unsigned char len; char text[31]; } long_number;
static _Thread_local long_number long_numbers[LONG_NUMBERS];

static void add_long_number(strbuf *b, double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    long_number *slot = &long_numbers[(bits ^ (bits >> 29) ^ (bits >> 47)) % LONG_NUMBERS];
    if (slot->len && slot->bits == bits) { sb_addn(b, slot->text, slot->len); return; }
    char num[64];
    snprintf(num, sizeof num, "%.15g", x);
    if (strtod(num, NULL) != x) snprintf(num, sizeof num, "%.17g", x);
    size_t len = strlen(num);
    sb_addn(b, num, len);
    if (len < sizeof slot->text) { slot->bits = bits; slot->len = (unsigned char)len; memcpy(slot->text, num, len); }
}

static void add_number(lua_State *L, strbuf *b, int idx)
{
    char num[64];
    if (lua_isinteger(L, idx)) {
        lua_Integer v = lua_tointeger(L, idx);
        unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
        char *end = num + sizeof num, *p = digits_before(end, u);
        if (v < 0) *--p = '-';
        sb_addn(b, p, (size_t)(end - p));
        return;
    }
    double x = lua_tonumber(L, idx);
    if (!isfinite(x)) { sb_add(b, "null"); return; }
    size_t n = number_short_g15(x, num);
    if (n) { sb_addn(b, num, n); return; }
    add_long_number(b, x);
}

static int is_sequence(lua_State *L, int idx, lua_Integer *n)
{
    *n = (lua_Integer)lua_rawlen(L, idx);
    lua_Integer count = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) { count++; lua_pop(L, 1); }
    return count == *n;
}

#define MAX_DEPTH 16

/* The tables being encoded, outermost first: a cycle comes back to one of them. Past
 * MAX_DEPTH a table is written as "..." so the path never holds more. */
typedef struct { const void *t[MAX_DEPTH + 2]; int n; } json_path;

static int add_table(lua_State *L, strbuf *b, int idx, int depth, json_path *path, size_t max);

/* max: bytes. */
static int add_value(lua_State *L, strbuf *b, int idx, int depth, json_path *path, size_t max)
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
    if (depth > MAX_DEPTH) { sb_add(b, "\"...\""); return 0; }
    const void *t = lua_topointer(L, idx);
    for (int i = 0; i < path->n; i++) if (path->t[i] == t) return JSON_CYCLE;
    path->t[path->n++] = t;
    int rc = add_table(L, b, idx, depth, path, max);
    path->n--;
    return rc;
}

/* An object's key: its text (a string key points into the table, which anchors it; any other
 * key is its string form, copied) and the stack slot holding the key itself, its value in the
 * slot above: lua_next gave both, so nothing is looked up again to write them. */
typedef struct { const char *s; size_t len; int owned; int slot; } json_key;

static int cmp_keys(const void *a, const void *b)
{
    const json_key *x = a, *y = b;
    int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* An explanation's objects have a handful of keys: sorted by insertion there (no call per
 * comparison, as qsort makes), by qsort past SMALL_OBJECT. */
#define SMALL_OBJECT 16
static void sort_keys(json_key *keys, size_t nk)
{
    if (nk > SMALL_OBJECT) { qsort(keys, nk, sizeof *keys, cmp_keys); return; }
    for (size_t i = 1; i < nk; i++) {
        json_key k = keys[i];
        size_t j = i;
        while (j > 0 && cmp_keys(&keys[j - 1], &k) > 0) { keys[j] = keys[j - 1]; j--; }
        keys[j] = k;
    }
}

static void free_keys(json_key *keys, size_t nk, json_key *local)
{
    for (size_t i = 0; i < nk; i++) if (keys[i].owned) free((char *)keys[i].s);
    if (keys != local) free(keys);
}

static int add_array(lua_State *L, strbuf *b, int idx, lua_Integer n, int depth, json_path *path, size_t max)
{
    sb_addc(b, '[');
    for (lua_Integer i = 1; i <= n; i++) {
        if (i > 1) sb_addc(b, ',');
        lua_rawgeti(L, idx, i);
        int rc = add_value(L, b, lua_gettop(L), depth + 1, path, max);
        lua_pop(L, 1);
        if (rc) return rc;
    }
    sb_addc(b, ']');
    return 0;
}

static int add_table(lua_State *L, strbuf *b, int idx, int depth, json_path *path, size_t max)
{
    int rc = 0;
    lua_Integer n;
    /* a table with no [1] is an object (or empty) without counting its fields first */
    if (lua_rawlen(L, idx) > 0 && is_sequence(L, idx, &n)) return add_array(L, b, idx, n, depth, path, max);
    /* object: collect the keys (as text), sort, emit */
    json_key local[32], *keys = local;
    size_t cap = 32, nk = 0;
    int base = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (nk == cap) {
            json_key *grown = malloc((cap *= 2) * sizeof *keys);
            if (grown) memcpy(grown, keys, nk * sizeof *keys);
            if (keys != local) free(keys);
            keys = grown;
        }
        if (!keys || b->len + nk * 4 > max || !lua_checkstack(L, 4)) {   /* every field takes 4 bytes at least: "k":v, */
            if (keys) free_keys(keys, nk, local);
            lua_settop(L, base);
            return JSON_TOO_BIG;
        }
        json_key *k = &keys[nk++];
        lua_pushvalue(L, -2);                 /* key and value stay in their slots; lua_next goes on from the copy */
        k->slot = lua_gettop(L) - 2;
        if (lua_type(L, -1) == LUA_TSTRING) {
            k->s = lua_tolstring(L, -1, &k->len);
            k->owned = 0;
        } else {
            lua_pushvalue(L, -1);
            const char *s = lua_tolstring(L, -1, &k->len);   /* on a copy: keeps the keys intact */
            k->s = s ? strndup(s, k->len) : strdup("?");
            if (!s) k->len = 1;
            k->owned = 1;
            lua_pop(L, 1);
            if (!k->s) { nk--; free_keys(keys, nk, local); lua_settop(L, base); return JSON_TOO_BIG; }
        }
    }
    sort_keys(keys, nk);
    sb_addc(b, '{');
    for (size_t i = 0; i < nk; i++) {
        if (i) sb_addc(b, ',');
        json_add_string(b, keys[i].s, keys[i].len);
        sb_addc(b, ':');
        if (!rc) rc = add_value(L, b, keys[i].slot + 1, depth + 1, path, max);
    }
    free_keys(keys, nk, local);
    lua_settop(L, base);
    sb_addc(b, '}');
    return rc;
}

int json_add_lua(lua_State *L, strbuf *b, int idx, size_t max)
{
    idx = lua_absindex(L, idx);
    luaL_checkstack(L, 3 * (MAX_DEPTH + 2) + 8, "JSON");
    json_path path = { .n = 0 };
    int rc = add_value(L, b, idx, 0, &path, max);
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

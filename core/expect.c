/* expect.c — `evalrun test`: compare what a run produced with the
 * expectations its rule file declared with expect{} (docs/rules.md). */
#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "strbuf.h"
#include "i18n.h"

/* Does the SQLite value in column i equal the Lua value at idx? Numbers compare as numbers. */
static int same_value(lua_State *L, int idx, sqlite3_stmt *st, int i)
{
    int ct = sqlite3_column_type(st, i);
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER: {
        if (ct != SQLITE_INTEGER && ct != SQLITE_FLOAT) return 0;
        double want = lua_tonumber(L, idx), got = sqlite3_column_double(st, i);
        return fabs(want - got) <= 1e-9 * fmax(1.0, fabs(want));
    }
    case LUA_TBOOLEAN:
        return ct == SQLITE_INTEGER && (sqlite3_column_int(st, i) != 0) == lua_toboolean(L, idx);
    case LUA_TNIL:
        return ct == SQLITE_NULL;
    default: {
        const char *want = lua_tostring(L, idx);
        const char *got = (const char *)sqlite3_column_text(st, i);
        return want && got && strcmp(want, got) == 0;
    }
    }
}

static void describe_column(sqlite3_stmt *st, int i, char *buf, size_t n)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL) snprintf(buf, n, "nothing");
    else snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, i));
}

/* Appends " AND col = ?" for each of the fields present in the expectation. */
static int add_filters(lua_State *L, int ex, strbuf *sql, const char **fields, int n, int *binds)
{
    int nb = 0;
    for (int i = 0; i < n; i++) {
        lua_getfield(L, ex, fields[i]);
        if (!lua_isnil(L, -1)) { sb_addf(sql, " AND %s = ?", fields[i]); binds[nb++] = i; }
        lua_pop(L, 1);
    }
    return nb;
}

static void bind_field(lua_State *L, sqlite3_stmt *st, int pos, int ex, const char *field)
{
    lua_getfield(L, ex, field);
    if (lua_isinteger(L, -1)) sqlite3_bind_int64(st, pos, lua_tointeger(L, -1));
    else if (lua_type(L, -1) == LUA_TNUMBER) sqlite3_bind_double(st, pos, lua_tonumber(L, -1));
    else if (lua_isboolean(L, -1)) sqlite3_bind_int(st, pos, lua_toboolean(L, -1));
    else sqlite3_bind_text(st, pos, lua_tostring(L, -1), -1, SQLITE_TRANSIENT);
    lua_pop(L, 1);
}

/* expect{kind=, subject=, [year=], value=} or expect{kind=, [value=], count=} */
static int check_result(engine *e, int ex, const char *at, strbuf *out)
{
    lua_State *L = e->L;
    static const char *fields[] = { "kind", "subject", "subject_kind", "year", "value" };
    int binds[5];
    strbuf sql = { 0 };
    lua_getfield(L, ex, "count");
    int counting = !lua_isnil(L, -1);
    lua_pop(L, 1);
    sb_add(&sql, counting ? "SELECT count(*) FROM results WHERE 1" : "SELECT value FROM results WHERE 1");
    int nb = add_filters(L, ex, &sql, fields, counting ? 5 : 4, binds);
    if (!counting) sb_add(&sql, " ORDER BY seq DESC LIMIT 1");
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(e->db, sql.s, -1, &st, NULL);
    sb_free(&sql);
    for (int i = 0; i < nb; i++) bind_field(L, st, i + 1, ex, fields[binds[i]]);
    int ok = 0;
    lua_getfield(L, ex, "kind");
    lua_getfield(L, ex, "subject");
    const char *kind = lua_tostring(L, -2), *subject = lua_tostring(L, -1);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sb_addf(out, "%s: expected a %s result for %s, but none was emitted\n", at, kind ? kind : "?", subject ? subject : "?");
    } else if (counting) {
        lua_getfield(L, ex, "count");
        long long want = lua_tointeger(L, -1), got = sqlite3_column_int64(st, 0);
        lua_pop(L, 1);
        ok = want == got;
        if (!ok) sb_addf(out, "%s: expected %lld %s result(s), got %lld\n", at, want, kind ? kind : "?", got);
    } else {
        lua_getfield(L, ex, "value");
        ok = same_value(L, lua_gettop(L), st, 0);
        if (!ok) {
            char got[256];
            describe_column(st, 0, got, sizeof got);
            sb_addf(out, "%s: %s of %s: expected %s, got %s\n", at, kind ? kind : "?", subject ? subject : "?",
                    luaL_tolstring(L, -1, NULL), got);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
    sqlite3_finalize(st);
    return ok;
}

/* expect{table=, row={match...}, values={...}} */
static int check_table_row(engine *e, int ex, const char *at, strbuf *out)
{
    lua_State *L = e->L;
    lua_getfield(L, ex, "table");
    const char *id = lua_tostring(L, -1);
    strbuf sql = { 0 };
    sb_addf(&sql, "SELECT * FROM \"t_%s\" ORDER BY _ord", id ? id : "");
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(e->db, sql.s, -1, &st, NULL) != SQLITE_OK) {
        sb_addf(out, "%s: no output table \"%s\" was made\n", at, id ? id : "?");
        sb_free(&sql);
        lua_pop(L, 1);
        return 0;
    }
    sb_free(&sql);
    lua_getfield(L, ex, "row");
    int row = lua_gettop(L);
    lua_getfield(L, ex, "values");
    int values = lua_gettop(L);
    int ncol = sqlite3_column_count(st), found = 0, ok = 0;
    while (!found && sqlite3_step(st) == SQLITE_ROW) {
        int match = 1;
        for (int i = 0; i < ncol && match && lua_istable(L, row); i++) {
            lua_getfield(L, row, sqlite3_column_name(st, i));
            if (!lua_isnil(L, -1) && !same_value(L, lua_gettop(L), st, i)) match = 0;
            lua_pop(L, 1);
        }
        if (!match) continue;
        found = 1;
        ok = 1;
        for (int i = 0; i < ncol && lua_istable(L, values); i++) {
            lua_getfield(L, values, sqlite3_column_name(st, i));
            if (!lua_isnil(L, -1) && !same_value(L, lua_gettop(L), st, i)) {
                char got[256];
                describe_column(st, i, got, sizeof got);
                sb_addf(out, "%s: table %s, column %s: expected %s, got %s\n", at, id, sqlite3_column_name(st, i),
                        luaL_tolstring(L, -1, NULL), got);
                lua_pop(L, 1);
                ok = 0;
            }
            lua_pop(L, 1);
        }
    }
    if (!found) sb_addf(out, "%s: table %s has no row matching the expectation\n", at, id);
    sqlite3_finalize(st);
    lua_pop(L, 3);
    return ok;
}

/* Called after a test file's run: checks each expect{}. */
static int check_expectations(engine *e, void *arg)
{
    test_totals *tot = arg;
    lua_State *L = e->L;
    decl_push_expects(L);
    int list = lua_gettop(L);
    lua_Integer n = luaL_len(L, list);
    strbuf out = { 0 };
    int failed = 0;
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, list, i);
        int ex = lua_gettop(L);
        lua_getfield(L, ex, "at");
        char at[512];
        snprintf(at, sizeof at, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
        lua_pop(L, 1);
        lua_getfield(L, ex, "table");
        int is_table = !lua_isnil(L, -1);
        lua_pop(L, 1);
        int ok = is_table ? check_table_row(e, ex, at, &out) : check_result(e, ex, at, &out);
        if (!ok) failed++;
        lua_settop(L, list);
    }
    lua_pop(L, 1);
    tot->expectations += n;
    tot->failed_expectations += failed;
    if (n == 0) sb_addf(&out, "%s: declares no expect{}: nothing was checked\n", e->rules_path);
    if (failed || n == 0) {
        printf(_("FAIL %s (%d of %lld expectations failed)\n%s"), e->rules_path, failed, (long long)n, out.s ? out.s : "");
    } else {
        printf(_("PASS %s (%lld expectations)\n"), e->rules_path, (long long)n);
    }
    sb_free(&out);
    return (failed || n == 0) ? EXIT_EXPECT : 0;
}

after_run_fn expect_checker(void) { return check_expectations; }

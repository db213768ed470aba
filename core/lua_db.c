/* lua_db.c — the `db` table rules read facts through (docs/rules.md).
 *
 * Facts are read-only: every row is a userdata whose fields read through to
 * a private table, so `row.plan = 0` stops the run instead of quietly
 * changing a copy. Iterators stream from prepared statements, so a rule can
 * walk millions of rows without holding them. SQL from rules runs only if
 * SQLite itself says the statement is read-only, under an authorizer that
 * also refuses ATTACH and PRAGMA.
 */
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "keyset.h"
#include "loader.h"
#include "sandbox.h"
#include "i18n.h"

#define ROW_MT "evalrun.row"
#define STMT_MT "evalrun.stmt"

/* {{{ statements owned by Lua, and the cache they go back to
 *
 * Every statement goes back to the cache the moment it is done (an iterator's last row, a
 * db.get's one row, a loop left early) rather than when Lua's collector gets to it: SQLite
 * walks its list of open cursors whenever a write opens one (each emit{} and report-table
 * row), so statements left open until a collection make every later write pay for all of
 * them. The cache keeps the STMT_CACHE statements used last, reset and unbound, by SQL text,
 * so db.get and db.count per row prepare nothing after the first call. Rules' own SQL
 * (db.query, add_query) is cached apart from the SQL built here: it passed the rules'
 * authorizer and read-only check when it was prepared, and only that text may reuse it. */

#define STMT_CACHE 32

typedef struct cached_stmt { sqlite3_stmt *st; unsigned hash; int rule; unsigned long long used; } cached_stmt;
typedef struct stmt_cache {
    int closed;                      /* the Lua state is closing: finalize, keep nothing */
    int n;
    unsigned long long clock;
    cached_stmt slot[STMT_CACHE];
} stmt_cache;

static const char CACHE_KEY = 0;     /* registry key of the cache userdata */

typedef struct lstmt { sqlite3_stmt *stmt; stmt_cache *cache; int rule; } lstmt;

static unsigned sql_hash(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static stmt_cache *cache_of(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &CACHE_KEY);
    stmt_cache *c = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return c;
}

static int cache_gc(lua_State *L)
{
    stmt_cache *c = lua_touserdata(L, 1);
    for (int i = 0; i < c->n; i++) sqlite3_finalize(c->slot[i].st);
    c->n = 0;
    c->closed = 1;
    return 0;
}

/* A statement for sql: an idle one from the cache (taken out of it while in use), or a new
 * one. Returns the sqlite3_prepare_v2 code; *out is NULL on failure. */
static int cache_take(sqlite3 *db, stmt_cache *c, const char *sql, int rule, sqlite3_stmt **out)
{
    unsigned h = sql_hash(sql);
    for (int i = 0; c && i < c->n; i++)
        if (c->slot[i].hash == h && c->slot[i].rule == rule && strcmp(sqlite3_sql(c->slot[i].st), sql) == 0) {
            *out = c->slot[i].st;
            c->slot[i] = c->slot[--c->n];
            return SQLITE_OK;
        }
    *out = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, out, NULL);
    if (rc != SQLITE_OK) { sqlite3_finalize(*out); *out = NULL; }
    return rc;
}

/* Gives a statement back: reset, unbound and kept for the next use of its SQL text, the
 * least recently used one finalized when the cache is full. */
static void cache_give(stmt_cache *c, sqlite3_stmt *st, int rule)
{
    if (!st) return;
    if (!c || c->closed) { sqlite3_finalize(st); return; }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (c->n == STMT_CACHE) {
        int old = 0;
        for (int i = 1; i < c->n; i++) if (c->slot[i].used < c->slot[old].used) old = i;
        sqlite3_finalize(c->slot[old].st);
        c->slot[old] = c->slot[--c->n];
    }
    c->slot[c->n++] = (cached_stmt){ st, sql_hash(sqlite3_sql(st)), rule, ++c->clock };
}

/* Ends the statement's use now: back to the cache. Safe to call twice. */
static void stmt_done(lstmt *s)
{
    sqlite3_stmt *st = s->stmt;
    s->stmt = NULL;
    cache_give(s->cache, st, s->rule);
}

static int stmt_gc(lua_State *L)
{
    stmt_done(luaL_checkudata(L, 1, STMT_MT));
    return 0;
}

/* The statement as a Lua value, so an error anywhere cannot leak it. The userdata keeps the
 * cache alive (user value 1) while it exists. */
static lstmt *push_stmt(lua_State *L, sqlite3_stmt *stmt, int rule)
{
    lstmt *s = lua_newuserdatauv(L, sizeof *s, 1);
    s->stmt = stmt;
    s->cache = NULL;
    s->rule = rule;
    luaL_setmetatable(L, STMT_MT);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &CACHE_KEY);
    s->cache = lua_touserdata(L, -1);
    lua_setiuservalue(L, -2, 1);
    return s;
}

void dbapi_done(lua_State *L, int idx)
{
    stmt_done(luaL_checkudata(L, idx, STMT_MT));
}

/* }}} */
/* {{{ read-only rows */

static int row_index(lua_State *L)
{
    lua_getiuservalue(L, 1, 1);
    lua_pushvalue(L, 2);
    lua_rawget(L, -2);
    return 1;
}

static int row_newindex(lua_State *L)
{
    lua_getiuservalue(L, 1, 2);
    const char *table = lua_tostring(L, -1);
    const char *field = luaL_tolstring(L, 2, NULL);
    return luaL_error(L, _("facts are read-only: cannot set %s.%s (a rule records results with emit{})"), table, field);
}

static int row_next(lua_State *L)
{
    lua_settop(L, 2);
    if (lua_next(L, lua_upvalueindex(1))) return 2;
    return 0;
}

static int row_pairs(lua_State *L)
{
    lua_getiuservalue(L, 1, 1);
    lua_pushcclosure(L, row_next, 1);
    lua_pushnil(L);
    lua_pushnil(L);
    return 3;
}

static int row_tostring(lua_State *L)
{
    lua_getiuservalue(L, 1, 2);
    lua_getiuservalue(L, 1, 1);
    lua_getfield(L, -1, "_line");
    lua_pushfstring(L, "row of %s (line %s)", lua_tostring(L, -3), luaL_optstring(L, -1, "?"));
    return 1;
}

static void push_value(lua_State *L, sqlite3_stmt *st, int i)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER: lua_pushinteger(L, sqlite3_column_int64(st, i)); break;
    case SQLITE_FLOAT: lua_pushnumber(L, sqlite3_column_double(st, i)); break;
    case SQLITE_NULL: lua_pushnil(L); break;
    default:
        lua_pushlstring(L, (const char *)sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
    }
}

/* Which result columns of st are bool columns of table `name` (bit i: column i),
 * so they reach rules as true/false: in Lua 0 would count as true. */
static unsigned long long bool_mask(lua_State *L, sqlite3_stmt *st, const char *name)
{
    table_spec *t = engine_table(engine_of(L), name);
    unsigned long long mask = 0;
    int n = sqlite3_column_count(st);
    for (int i = 0; t && i < n && i < 64; i++)
        for (int c = 0; c < t->ncols; c++)
            if (t->cols[c].type == COL_BOOL && strcmp(t->cols[c].name, sqlite3_column_name(st, i)) == 0)
                mask |= 1ull << i;
    return mask;
}

/* Pushes column i of st, a bool column (bit i of bools) as true/false. */
static void push_cell(lua_State *L, sqlite3_stmt *st, int i, unsigned long long bools)
{
    if (i < 64 && (bools >> i & 1) && sqlite3_column_type(st, i) == SQLITE_INTEGER)
        lua_pushboolean(L, sqlite3_column_int(st, i) != 0);
    else
        push_value(L, st, i);
}

/* Pushes the current row of st as a read-only row of table `name`. */
static void push_row(lua_State *L, sqlite3_stmt *st, const char *name, unsigned long long bools)
{
    int n = sqlite3_column_count(st);
    lua_newuserdatauv(L, 0, 2);
    lua_createtable(L, 0, n);
    for (int i = 0; i < n; i++) {
        push_cell(L, st, i, bools);
        lua_setfield(L, -2, sqlite3_column_name(st, i));
    }
    lua_setiuservalue(L, -2, 1);
    lua_pushstring(L, name);
    lua_setiuservalue(L, -2, 2);
    luaL_setmetatable(L, ROW_MT);
}

/* }}} */
/* {{{ building statements */

static int valid_ident(const char *s)
{
    if (!s || !*s) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

static const char *check_table(lua_State *L, int arg)
{
    const char *name = luaL_checkstring(L, arg);
    engine *e = engine_of(L);
    if (e->phase != PHASE_RUN) luaL_error(L, _("db.%s: facts can be read only inside a step"), "rows");
    if (!engine_table(e, name)) luaL_error(L, _("db: no table \"%s\" was loaded"), name);
    return name;
}

static void bind_lua(lua_State *L, sqlite3_stmt *st, int pos, int idx)
{
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) sqlite3_bind_int64(st, pos, lua_tointeger(L, idx));
        else sqlite3_bind_double(st, pos, lua_tonumber(L, idx));
        break;
    case LUA_TBOOLEAN: sqlite3_bind_int(st, pos, lua_toboolean(L, idx)); break;
    case LUA_TNIL: sqlite3_bind_null(st, pos); break;
    default: {
        size_t len;
        const char *s = luaL_tolstring(L, idx, &len);
        sqlite3_bind_text(st, pos, s, (int)len, SQLITE_TRANSIENT);
        lua_pop(L, 1);
    }
    }
}

/* {{{ where = { column = { a, b, ... } }: any of a list
 *
 * A list is a set of the values' texts in C (keyset), bound to the statement as a pointer and
 * tested by the SQL function ANY_OF as SQLite scans: only the rows that match reach Lua, so
 * "the names of these 300,000 people" is one pass of SQLite over the people in C, not a row
 * handed to Lua for each of millions of people, nor an index sorted over all of them first.
 * Values compare as text: texts as they are, whole numbers in decimals (an integer column's
 * text), so a list holds texts and whole numbers only. */

#define ANY_OF "evalrun_any_of"
#define ANY_OF_POINTER "evalrun.keyset"

static void free_keyset(void *k) { keyset_free(k); }

static void any_of(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const keyset *k = sqlite3_value_pointer(argv[1], ANY_OF_POINTER);
    const unsigned char *v = sqlite3_value_text(argv[0]);
    sqlite3_result_int(cx, k && v && keyset_has(k, v, (size_t)sqlite3_value_bytes(argv[0])));
}

/* The set could not grow: the rules' memory cap (the set's memory is theirs), or the machine's. */
/* "db: where: " and the limit that stopped the run. */
static void raise_where_limit(lua_State *L)
{
    char msg[160];
    sandbox_limit_message(L, msg, sizeof msg);
    luaL_error(L, "db: where: %s", msg);
}

static void list_out_of_memory(lua_State *L, keyset *k)
{
    keyset_free(k);
    if (sandbox_killed(L)) raise_where_limit(L);
    luaL_error(L, _("db: out of memory"));
}

/* Binds the list at idx (the where value of column col) to parameter pos as a set. The set's
 * memory comes from the rules' allocator, so it counts against --max-memory, and each item
 * against the instruction budget. */
static void bind_list(lua_State *L, sqlite3_stmt *st, int pos, int idx, const char *col)
{
    void *ud;
    lua_Alloc alloc = lua_getallocf(L, &ud);
    /* read raw: no metamethod runs (and so none can raise) while the set is held here */
    lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
    if (sandbox_charge(L, n)) raise_where_limit(L);
    keyset *k = keyset_new_with(alloc, ud);
    if (!k || keyset_reserve(k, (size_t)n) != 0) list_out_of_memory(L, k);
    keyset_place nowhere = { 0, 0 };
    for (lua_Integer i = 1; i <= n; i++) {
        char num[32];
        const char *s = NULL;
        size_t len = 0;
        int t = lua_rawgeti(L, idx, i);
        if (t == LUA_TSTRING) s = lua_tolstring(L, -1, &len);
        else if (t == LUA_TNUMBER && lua_isinteger(L, -1)) {
            len = (size_t)snprintf(num, sizeof num, "%lld", (long long)lua_tointeger(L, -1));
            s = num;
        }
        if (!s) {
            keyset_free(k);
            luaL_error(L, _("db: where: %s = { ... } lists texts or whole numbers; item %I is %s"), col,
                       (LUAI_UACINT)i, luaL_typename(L, -1));
        }
        if (keyset_add(k, s, len, nowhere, NULL) < 0) list_out_of_memory(L, k);
        lua_pop(L, 1);
    }
    sqlite3_bind_pointer(st, pos, k, ANY_OF_POINTER, free_keyset);   /* SQLite frees it when unbound */
}

/* }}} */

static int is_text_column(engine *e, const char *table, const char *col)
{
    table_spec *t = engine_table(e, table);
    for (int i = 0; t && i < t->ncols; i++)
        if (strcmp(t->cols[i].name, col) == 0) return t->cols[i].type == COL_TEXT;
    return 0;
}

/* The key's index is built the first time rules look rows up (a run that only
 * streams a table never pays for it). Engine work: not charged to the rules. */
static void key_index(engine *e, const char *name)
{
    table_spec *t = engine_table(e, name);
    if (!t || t->key_indexed) return;
    sqlite3_progress_handler(e->db, 0, NULL, NULL);
    sandbox_count_sqlite(e, SQLITE_COUNT_PAUSE);
    loader_key_index(e->db, t);
    dbapi_attach(e);
}

/* SELECT ... FROM table [WHERE c = ? ...] ORDER BY ..., rowid — binds the where values.
 * Ties (and order < 0: no order asked) come in table order, which is (_src, _line) order
 * because the loader stores each file's rows in turn, line by line; a plain scan is
 * already in rowid order, so SQLite need not sort at all when no order is asked. */
static sqlite3_stmt *prepare_select(lua_State *L, const char *what, const char *name, int where, int order)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, "SELECT ");
    luaL_addstring(&b, what);
    luaL_addstring(&b, " FROM \"");
    luaL_addstring(&b, name);
    luaL_addstring(&b, "\"");
    int nwhere = 0, on_key = 0;
    table_spec *t = engine_table(engine_of(L), name);
    const char *key0 = t && t->nkey ? t->cols[t->key[0]].name : NULL;
    if (where && lua_istable(L, where)) {
        lua_pushnil(L);
        while (lua_next(L, where)) {
            const char *col = lua_tostring(L, -2);
            if (lua_type(L, -2) != LUA_TSTRING || !valid_ident(col))
                luaL_error(L, _("db: where: column names must be plain names"));
            int list = lua_istable(L, -1);
            if (key0 && !list && strcmp(col, key0) == 0) on_key = 1;
            if (list) {
                /* column = { a, b, ... }: any of them, tested in C row by row as SQLite scans */
                luaL_addstring(&b, nwhere++ ? " AND " ANY_OF "(\"" : " WHERE " ANY_OF "(\"");
                luaL_addstring(&b, col);
                luaL_addstring(&b, "\", ?)");
            } else {
                luaL_addstring(&b, nwhere++ ? " AND \"" : " WHERE \"");
                luaL_addstring(&b, col);
                luaL_addstring(&b, lua_isnil(L, -1) ? "\" IS ?" : "\" = ?");
            }
            lua_pop(L, 1);
        }
    }
    if (order) {
        luaL_addstring(&b, " ORDER BY ");
        int n = 0;
        if (order > 0 && lua_type(L, order) == LUA_TSTRING) {
            lua_newtable(L);
            lua_pushvalue(L, order);
            lua_seti(L, -2, 1);
            lua_replace(L, order);
        }
        if (order > 0 && lua_istable(L, order)) {
            lua_Integer m = luaL_len(L, order);
            for (lua_Integer i = 1; i <= m; i++) {
                lua_geti(L, order, i);
                const char *col = lua_tostring(L, -1);
                int desc = col && col[0] == '-';
                if (desc) col++;
                if (!valid_ident(col)) luaL_error(L, _("db: order: column names must be plain names"));
                luaL_addstring(&b, "\"");
                luaL_addstring(&b, col);
                /* text sorts in Vietnamese order (the stored columns carry no collation) */
                luaL_addstring(&b, is_text_column(engine_of(L), name, col) ? "\" COLLATE vi" : "\"");
                luaL_addstring(&b, desc ? " DESC, " : ", ");
                lua_pop(L, 1);
                n++;
            }
        }
        luaL_addstring(&b, "rowid");
    }
    luaL_pushresult(&b);
    engine *e = engine_of(L);
    /* the key's index serves only a where that names the key's first column: a where on other
     * columns scans the table anyway, and building the index would cost a sort of all of it */
    if (on_key) key_index(e, name);
    sqlite3_stmt *st = NULL;
    if (cache_take(e->db, cache_of(L), lua_tostring(L, -1), 0, &st) != SQLITE_OK)
        luaL_error(L, _("db: %s"), sqlite3_errmsg(e->db));
    lua_pop(L, 1);
    push_stmt(L, st, 0);         /* owned by Lua from here: an error cannot leak it */
    if (nwhere) {
        int pos = 1;
        lua_pushnil(L);
        while (lua_next(L, where)) {
            if (lua_istable(L, -1)) bind_list(L, st, pos++, lua_gettop(L), lua_tostring(L, -2));
            else bind_lua(L, st, pos++, -1);
            lua_pop(L, 1);
        }
    }
    return st;
}

static int step_or_error(lua_State *L, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return rc;
    if (sandbox_killed(L) || rc == SQLITE_INTERRUPT)
    {
        char msg[160];
        sandbox_limit_message(L, msg, sizeof msg);
        return luaL_error(L, _("%s in a database query"), msg);
    }
    return luaL_error(L, _("db: %s"), sqlite3_errmsg(sqlite3_db_handle(st)));
}

/* }}} */
/* {{{ db functions */

/* Steps the iterator's statement (upvalue 1): the statement while there is a row, else NULL
 * (given back at once, not left to the collector). */
static sqlite3_stmt *iter_step(lua_State *L)
{
    lstmt *s = lua_touserdata(L, lua_upvalueindex(1));
    if (!s->stmt) return NULL;
    if (step_or_error(L, s->stmt) == SQLITE_ROW) return s->stmt;
    stmt_done(s);
    return NULL;
}

/* Returns a for loop's iterator (at the top, over the statement at stmt_idx): iterator,
 * nil, nil and the statement as the loop's closing value, so a loop left by break, return
 * or an error gives its statement back at once. */
static int push_loop(lua_State *L, int stmt_idx)
{
    lua_pushnil(L);
    lua_pushnil(L);
    lua_pushvalue(L, stmt_idx);
    return 4;
}

static int rows_iter(lua_State *L)
{
    sqlite3_stmt *st = iter_step(L);
    if (!st) return 0;
    push_row(L, st, lua_tostring(L, lua_upvalueindex(2)),
             (unsigned long long)lua_tointeger(L, lua_upvalueindex(3)));
    return 1;
}

static int l_rows(lua_State *L)
{
    const char *name = check_table(L, 1);
    lua_settop(L, 3);
    sqlite3_stmt *st = prepare_select(L, "*", name, 2, lua_isnil(L, 3) ? -1 : 3);
    int sidx = lua_gettop(L);
    lua_pushvalue(L, sidx);
    lua_pushstring(L, name);
    lua_pushinteger(L, (lua_Integer)bool_mask(L, st, name));
    lua_pushcclosure(L, rows_iter, 3);
    return push_loop(L, sidx);
}

/* "file.csv:LINE: table.column is empty ..." for a NULL first value (see each_iter). */
static int empty_first_error(lua_State *L, const char *table, const char *col, int src, lua_Integer line)
{
    engine *e = engine_of(L);
    const char *path = "?";
    for (int i = 0; i < e->nsources; i++)
        if (e->sources[i].id == src) path = e->sources[i].path;
    return luaL_error(L, _("db.each: %s:%I: %s.%s is empty; the first column must never be (a key column, or _line)"),
                      path, line, table, col);
}

/* db.each's iterator: the row's values themselves, no row object. The statement
 * also selects _src and _line (the last two columns) to name the place in errors. */
static int each_iter(lua_State *L)
{
    sqlite3_stmt *st = iter_step(L);
    if (!st) return 0;
    int n = sqlite3_column_count(st) - 2;
    /* a nil first value would end the for loop early, silently dropping the rest */
    if (sqlite3_column_type(st, 0) == SQLITE_NULL)
        return empty_first_error(L, lua_tostring(L, lua_upvalueindex(3)), sqlite3_column_name(st, 0),
                                 sqlite3_column_int(st, n), (lua_Integer)sqlite3_column_int64(st, n + 1));
    unsigned long long bools = (unsigned long long)lua_tointeger(L, lua_upvalueindex(2));
    luaL_checkstack(L, n, "db.each: too many columns");
    for (int i = 0; i < n; i++) push_cell(L, st, i, bools);
    return n;
}

/* The select list of db.each: the columns named in cols, then _src, _line for messages. */
static void push_select_list(lua_State *L, const char **cols, int ncols)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 0; i < ncols; i++) {
        luaL_addchar(&b, '"');
        luaL_addstring(&b, cols[i]);
        luaL_addstring(&b, "\", ");
    }
    luaL_addstring(&b, "_src, _line");
    luaL_pushresult(&b);
}

/* db.each(table, columns [, where [, order]]): for a, b, c in db.each(...) — the named
 * columns' values, row by row. No per-row table is built, which is what makes it the
 * fast way through millions of rows; values are strings, numbers and booleans, so the
 * facts stay read-only. Without an order the rows stream straight from SQLite. */
static int l_each(lua_State *L)
{
    const char *name = check_table(L, 1);
    lua_settop(L, 4);
    luaL_checktype(L, 2, LUA_TTABLE);
    table_spec *t = engine_table(engine_of(L), name);
    const char *cols[62];
    int ncols = (int)luaL_len(L, 2);
    if (ncols < 1 || ncols > 62) return luaL_error(L, _("db.each: give between 1 and 62 column names"));
    for (int i = 0; i < ncols; i++) {
        lua_geti(L, 2, i + 1);
        const char *col = lua_tostring(L, -1);   /* stays valid: the columns table holds it */
        int known = col && (strcmp(col, "_src") == 0 || strcmp(col, "_line") == 0);
        for (int c = 0; col && !known && c < t->ncols; c++) known = strcmp(t->cols[c].name, col) == 0;
        if (lua_type(L, -1) != LUA_TSTRING || !valid_ident(col) || !known)
            return luaL_error(L, _("db.each: table %s has no column \"%s\""), name, col ? col : luaL_typename(L, -1));
        lua_pop(L, 1);
        cols[i] = col;
    }
    push_select_list(L, cols, ncols);
    sqlite3_stmt *st = prepare_select(L, lua_tostring(L, 5), name, 3, lua_isnil(L, 4) ? -1 : 4);
    int sidx = lua_gettop(L);
    lua_pushvalue(L, sidx);
    lua_pushinteger(L, (lua_Integer)bool_mask(L, st, name));
    lua_pushstring(L, name);
    lua_pushcclosure(L, each_iter, 3);
    return push_loop(L, sidx);
}

static int l_all(lua_State *L)
{
    const char *name = check_table(L, 1);
    lua_settop(L, 3);
    sqlite3_stmt *st = prepare_select(L, "*", name, 2, lua_isnil(L, 3) ? -1 : 3);
    int sidx = lua_gettop(L);
    lua_newtable(L);
    lua_Integer n = 0;
    unsigned long long bools = bool_mask(L, st, name);
    while (step_or_error(L, st) == SQLITE_ROW) {
        push_row(L, st, name, bools);
        lua_seti(L, -2, ++n);
    }
    dbapi_done(L, sidx);
    return 1;
}

static int l_count(lua_State *L)
{
    const char *name = check_table(L, 1);
    lua_settop(L, 2);
    sqlite3_stmt *st = prepare_select(L, "count(*)", name, 2, 0);
    int sidx = lua_gettop(L);
    step_or_error(L, st);
    lua_Integer n = sqlite3_column_int64(st, 0);
    dbapi_done(L, sidx);
    lua_pushinteger(L, n);
    return 1;
}

static int l_get(lua_State *L)
{
    const char *name = check_table(L, 1);
    table_spec *t = engine_table(engine_of(L), name);
    if (t->nkey == 0) return luaL_error(L, _("db.get: table %s has no key; use db.rows with a where table"), name);
    int nargs = lua_gettop(L) - 1;
    if (nargs != t->nkey)
        return luaL_error(L, _("db.get: table %s has a key of %d column(s), %d value(s) given"), name, t->nkey, nargs);
    lua_newtable(L);
    int where = lua_gettop(L);
    for (int i = 0; i < t->nkey; i++) {
        lua_pushvalue(L, 2 + i);
        lua_setfield(L, where, t->cols[t->key[i]].name);
    }
    sqlite3_stmt *st = prepare_select(L, "*", name, where, 0);
    int sidx = lua_gettop(L);
    if (step_or_error(L, st) == SQLITE_ROW) push_row(L, st, name, bool_mask(L, st, name)); else lua_pushnil(L);
    dbapi_done(L, sidx);
    return 1;
}

/* The SQL functions rules may call: computing on values, never reaching the clock, chance,
 * the machine or SQLite's internals (fts3_tokenizer gives away an address, load_extension
 * runs code). Sorted for bsearch. */
static const char *const ALLOWED_FUNCTIONS[] = {
    "abs", "acos", "asin", "atan", "atan2", "avg", "ceil", "ceiling", "char", "coalesce", "concat",
    "concat_ws", "cos", "count", "cume_dist", "degrees", "dense_rank", "exp", "first_value", "floor",
    "format", "glob", "group_concat", "hex", "ifnull", "iif", "instr", "lag", "last_value", "lead",
    "length", "like", "likelihood", "likely", "ln", "log", "log10", "log2", "lower", "ltrim", "max",
    "min", "mod", "nth_value", "ntile", "nullif", "percent_rank", "pi", "pow", "power", "printf",
    "quote", "radians", "rank", "replace", "round", "row_number", "rtrim", "sign", "sin", "sqrt",
    "string_agg", "substr", "substring", "sum", "tan", "total", "trim", "trunc", "typeof", "unicode",
    "unlikely", "upper",
};

static int cmp_name(const void *a, const void *b)
{
    return sqlite3_stricmp((const char *)a, *(const char *const *)b);
}

/* Rules may read, never write: refuse anything but reading, even if the statement would pass as
 * read-only, and any function not in the list above. */
static int rule_authorizer(void *ud, int action, const char *a, const char *b, const char *c, const char *d)
{
    (void)ud; (void)a; (void)c; (void)d;
    switch (action) {
    case SQLITE_SELECT: case SQLITE_READ: case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_FUNCTION:
        return b && bsearch(b, ALLOWED_FUNCTIONS, sizeof ALLOWED_FUNCTIONS / sizeof *ALLOWED_FUNCTIONS,
                            sizeof *ALLOWED_FUNCTIONS, cmp_name) ? SQLITE_OK : SQLITE_DENY;
    default:
        return SQLITE_DENY;
    }
}

sqlite3_stmt *dbapi_prepare_query(lua_State *L, const char *what, int sql_arg)
{
    engine *e = engine_of(L);
    if (e->phase != PHASE_RUN) { luaL_error(L, _("%s: facts can be read only inside a step"), what); return NULL; }
    const char *sql = luaL_checkstring(L, sql_arg);
    for (int i = 0; i < e->ntables; i++) key_index(e, e->tables[i].name);   /* rules' SQL may join on keys */
    sqlite3_stmt *st = NULL;
    sqlite3_set_authorizer(e->db, rule_authorizer, NULL);
    int rc = cache_take(e->db, cache_of(L), sql, 1, &st);
    sqlite3_set_authorizer(e->db, NULL, NULL);
    if (rc != SQLITE_OK) {
        const char *fn = strstr(sqlite3_errmsg(e->db), "use function: ");
        if (fn) {
            char msg[300];
            snprintf(msg, sizeof msg, "%s: the SQL function %s is not available in rules (docs/rules.md lists those that are)",
                     what, fn + 14);
            sqlite3_finalize(st);
            luaL_error(L, "%s", msg);
            return NULL;
        }
        const char *msg = rc == SQLITE_AUTH ? "only reading statements (SELECT) are allowed in rules"
                                            : sqlite3_errmsg(e->db);
        luaL_error(L, "%s: %s", what, msg);
        return NULL;
    }
    push_stmt(L, st, 1);
    if (!st || !sqlite3_stmt_readonly(st)) {
        luaL_error(L, _("%s: only reading statements (SELECT) are allowed in rules"), what);
        return NULL;
    }
    int nparams = sqlite3_bind_parameter_count(st);
    for (int i = 1; i <= nparams; i++) bind_lua(L, st, i, sql_arg + i);
    return st;
}

int dbapi_step(lua_State *L, sqlite3_stmt *st)
{
    return step_or_error(L, st);
}

/* db.query_values's iterator: the row's columns themselves, as db.each gives them. */
static int query_values_iter(lua_State *L)
{
    sqlite3_stmt *st = iter_step(L);
    if (!st) return 0;
    int n = sqlite3_column_count(st);
    /* a nil first value would end the for loop early, silently dropping the rest */
    if (sqlite3_column_type(st, 0) == SQLITE_NULL)
        return luaL_error(L, _("db.query_values: the first column (%s) is empty in a row; select a column that "
                          "never is first (a key)"), sqlite3_column_name(st, 0));
    luaL_checkstack(L, n, "db.query_values: too many columns");
    for (int i = 0; i < n; i++) push_value(L, st, i);
    return n;
}

/* db.query_values(sql, ...): for a, b in db.query_values("SELECT a, b FROM ..."): like
 * db.query, but each row's columns come as values, with no row object: the fast way to
 * read a few columns of many rows chosen by SQL. */
static int l_query_values(lua_State *L)
{
    dbapi_prepare_query(L, "db.query_values", 1);
    int sidx = lua_gettop(L);
    lua_pushvalue(L, sidx);
    lua_pushcclosure(L, query_values_iter, 1);
    return push_loop(L, sidx);
}

static int l_query(lua_State *L)
{
    dbapi_prepare_query(L, "db.query", 1);
    int sidx = lua_gettop(L);
    lua_pushvalue(L, sidx);
    lua_pushstring(L, "query");
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, rows_iter, 3);
    return push_loop(L, sidx);
}

static int l_place(lua_State *L)
{
    engine *e = engine_of(L);
    luaL_checkstring(L, 1);
    lua_getfield(L, 2, "_src");
    int src = (int)lua_tointeger(L, -1);
    lua_getfield(L, 2, "_line");
    lua_Integer line = lua_tointeger(L, -1);
    for (int i = 0; i < e->nsources; i++)
        if (e->sources[i].id == src) {
            lua_pushfstring(L, "%s:%I", e->sources[i].path, line);
            return 1;
        }
    lua_pushnil(L);
    return 1;
}

static int l_tables(lua_State *L)
{
    engine *e = engine_of(L);
    lua_createtable(L, e->ntables, 0);
    for (int i = 0; i < e->ntables; i++) {
        lua_pushstring(L, e->tables[i].name);
        lua_seti(L, -2, i + 1);
    }
    return 1;
}

/* SQL run by rules counts against the same instruction budget as Lua code. A step of SQLite's
 * machine takes about three times as long as a Lua instruction: each is charged as three, so a
 * runaway query stops as soon as a runaway loop would. */
#define SQL_STEPS 10000
#define SQL_STEP_COST 3
static int progress(void *ud)
{
    lua_State *L = ud;
    return sandbox_charge(L, SQL_STEPS * SQL_STEP_COST);
}

void dbapi_register(lua_State *L)
{
    luaL_newmetatable(L, ROW_MT);
    lua_pushcfunction(L, row_index); lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, row_newindex); lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, row_pairs); lua_setfield(L, -2, "__pairs");
    lua_pushcfunction(L, row_tostring); lua_setfield(L, -2, "__tostring");
    lua_pushstring(L, "read-only fact"); lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    luaL_newmetatable(L, STMT_MT);
    lua_pushcfunction(L, stmt_gc); lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, stmt_gc); lua_setfield(L, -2, "__close");
    lua_pop(L, 1);
    /* made before any statement, so lua_close finalizes it after every statement */
    stmt_cache *c = lua_newuserdatauv(L, sizeof *c, 0);
    memset(c, 0, sizeof *c);
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, cache_gc); lua_setfield(L, -2, "__gc");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &CACHE_KEY);
    static const luaL_Reg fns[] = { { "rows", l_rows }, { "each", l_each }, { "all", l_all }, { "count", l_count },
        { "get", l_get }, { "query", l_query }, { "query_values", l_query_values }, { "place", l_place }, { "tables", l_tables }, { NULL, NULL } };
    luaL_newlib(L, fns);
    lua_setglobal(L, "db");
}

/* The SQL functions of the statements db.* builds (rules' own SQL cannot call them: its
 * authorizer allows only ALLOWED_FUNCTIONS). Once, when the database is opened. */
int dbapi_functions(sqlite3 *db)
{
    return sqlite3_create_function(db, ANY_OF, 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL, any_of,
                                   NULL, NULL);
}

void dbapi_attach(engine *e)
{
    /* nothing rules need: SQLite's internals, extensions, functions named in the schema */
    sqlite3_db_config(e->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(e->db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, NULL);
    sqlite3_db_config(e->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    sqlite3_db_config(e->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    sqlite3_progress_handler(e->db, SQL_STEPS, progress, e->L);
    sandbox_count_sqlite(e, SQLITE_COUNT_START);
    sandbox_begin_steps(e);
}
/* }}} */

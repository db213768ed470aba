/* lua_results.c — how rules record what they decide: emit{} for every
 * score, grade, title and rank (with its inputs, intermediate values and
 * reasoning), and report.table{} for the tables that go into the report
 * (docs/rules.md). Both write straight into the results database, so
 * neither the trace nor a table of millions of rows is held in memory.
 */
#include <lauxlib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "json.h"
#include "sandbox.h"
#include "strbuf.h"
#include "i18n.h"

#define TABLE_MT "evalrun.report_table"

/* A result's step, rule line and library line repeat for every member of a step (a hundred
 * bytes on each of millions of rows), so they are stored once in result_places; reviewers and
 * evalrun read the view `results`, which has every column of a result. */
static const char *SCHEMA =
    "CREATE TABLE result_places(id INTEGER PRIMARY KEY, step TEXT, rule TEXT, lib TEXT);"
    "CREATE TABLE result_rows(seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, subject_kind TEXT,"
    " subject TEXT, year INTEGER, value, place INTEGER NOT NULL REFERENCES result_places(id),"
    " inputs TEXT, vals TEXT, steps TEXT);"
    "CREATE VIEW results AS SELECT r.seq AS seq, p.step AS step, r.kind AS kind,"
    " r.subject_kind AS subject_kind, r.subject AS subject, r.year AS year, r.value AS value,"
    " p.rule AS rule, p.lib AS lib, r.inputs AS inputs, r.vals AS vals, r.steps AS steps"
    " FROM result_rows r JOIN result_places p ON p.id = r.place;"
    "CREATE TABLE report_tables(id TEXT PRIMARY KEY, ord INTEGER, title TEXT, grp TEXT, notes TEXT,"
    " chart_label TEXT, chart_value TEXT, formats TEXT, rule TEXT);"
    "CREATE TABLE report_columns(table_id TEXT, ord INTEGER, key TEXT, title TEXT, type TEXT, decimals INTEGER);";

int results_prepare(engine *e)
{
    char *err = NULL;
    if (sqlite3_exec(e->db, SCHEMA, NULL, NULL, &err) != SQLITE_OK) {
        errlist_add(&e->errs, _("results database: %s"), err);
        sqlite3_free(err);
        return -1;
    }
    if (sqlite3_prepare_v2(e->db, "INSERT INTO result_rows(kind, subject_kind, subject, year, value, place,"
                           " inputs, vals, steps) VALUES(?,?,?,?,?,?,?,?,?)", -1, &e->emit_stmt, NULL) != SQLITE_OK
        || sqlite3_prepare_v2(e->db, "INSERT INTO result_places(id, step, rule, lib) VALUES(?,?,?,?)", -1,
                              &e->place_stmt, NULL) != SQLITE_OK) {
        errlist_add(&e->errs, _("results database: %s"), sqlite3_errmsg(e->db));
        return -1;
    }
    return 0;
}

void results_finish(engine *e)
{
    /* the steps are over: writing the outputs is evalrun's work, not charged to the rules */
    if (e->db) sqlite3_progress_handler(e->db, 0, NULL, NULL);
    sandbox_count_sqlite(e, SQLITE_COUNT_STOP);
    sqlite3_finalize(e->emit_stmt);
    sqlite3_finalize(e->place_stmt);
    e->emit_stmt = e->place_stmt = NULL;
    for (int i = 0; i < 3; i++) sb_free(&e->emit_json[i]);
    for (size_t i = 0; i < e->places.cap; i++) free(e->places.slot[i].text);
    free(e->places.slot);
    memset(&e->places, 0, sizeof e->places);
}

/* {{{ places: step, rule line and library line, each distinct one stored once */

static size_t place_hash(const char *s, size_t n)
{
    size_t h = 1469598103934665603u;                  /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static int place_grow(place_set *ps)
{
    size_t cap = ps->cap ? ps->cap * 2 : 256;
    place_slot *slot = calloc(cap, sizeof *slot);
    if (!slot) return -1;
    for (size_t i = 0; i < ps->cap; i++) {
        if (!ps->slot[i].text) continue;
        size_t h = ps->slot[i].hash & (cap - 1);
        while (slot[h].text) h = (h + 1) & (cap - 1);
        slot[h] = ps->slot[i];
    }
    free(ps->slot);
    ps->slot = slot;
    ps->cap = cap;
    return 0;
}

static sqlite3_int64 place_find(engine *e, const char *key, size_t len, const char *step, const char *rule,
                                const char *lib);

/* The id of (step, rule, lib) in result_places, stored there the first time it is seen;
 * -1 when the database could not take it (the caller raises the error). */
static sqlite3_int64 place_id(engine *e, const char *step, const char *rule, const char *lib)
{
    /* the key: the three texts with a 0x01 between them (no text of a path or title has one) */
    char local[1024], *key = local;
    size_t ls = step ? strlen(step) : 0, lr = strlen(rule), ll = lib ? strlen(lib) : 0;
    size_t len = ls + 1 + lr + 1 + ll;
    if (len > sizeof local && !(key = malloc(len))) return -1;
    memcpy(key, step ? step : "", ls);
    key[ls] = 1;
    memcpy(key + ls + 1, rule, lr);
    key[ls + 1 + lr] = 1;
    memcpy(key + ls + 2 + lr, lib ? lib : "", ll);
    sqlite3_int64 id = place_find(e, key, len, step, rule, lib);
    if (key != local) free(key);
    return id;
}

static sqlite3_int64 place_find(engine *e, const char *key, size_t len, const char *step, const char *rule,
                                const char *lib)
{
    place_set *ps = &e->places;
    if (ps->count * 2 >= ps->cap && place_grow(ps) != 0) return -1;
    size_t h = place_hash(key, len), i = h & (ps->cap - 1);
    for (; ps->slot[i].text; i = (i + 1) & (ps->cap - 1))
        if (ps->slot[i].hash == h && ps->slot[i].len == len && memcmp(ps->slot[i].text, key, len) == 0)
            return ps->slot[i].id;
    sqlite3_stmt *st = e->place_stmt;
    sqlite3_int64 id = (sqlite3_int64)ps->count + 1;
    sqlite3_bind_int64(st, 1, id);
    if (step) sqlite3_bind_text(st, 2, step, -1, SQLITE_STATIC); else sqlite3_bind_null(st, 2);
    sqlite3_bind_text(st, 3, rule, -1, SQLITE_STATIC);
    if (lib) sqlite3_bind_text(st, 4, lib, -1, SQLITE_STATIC); else sqlite3_bind_null(st, 4);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { engine_db_write_failed(e, rc); return -1; }
    char *text = malloc(len);
    if (!text) return -1;
    memcpy(text, key, len);
    ps->slot[i] = (place_slot){ text, len, h, id };
    ps->count++;
    return id;
}

/* }}} */

/* {{{ emit */

/* Binds field k of the table at t as text. The value stays on the stack (the caller clears it
 * after stepping), so the statement can read the string in place instead of copying it. */
static void bind_text_field(lua_State *L, sqlite3_stmt *st, int pos, int t, const char *k)
{
    lua_getfield(L, t, k);
    size_t len;
    const char *s = NULL;
    if (lua_type(L, -1) == LUA_TSTRING) s = lua_tolstring(L, -1, &len);
    else if (!lua_isnil(L, -1)) s = luaL_tolstring(L, -1, &len);   /* its text stays on the stack too */
    if (s) sqlite3_bind_text(st, pos, s, (int)len, SQLITE_STATIC);
    else sqlite3_bind_null(st, pos);
}

#define JSON_MAX (1u << 20)
/* What one run may publish: the report tables, their columns (rows: sandbox_output_row). */
#define OUTPUT_TABLES_MAX 1000
#define OUTPUT_COLUMNS_MAX 200     /* bytes of one explanation field or table's notes as JSON */

/* Encodes the value on top as JSON into b, or raises "what: field ..." for a cycle or a value too
 * big. The work is charged to the instruction budget (a byte as an instruction). */
static void json_of_top(lua_State *L, strbuf *b, const char *what, const char *k)
{
    int rc = json_add_lua(L, b, lua_gettop(L), JSON_MAX);
    sandbox_charge(L, (long long)b->len);
    if (rc == 0) return;
    sb_free(b);
    if (rc == JSON_CYCLE)
        luaL_error(L, _("%s: %s contains itself (a table that refers back to a table holding it)"), what, k);
    luaL_error(L, _("%s: %s is too big (more than %d MB as JSON)"), what, k, (int)(JSON_MAX >> 20));
}

/* b is one of the engine's buffers, reused from call to call: the statement reads it when it is
 * stepped, before the next emit{} writes it again. */
static void bind_json_field(lua_State *L, sqlite3_stmt *st, int pos, int t, const char *k, strbuf *b)
{
    lua_getfield(L, t, k);
    if (lua_isnil(L, -1)) sqlite3_bind_null(st, pos);
    else {
        b->len = 0;
        json_of_top(L, b, "emit", k);
        sqlite3_bind_text(st, pos, b->s, (int)b->len, SQLITE_STATIC);
    }
    lua_pop(L, 1);
}

/* Binds a Lua scalar: numbers stay numbers so reviewers can compute with them. */
static int bind_scalar(lua_State *L, sqlite3_stmt *st, int pos, int idx)
{
    switch (lua_type(L, idx)) {
    case LUA_TNIL: return sqlite3_bind_null(st, pos);
    case LUA_TBOOLEAN: return sqlite3_bind_int(st, pos, lua_toboolean(L, idx));
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) return sqlite3_bind_int64(st, pos, lua_tointeger(L, idx));
        return sqlite3_bind_double(st, pos, lua_tonumber(L, idx));
    default: {
        size_t len;
        const char *s = luaL_tolstring(L, idx, &len);
        int rc = sqlite3_bind_text(st, pos, s, (int)len, SQLITE_TRANSIENT);
        lua_pop(L, 1);
        return rc;
    }
    }
}

static int l_emit(lua_State *L)
{
    engine *e = engine_of(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    if (e->phase != PHASE_RUN) return luaL_error(L, _("emit{} records results and can only be used inside a step"));
    sqlite3_stmt *st = e->emit_stmt;
    lua_getfield(L, 1, "kind");
    if (lua_type(L, -1) != LUA_TSTRING) return luaL_error(L, _("emit{} needs kind = \"...\" (score, grade, title, rank ...)"));
    lua_pop(L, 1);
    char rule[512], lib[512];
    sandbox_where(L, rule, sizeof rule, lib, sizeof lib);
    engine_place_in_rules(e, rule, sizeof rule);
    int top = lua_gettop(L);
    bind_text_field(L, st, 1, 1, "kind");
    bind_text_field(L, st, 2, 1, "subject_kind");
    bind_text_field(L, st, 3, 1, "subject");
    lua_getfield(L, 1, "year");
    if (lua_isinteger(L, -1)) sqlite3_bind_int64(st, 4, lua_tointeger(L, -1));
    else if (e->year) sqlite3_bind_int64(st, 4, e->year);
    else sqlite3_bind_null(st, 4);
    lua_pop(L, 1);
    lua_getfield(L, 1, "value");
    bind_scalar(L, st, 5, lua_gettop(L));
    lua_pop(L, 1);
    sqlite3_int64 place = place_id(e, e->current_step, rule, lib[0] ? lib : NULL);
    if (place < 0) {
        sqlite3_reset(st);
        return luaL_error(L, _("emit: results database: %s"), sqlite3_errmsg(e->db));
    }
    sqlite3_bind_int64(st, 6, place);
    bind_json_field(L, st, 7, 1, "inputs", &e->emit_json[0]);
    bind_json_field(L, st, 8, 1, "values", &e->emit_json[1]);
    bind_json_field(L, st, 9, 1, "steps", &e->emit_json[2]);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    lua_settop(L, top);             /* the texts bound in place */
    if (rc != SQLITE_DONE) {
        engine_db_write_failed(e, rc);
        return luaL_error(L, _("emit: results database: %s"), sqlite3_errmsg(e->db));
    }
    e->nresults++;
    return 0;
}

/* }}} */
/* {{{ report tables */

typedef enum { TCOL_TEXT, TCOL_INTEGER, TCOL_NUMBER } tcoltype;   /* percent is a number */

typedef struct report_table {
    sqlite3_stmt *insert;
    int ncols;
    char **keys;
    char **types;
    tcoltype *kinds;   /* types[i] decided once, not compared as text on every row */
    char *id;
} report_table;

static void free_table(report_table *t)
{
    if (t->insert) sqlite3_finalize(t->insert);
    t->insert = NULL;
    for (int i = 0; i < t->ncols; i++) { free(t->keys[i]); free(t->types[i]); }
    free(t->keys); free(t->types); free(t->kinds); free(t->id);
    t->keys = t->types = NULL;
    t->kinds = NULL;
    t->id = NULL;
    t->ncols = 0;
}

static int table_gc(lua_State *L)
{
    free_table(luaL_checkudata(L, 1, TABLE_MT));
    return 0;
}

static int valid_id(const char *s)
{
    if (!s || !*s) return 0;
    for (; *s; s++) if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return 0;
    return 1;
}

/* Binds the value at idx as column i of t (statement parameter i + 1). */
static void bind_cell(lua_State *L, report_table *t, int i, int idx)
{
    sqlite3_stmt *st = t->insert;
    int pos = i + 1;
    int ty = lua_type(L, idx);
    if (ty == LUA_TNIL) { sqlite3_bind_null(st, pos); return; }
    if (t->kinds[i] == TCOL_TEXT) {
        if (ty == LUA_TBOOLEAN) sqlite3_bind_text(st, pos, lua_toboolean(L, idx) ? "có" : "không", -1, SQLITE_STATIC);
        else if (ty == LUA_TSTRING) {
            /* the string stays alive on the stack until the row is inserted: no copy needed */
            size_t len;
            const char *s = lua_tolstring(L, idx, &len);
            sqlite3_bind_text(st, pos, s, (int)len, SQLITE_STATIC);
        } else {
            size_t len;
            const char *s = luaL_tolstring(L, idx, &len);
            sqlite3_bind_text(st, pos, s, (int)len, SQLITE_TRANSIENT);
            lua_pop(L, 1);
        }
        return;
    }
    int isnum;
    lua_Number x = lua_tonumberx(L, idx, &isnum);
    if (!isnum || ty == LUA_TSTRING)
        luaL_error(L, _("report table %s, column %s (%s): \"%s\" is not a number"), t->id, t->keys[i],
                   t->types[i], luaL_tolstring(L, idx, NULL));
    if (lua_isinteger(L, idx)) { sqlite3_bind_int64(st, pos, lua_tointeger(L, idx)); return; }
    lua_Integer n;
    if (t->kinds[i] == TCOL_INTEGER && lua_numbertointeger(x, &n) && (lua_Number)n == x)
        sqlite3_bind_int64(st, pos, n);
    else
        sqlite3_bind_double(st, pos, x);
}

static int insert_row(lua_State *L, report_table *t)
{
    long long cap = sandbox_output_row(L);
    if (cap) return luaL_error(L, _("report table %s: output limit reached: at most %I rows in all the report "
                               "tables of a run (1,000,000 and 10 per row loaded)"), t->id, (lua_Integer)cap);
    int rc = sqlite3_step(t->insert);
    /* The SQLITE_STATIC texts bound may die now; harmless, as every add binds every column again before stepping. */
    sqlite3_reset(t->insert);
    if (rc != SQLITE_DONE) {
        engine_db_write_failed(engine_of(L), rc);
        return luaL_error(L, _("report table %s: %s"), t->id, sqlite3_errmsg(engine_of(L)->db));
    }
    return 0;
}

static void check_open(lua_State *L, report_table *t)
{
    if (!t->insert) luaL_error(L, _("report table %s can no longer be changed"), t->id ? t->id : "?");
}

/* Adds one row: each column's value read by key from the table (or read-only row) at idx. */
static int table_add_row(lua_State *L, report_table *t, int idx)
{
    check_open(L, t);
    int top = lua_gettop(L);
    luaL_checkstack(L, t->ncols, "report table: too many columns");
    for (int i = 0; i < t->ncols; i++) {
        lua_getfield(L, idx, t->keys[i]);
        bind_cell(L, t, i, lua_gettop(L));
    }
    insert_row(L, t);
    lua_settop(L, top);
    return 0;
}

/* t:add(row) with a table (or read-only row) of key = value, or
 * t:add(v1, v2, ...) with the values in column order (no table to build per row). */
static int l_table_add(lua_State *L)
{
    report_table *t = luaL_checkudata(L, 1, TABLE_MT);
    luaL_checkany(L, 2);
    int nargs = lua_gettop(L) - 1;
    int ty = lua_type(L, 2);
    if (nargs == 1 && (ty == LUA_TTABLE || ty == LUA_TUSERDATA)) {
        table_add_row(L, t, 2);
    } else {
        check_open(L, t);
        if (nargs > t->ncols)
            return luaL_error(L, _("report table %s has %d column(s), %d value(s) given"), t->id, t->ncols, nargs);
        for (int i = 0; i < t->ncols; i++) {
            if (i < nargs) bind_cell(L, t, i, i + 2);
            else sqlite3_bind_null(t->insert, i + 1);
        }
        insert_row(L, t);
    }
    lua_settop(L, 1);
    return 1;
}

static int exec_bind(engine *e, const char *sql, const char *fmt, ...);

static char *json_of_field(lua_State *L, int t, const char *k)
{
    lua_getfield(L, t, k);
    char *out = NULL;
    if (!lua_isnil(L, -1)) {
        strbuf b = { 0 };
        json_of_top(L, &b, "report.table", k);
        out = b.s;
    }
    lua_pop(L, 1);
    return out;
}

static const char *opt_field(lua_State *L, int t, const char *k)
{
    lua_getfield(L, t, k);
    const char *s = lua_tostring(L, -1);   /* stays valid: the spec table holds the string */
    lua_pop(L, 1);
    return s;
}

static int l_report_table(lua_State *L)
{
    engine *e = engine_of(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    if (e->phase != PHASE_RUN) return luaL_error(L, _("report.table{} can only be used inside a step"));
    const char *id = opt_field(L, 1, "id");
    if (!valid_id(id)) return luaL_error(L, _("report.table{} needs id = \"...\" of lower-case letters, digits and _"));
    if (lua_getfield(L, 1, "columns") != LUA_TTABLE) return luaL_error(L, _("report.table %s needs columns = {...}"), id);
    int cols = lua_gettop(L);
    int ncols = (int)luaL_len(L, cols);
    if (e->ntables_out >= OUTPUT_TABLES_MAX)
        return luaL_error(L, _("report.table %s: output limit reached: at most %d report tables in a run"), id,
                          OUTPUT_TABLES_MAX);
    if (ncols > OUTPUT_COLUMNS_MAX)
        return luaL_error(L, _("report.table %s: output limit reached: at most %d columns in a table"), id,
                          OUTPUT_COLUMNS_MAX);
    report_table *t = lua_newuserdatauv(L, sizeof *t, 0);
    memset(t, 0, sizeof *t);
    luaL_setmetatable(L, TABLE_MT);
    int ud = lua_gettop(L);
    t->id = strdup(id);
    t->keys = calloc((size_t)ncols + 1, sizeof *t->keys);
    t->types = calloc((size_t)ncols + 1, sizeof *t->types);
    t->kinds = calloc((size_t)ncols + 1, sizeof *t->kinds);
    char rule[512], lib[512];
    sandbox_where(L, rule, sizeof rule, lib, sizeof lib);
    engine_place_in_rules(engine_of(L), rule, sizeof rule);
    char *notes = json_of_field(L, 1, "notes");
    char *formats = json_of_field(L, 1, "formats");
    const char *chart_label = NULL, *chart_value = NULL;
    if (lua_getfield(L, 1, "chart") == LUA_TTABLE) {
        chart_label = opt_field(L, lua_gettop(L), "label");
        chart_value = opt_field(L, lua_gettop(L), "value");
    }
    int rc = exec_bind(e, "INSERT INTO report_tables(id, ord, title, grp, notes, chart_label, chart_value, formats, rule)"
                          " VALUES(?,?,?,?,?,?,?,?,?)", "sissssss s", id, ++e->ntables_out,
                       opt_field(L, 1, "title"), opt_field(L, 1, "group"), notes, chart_label, chart_value, formats, rule);
    free(notes);
    free(formats);
    if (rc == SQLITE_CONSTRAINT) return luaL_error(L, _("report.table: a table with id \"%s\" was already made"), id);
    if (rc != SQLITE_DONE) {
        engine_db_write_failed(e, rc);
        return luaL_error(L, _("report.table %s: %s"), id, sqlite3_errmsg(e->db));
    }
    strbuf create = { 0 }, insert = { 0 };
    sb_addf(&create, "CREATE TABLE \"t_%s\"(_ord INTEGER PRIMARY KEY", id);
    /* _ord NULL: SQLite numbers the rows 1, 2, ... itself, appending without a lookup */
    sb_addf(&insert, "INSERT INTO \"t_%s\" VALUES(NULL", id);
    for (int i = 1; i <= ncols; i++) {
        lua_geti(L, cols, i);
        int c = lua_gettop(L);
        const char *key = opt_field(L, c, "key");
        const char *type = opt_field(L, c, "type");
        if (!type) type = "text";
        if (!valid_id(key) || (strcmp(type, "text") && strcmp(type, "integer") && strcmp(type, "number") && strcmp(type, "percent"))) {
            sb_free(&create); sb_free(&insert);
            return luaL_error(L, _("report.table %s, column %d: needs key = \"name\" and type = text, integer, number or percent"), id, i);
        }
        for (int j = 0; j < t->ncols; j++)
            if (strcmp(t->keys[j], key) == 0) {
                sb_free(&create); sb_free(&insert);
                return luaL_error(L, _("report.table %s: column %s appears twice"), id, key);
            }
        t->keys[t->ncols] = strdup(key);
        t->types[t->ncols] = strdup(type);
        t->kinds[t->ncols] = !strcmp(type, "text") ? TCOL_TEXT : !strcmp(type, "integer") ? TCOL_INTEGER : TCOL_NUMBER;
        t->ncols++;
        lua_getfield(L, c, "decimals");
        int has_dec = lua_isinteger(L, -1);
        long long dec = lua_tointeger(L, -1);
        lua_pop(L, 1);
        const char *title = opt_field(L, c, "title");
        exec_bind(e, "INSERT INTO report_columns VALUES(?,?,?,?,?,?)", "sisss?", id, i, key, title ? title : key, type,
                  has_dec ? &dec : NULL);
        sb_addf(&create, ", \"%s\"", key);
        sb_add(&insert, ",?");
        lua_pop(L, 1);
    }
    sb_add(&create, ")");
    sb_add(&insert, ")");
    char *err = NULL;
    rc = sqlite3_exec(e->db, create.s, NULL, NULL, &err);
    sb_free(&create);
    if (rc != SQLITE_OK) {
        sb_free(&insert);
        lua_pushfstring(L, "report.table %s: %s", id, err);
        sqlite3_free(err);
        return lua_error(L);
    }
    rc = sqlite3_prepare_v2(e->db, insert.s, -1, &t->insert, NULL);
    sb_free(&insert);
    if (rc != SQLITE_OK) {
        engine_db_write_failed(e, rc);
        return luaL_error(L, _("report.table %s: %s"), id, sqlite3_errmsg(e->db));
    }
    if (lua_getfield(L, 1, "rows") == LUA_TTABLE) {
        int rows = lua_gettop(L);
        lua_Integer n = luaL_len(L, rows);
        for (lua_Integer i = 1; i <= n; i++) {
            lua_geti(L, rows, i);
            table_add_row(L, t, lua_gettop(L));
            lua_pop(L, 1);
        }
    }
    lua_pushvalue(L, ud);
    return 1;
}

/* Runs one statement with arguments given by a format: s = string or NULL, i = int, ? = long long* or NULL,
 * ' ' = skip. Returns the sqlite3_step code. */
static int exec_bind(engine *e, const char *sql, const char *fmt, ...)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(e->db, sql, -1, &st, NULL) != SQLITE_OK) return SQLITE_ERROR;
    va_list ap;
    va_start(ap, fmt);
    int pos = 1;
    for (const char *f = fmt; *f; f++) {
        if (*f == ' ') continue;
        if (*f == 's') { const char *s = va_arg(ap, const char *);
            if (s) sqlite3_bind_text(st, pos, s, -1, SQLITE_TRANSIENT); else sqlite3_bind_null(st, pos); }
        else if (*f == 'i') sqlite3_bind_int(st, pos, va_arg(ap, int));
        else if (*f == '?') { long long *p = va_arg(ap, long long *);
            if (p) sqlite3_bind_int64(st, pos, *p); else sqlite3_bind_null(st, pos); }
        pos++;
    }
    va_end(ap);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) rc = sqlite3_extended_errcode(e->db) == SQLITE_CONSTRAINT_PRIMARYKEY ? SQLITE_CONSTRAINT : rc;
    sqlite3_finalize(st);
    return rc;
}

/* }}} */

/* t:add_query(sql, ...): one row per row of a read-only query, its columns in the table's
 * order. The rows never pass through Lua: for a table that is mostly a projection of the
 * facts (every member with the level its score gives), millions of rows cost no Lua work. */
static int l_table_add_query(lua_State *L)
{
    report_table *t = luaL_checkudata(L, 1, TABLE_MT);
    check_open(L, t);
    char what[160];
    snprintf(what, sizeof what, "report table %s: add_query", t->id);
    sqlite3_stmt *q = dbapi_prepare_query(L, what, 2);
    int qidx = lua_gettop(L);
    if (sqlite3_column_count(q) != t->ncols)
        return luaL_error(L, _("%s: the query gives %d column(s), the table has %d"), what, sqlite3_column_count(q),
                          t->ncols);
    lua_Integer rows = 0;
    while (dbapi_step(L, q) == SQLITE_ROW) {
        for (int i = 0; i < t->ncols; i++) {
            int ty = sqlite3_column_type(q, i);
            if (ty == SQLITE_NULL) {
                sqlite3_bind_null(t->insert, i + 1);
            } else if (t->kinds[i] == TCOL_TEXT) {
                sqlite3_bind_text(t->insert, i + 1, (const char *)sqlite3_column_text(q, i), sqlite3_column_bytes(q, i),
                                  SQLITE_TRANSIENT);
            } else if (ty == SQLITE_FLOAT && t->kinds[i] == TCOL_INTEGER
                       && sqlite3_column_double(q, i) == (double)sqlite3_column_int64(q, i)) {
                sqlite3_bind_int64(t->insert, i + 1, sqlite3_column_int64(q, i));   /* 3.0 in an integer column: 3 */
            } else if (ty == SQLITE_INTEGER || ty == SQLITE_FLOAT) {
                sqlite3_bind_value(t->insert, i + 1, sqlite3_column_value(q, i));
            } else {
                return luaL_error(L, _("%s: column %s (%s): \"%s\" is not a number"), what, t->keys[i], t->types[i],
                                  (const char *)sqlite3_column_text(q, i));
            }
        }
        insert_row(L, t);
        rows++;
    }
    dbapi_done(L, qidx);
    lua_pushinteger(L, rows);
    return 1;
}

void results_register(lua_State *L)
{
    luaL_newmetatable(L, TABLE_MT);
    lua_newtable(L);
    lua_pushcfunction(L, l_table_add);
    lua_setfield(L, -2, "add");
    lua_pushcfunction(L, l_table_add_query);
    lua_setfield(L, -2, "add_query");
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, table_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushliteral(L, "report table");          /* its methods are shared: not for rules to change */
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    lua_pushcfunction(L, l_emit);
    lua_setglobal(L, "emit");
    lua_newtable(L);
    lua_pushcfunction(L, l_report_table);
    lua_setfield(L, -2, "table");
    lua_setglobal(L, "report");
}

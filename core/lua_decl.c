/* lua_decl.c — what a rule file declares: ruleset{}, source{}, define_table{},
 * step(), replace_step(), expect{} (docs/rules.md), and turning those
 * declarations into the table and source specs the loader reads.
 *
 * Declarations are kept in registry tables while the rule file runs; only
 * after the whole file (and everything it extends) has run are they read,
 * so a province file can change what its base declared.
 */
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "engine.h"
#include "paths.h"
#include "report.h"
#include "sandbox.h"
#include "strbuf.h"
#include "text.h"
#include "i18n.h"

static const char *K_RULESET = "evalrun.ruleset";
static const char *K_SOURCES = "evalrun.sources";
static const char *K_TABLES = "evalrun.tables";       /* name -> definition */
static const char *K_TABLE_ORDER = "evalrun.table_order";
static const char *K_STEPS = "evalrun.steps";
static const char *K_EXPECTS = "evalrun.expects";

/* {{{ helpers */

static void push_registry_table(lua_State *L, const char *key)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, key) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, key);
    }
}

/* The ruleset table, which rules see as ctx.ruleset: its metatable is locked, so no rule can
 * give it metamethods that would run when evalrun reads it after the steps. */
static void push_ruleset(lua_State *L)
{
    push_registry_table(L, K_RULESET);
    if (!lua_getmetatable(L, -1)) {
        lua_newtable(L);
        lua_pushliteral(L, "the ruleset");
        lua_setfield(L, -2, "__metatable");
        lua_setmetatable(L, -2);
    } else lua_pop(L, 1);
}

static void append(lua_State *L, int list)   /* appends the value on top to list, pops it */
{
    lua_seti(L, list, (lua_Integer)luaL_len(L, list) + 1);
}

/* Records where the call comes from as field "at" of the table on top. */
static void note_place(lua_State *L)
{
    char rule[512], lib[512];
    sandbox_where(L, rule, sizeof rule, lib, sizeof lib);
    lua_pushstring(L, rule[0] ? rule : lib);
    lua_setfield(L, -2, "at");
}

static void only_while_declaring(lua_State *L, const char *fn)
{
    if (engine_of(L)->phase != PHASE_DECLARE)
        luaL_error(L, _("%s{} can only be used at the top level of a rule file, not inside a step"), fn);
}

static int valid_name(const char *s)
{
    if (!s || !*s || !((*s >= 'a' && *s <= 'z') || *s == '_')) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return 0;
    return 1;
}

/* }}} */
/* {{{ Lua functions */

static int l_ruleset(lua_State *L)
{
    only_while_declaring(L, "ruleset");
    luaL_checktype(L, 1, LUA_TTABLE);
    push_ruleset(L);
    lua_pushnil(L);
    while (lua_next(L, 1)) {             /* later calls override earlier fields */
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_settable(L, -4);
    }
    note_place(L);
    return 0;
}

/* Appends a copy of the source table at index t (so the rule cannot change it later) to the
 * list on top, without the field `skip`, and with the fields of table `over` (0: none) on top. */
static void source_add(lua_State *L, int t, const char *skip, int over)
{
    lua_newtable(L);
    for (int from = t; from; from = from == t ? over : 0) {
        lua_pushnil(L);
        while (lua_next(L, from)) {
            if (lua_type(L, -2) == LUA_TSTRING && skip && strcmp(lua_tostring(L, -2), skip) == 0) {
                lua_pop(L, 1);
                continue;
            }
            lua_pushvalue(L, -2); lua_insert(L, -2); lua_settable(L, -4);
        }
    }
    note_place(L);
    append(L, -2);
}

/* source{ table = ..., file = ..., columns = ... }, or one file filling several tables:
 * source{ file = ..., tables = { { table = "people", columns = ... }, { table = "gradings", ... } } } */
static int l_source(lua_State *L)
{
    only_while_declaring(L, "source");
    luaL_checktype(L, 1, LUA_TTABLE);
    push_registry_table(L, K_SOURCES);
    int list = lua_gettop(L);
    if (lua_getfield(L, 1, "tables") == LUA_TTABLE) {
        int tables = lua_gettop(L);
        lua_Integer n = luaL_len(L, tables);
        if (n == 0) return luaL_error(L, _("source: tables = { {table = ..., columns = ...}, ... } lists no table"));
        for (lua_Integer i = 1; i <= n; i++) {
            if (lua_geti(L, tables, i) != LUA_TTABLE)
                return luaL_error(L, _("source: tables[%d] must be a table { table = ..., columns = ... }"), (int)i);
            int over = lua_gettop(L);
            lua_pushvalue(L, list);
            source_add(L, 1, "tables", over);
            lua_settop(L, over - 1);
        }
        return 0;
    }
    lua_pop(L, 1);
    source_add(L, 1, NULL, 0);
    return 0;
}

/* define_table{name=, columns={{name, type, required=, ref=}...}, key={...}}.
 * Defining a table again adds its new columns (a province extending a library table). */
static int l_define_table(lua_State *L)
{
    only_while_declaring(L, "define_table");
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, 1, "name");
    const char *name = lua_tostring(L, -1);
    if (!valid_name(name)) return luaL_error(L, _("define_table: name must be lower-case letters, digits and _"));
    push_registry_table(L, K_TABLES);
    if (lua_getfield(L, -1, name) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushstring(L, name); lua_setfield(L, -2, "name");
        lua_newtable(L); lua_setfield(L, -2, "columns");
        note_place(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, name);
        push_registry_table(L, K_TABLE_ORDER);
        lua_pushstring(L, name);
        append(L, -2);
        lua_pop(L, 1);
    }
    int def = lua_gettop(L);
    lua_getfield(L, def, "columns");
    int cols = lua_gettop(L);
    if (lua_getfield(L, 1, "columns") == LUA_TTABLE) {
        int newcols = lua_gettop(L);
        lua_Integer n = luaL_len(L, newcols);
        for (lua_Integer i = 1; i <= n; i++) {
            lua_geti(L, newcols, i);
            if (!lua_istable(L, -1)) return luaL_error(L, _("define_table %s: column %d must be a table {name, type}"), name, (int)i);
            /* replace a column of the same name, else append */
            lua_geti(L, -1, 1);
            const char *cname = lua_tostring(L, -1);
            if (!valid_name(cname)) return luaL_error(L, _("define_table %s: column %d needs a lower-case name"), name, (int)i);
            lua_Integer m = luaL_len(L, cols), at = m + 1;
            for (lua_Integer j = 1; j <= m; j++) {
                lua_geti(L, cols, j);
                lua_geti(L, -1, 1);
                if (strcmp(lua_tostring(L, -1), cname) == 0) at = j;
                lua_pop(L, 2);
            }
            lua_pop(L, 1);
            lua_seti(L, cols, at);
        }
    }
    lua_settop(L, cols);
    if (lua_getfield(L, 1, "key") == LUA_TTABLE) lua_setfield(L, def, "key"); else lua_pop(L, 1);
    if (lua_getfield(L, 1, "indexes") == LUA_TTABLE) lua_setfield(L, def, "indexes"); else lua_pop(L, 1);
    return 0;
}

static int l_step(lua_State *L)
{
    only_while_declaring(L, "step");
    luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    push_registry_table(L, K_STEPS);
    lua_newtable(L);
    lua_pushvalue(L, 1); lua_setfield(L, -2, "title");
    lua_pushvalue(L, 2); lua_setfield(L, -2, "fn");
    note_place(L);
    append(L, -2);
    return 0;
}

static int l_replace_step(lua_State *L)
{
    only_while_declaring(L, "replace_step");
    const char *title = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    push_registry_table(L, K_STEPS);
    lua_Integer n = luaL_len(L, -1);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, -1, i);
        lua_getfield(L, -1, "title");
        int same = strcmp(lua_tostring(L, -1), title) == 0;
        lua_pop(L, 1);
        if (same) {
            lua_pushvalue(L, 2); lua_setfield(L, -2, "fn");
            note_place(L);
            return 0;
        }
        lua_pop(L, 1);
    }
    return luaL_error(L, _("replace_step: no step titled \"%s\" was declared before"), title);
}

static int l_expect(lua_State *L)
{
    only_while_declaring(L, "expect");
    luaL_checktype(L, 1, LUA_TTABLE);
    push_registry_table(L, K_EXPECTS);
    sandbox_plain_copy(L, 1);            /* checked after the steps: no metamethod of the rule's may run then */
    note_place(L);
    append(L, -2);
    return 0;
}

void decl_register(lua_State *L)
{
    static const luaL_Reg fns[] = { { "ruleset", l_ruleset }, { "source", l_source },
        { "define_table", l_define_table }, { "step", l_step }, { "replace_step", l_replace_step },
        { "expect", l_expect }, { NULL, NULL } };
    for (const luaL_Reg *f = fns; f->name; f++) {
        lua_pushcfunction(L, f->func);
        lua_setglobal(L, f->name);
    }
}

/* }}} */
/* {{{ declarations → specs */

static char *field_string(lua_State *L, int t, const char *k)
{
    lua_getfield(L, t, k);
    char *s = lua_type(L, -1) == LUA_TSTRING ? strdup(lua_tostring(L, -1)) : NULL;
    lua_pop(L, 1);
    return s;
}

static int parse_type(const char *s, coltype *t)
{
    static const char *names[] = { "text", "integer", "number", "bool", "date" };
    for (int i = 0; i < 5; i++) if (s && strcmp(s, names[i]) == 0) { *t = (coltype)i; return 0; }
    return -1;
}

/* One define_table entry (on top of the stack) into t. */
static int build_table(engine *e, table_spec *t)
{
    lua_State *L = e->L;
    int def = lua_gettop(L);
    char *at = field_string(L, def, "at");
    t->name = field_string(L, def, "name");
    lua_getfield(L, def, "columns");
    int n = (int)luaL_len(L, -1);
    t->cols = calloc((size_t)n + 1, sizeof *t->cols);
    int bad = 0;
    for (int i = 1; i <= n; i++) {
        lua_geti(L, -1, i);
        column_spec *c = &t->cols[t->ncols++];
        lua_geti(L, -1, 1); c->name = strdup(lua_tostring(L, -1)); lua_pop(L, 1);
        lua_geti(L, -1, 2);
        if (parse_type(lua_tostring(L, -1), &c->type) != 0) {
            errlist_add(&e->errs, _("%s: table %s, column %s: type must be text, integer, number, bool or date"),
                        at ? at : "rules", t->name, c->name);
            bad = 1;
        }
        lua_pop(L, 1);
        lua_getfield(L, -1, "required"); c->required = lua_toboolean(L, -1); lua_pop(L, 1);
        char *ref = field_string(L, lua_gettop(L), "ref");
        if (ref) {
            char *dot = strchr(ref, '.');
            if (dot) { *dot = 0; c->ref_table = strdup(ref); c->ref_column = strdup(dot + 1); }
            else { c->ref_table = strdup(ref); c->ref_column = strdup("id"); }
            free(ref);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (lua_getfield(L, def, "key") == LUA_TTABLE) {
        int nk = (int)luaL_len(L, -1);
        t->key = calloc((size_t)nk + 1, sizeof *t->key);
        for (int i = 1; i <= nk; i++) {
            lua_geti(L, -1, i);
            const char *k = lua_tostring(L, -1);
            int found = -1;
            for (int j = 0; j < t->ncols; j++) if (k && strcmp(t->cols[j].name, k) == 0) found = j;
            if (found < 0) {
                errlist_add(&e->errs, _("%s: table %s: key column %s is not one of its columns"),
                            at ? at : "rules", t->name, k ? k : "?");
                bad = 1;
            } else t->key[t->nkey++] = found;
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    /* indexes = { {"year", "unit_id"}, "subject_id" }: each a column or a list of columns */
    if (lua_getfield(L, def, "indexes") == LUA_TTABLE) {
        int ni = (int)luaL_len(L, -1);
        t->indexes = calloc((size_t)ni + 1, sizeof *t->indexes);
        for (int i = 1; i <= ni; i++) {
            lua_geti(L, -1, i);
            if (lua_type(L, -1) == LUA_TSTRING) { lua_newtable(L); lua_insert(L, -2); lua_seti(L, -2, 1); }
            strbuf cols = { 0 };
            int nc = (int)luaL_len(L, -1);
            for (int j = 1; j <= nc; j++) {
                lua_geti(L, -1, j);
                const char *c = lua_tostring(L, -1);
                int found = 0;
                for (int k = 0; k < t->ncols; k++) if (c && strcmp(t->cols[k].name, c) == 0) found = 1;
                if (!found) {
                    errlist_add(&e->errs, _("%s: table %s: index column %s is not one of its columns"), at ? at : "rules",
                                t->name, c ? c : "?");
                    bad = 1;
                } else sb_addf(&cols, "%s\"%s\"", j > 1 ? "," : "", c);
                lua_pop(L, 1);
            }
            lua_pop(L, 1);
            if (cols.s) t->indexes[t->nindexes++] = cols.s;
        }
    }
    lua_pop(L, 1);
    free(at);
    return bad ? -1 : 0;
}

table_spec *engine_table(engine *e, const char *name)
{
    for (int i = 0; i < e->ntables; i++) if (strcmp(e->tables[i].name, name) == 0) return &e->tables[i];
    return NULL;
}

static int parse_delimiter(const char *d, char *out)
{
    if (!d || strcmp(d, ",") == 0) { *out = ','; return 0; }
    if (strcmp(d, ";") == 0) { *out = ';'; return 0; }
    if (strcmp(d, "\t") == 0 || strcmp(d, "tab") == 0) { *out = '\t'; return 0; }
    if (strcmp(d, "auto") == 0) { *out = 0; return 0; }
    return -1;
}

/* {{{ how a source fills a column: value maps, constants, computed columns */

/* Date formats named by a rule file: one name or a list. 0 and a message when one is unknown. */
static unsigned parse_dates(lua_State *L, int idx, const char *at, errlist *errs)
{
    unsigned bits = 0;
    int n = lua_type(L, idx) == LUA_TTABLE ? (int)luaL_len(L, idx) : 1;
    for (int i = 1; i <= n; i++) {
        if (lua_type(L, idx) == LUA_TTABLE) lua_geti(L, idx, i); else lua_pushvalue(L, idx);
        const char *name = lua_tostring(L, -1);
        unsigned b = date_format_named(name);
        if (!b) {
            errlist_add(errs, _("%s: date format \"%s\": use \"dd/mm/yyyy\", \"d/m/yyyy\", \"yyyy-mm-dd\", "
                        "\"dd-mm-yyyy\" or \"dd.mm.yyyy\""), at, name ? name : "?");
            lua_pop(L, 1);
            return 0;
        }
        bits |= b;
        lua_pop(L, 1);
    }
    return bits;
}

static char *nfc_copy(const char *s, size_t len, size_t *outlen)
{
    size_t n;
    char *nfc = utf8_invalid_at(s, len) ? NULL : text_nfc(s, len, &n);
    if (nfc) { *outlen = n; return nfc; }
    char *c = malloc(len + 1);
    memcpy(c, s, len);
    c[len] = 0;
    *outlen = len;
    return c;
}

/* The Lua value at idx as a value of column c (a constant or a value-map word's value).
 * Returns 0, or -1 with a message in why. */
static int fixed_from_lua(lua_State *L, int idx, const column_spec *c, fixed_value *v, char *why, size_t whysz)
{
    memset(v, 0, sizeof *v);
    int t = lua_type(L, idx);
    if (t == LUA_TSTRING && lua_rawlen(L, idx) == 0) return 0;       /* "": empty */
    switch (c->type) {
    case COL_TEXT:
        if (t == LUA_TSTRING || t == LUA_TNUMBER) {
            size_t len;
            const char *s = lua_tolstring(L, idx, &len);
            v->text = nfc_copy(s, len, &v->len);
            v->kind = FIXED_TEXT;
            return 0;
        }
        break;
    case COL_DATE:
        if (t == LUA_TSTRING) {
            size_t len;
            const char *s = lua_tolstring(L, idx, &len);
            char iso[11];
            if (!date_parse(s, len, DATE_DMY | DATE_ISO, iso)) {
                snprintf(why, whysz, "\"%s\" is not a date (write 20/06/2009 or 2009-06-20)", s);
                return -1;
            }
            v->text = strdup(iso);
            v->len = 10;
            v->kind = FIXED_TEXT;
            return 0;
        }
        break;
    case COL_INTEGER:
        if (t == LUA_TNUMBER && lua_isinteger(L, idx)) { v->kind = FIXED_INT; v->i = (long long)lua_tointeger(L, idx); return 0; }
        if (t == LUA_TNUMBER) {
            lua_Number x = lua_tonumber(L, idx);
            lua_Integer n;
            if (lua_numbertointeger(x, &n) && (lua_Number)n == x) { v->kind = FIXED_INT; v->i = (long long)n; return 0; }
        }
        break;
    case COL_NUMBER:
        if (t == LUA_TNUMBER) { v->kind = FIXED_REAL; v->d = (double)lua_tonumber(L, idx); return 0; }
        break;
    case COL_BOOL:
        if (t == LUA_TBOOLEAN) { v->kind = FIXED_INT; v->i = lua_toboolean(L, idx); return 0; }
        break;
    }
    snprintf(why, whysz, "a %s cannot go into column %s, which holds %s", lua_typename(L, t), c->name,
             coltype_name(c->type));
    return -1;
}

static void fixed_free(fixed_value *v) { free(v->text); }

static int map_entry_order(const void *a, const void *b)
{
    const map_entry *x = a, *y = b;
    size_t n = x->folded_len < y->folded_len ? x->folded_len : y->folded_len;
    int c = n ? memcmp(x->folded, y->folded, n) : 0;
    return c ? c : (x->folded_len > y->folded_len) - (x->folded_len < y->folded_len);
}

/* map = { ["tăng"] = "higher", ... } (table on top) into sc. Returns 0 or -1 (messages added). */
static int build_map(engine *e, const char *at, const column_spec *c, source_column *sc)
{
    lua_State *L = e->L;
    int map = lua_gettop(L);
    int n = 0, bad = 0;
    lua_pushnil(L);
    while (lua_next(L, map)) { n++; lua_pop(L, 1); }
    if (n == 0) {
        errlist_add(&e->errs, _("%s: column %s: the value map is empty"), at, c->name);
        return -1;
    }
    sc->map = calloc((size_t)n, sizeof *sc->map);
    lua_pushnil(L);
    while (lua_next(L, map)) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            errlist_add(&e->errs, _("%s: column %s: the value map's words must be text, as in [\"tăng\"] = \"higher\""),
                        at, c->name);
            bad = 1;
            lua_pop(L, 1);
            continue;
        }
        map_entry *m = &sc->map[sc->nmap];
        size_t len;
        const char *w = lua_tolstring(L, -2, &len);
        const char *tw = w;
        size_t tlen = len;
        while (tlen && (*tw == ' ')) { tw++; tlen--; }
        while (tlen && tw[tlen - 1] == ' ') tlen--;
        char why[300];
        if (utf8_invalid_at(tw, tlen) || fixed_from_lua(L, -1, c, &m->value, why, sizeof why) != 0) {
            errlist_add(&e->errs, _("%s: column %s, word \"%s\": %s"), at, c->name, w,
                        utf8_invalid_at(tw, tlen) ? "not valid UTF-8" : why);
            bad = 1;
            lua_pop(L, 1);
            continue;
        }
        m->word = strndup(tw, tlen);
        m->folded = tlen ? text_fold(tw, tlen, &m->folded_len) : strdup("");
        sc->nmap++;
        lua_pop(L, 1);
    }
    qsort(sc->map, (size_t)sc->nmap, sizeof *sc->map, map_entry_order);
    strbuf words = { 0 };
    for (int i = 0; i < sc->nmap; i++) {
        if (i > 0 && map_entry_order(&sc->map[i - 1], &sc->map[i]) == 0) {
            errlist_add(&e->errs, _("%s: column %s: the words \"%s\" and \"%s\" differ only in case"), at, c->name,
                        sc->map[i - 1].word, sc->map[i].word);
            bad = 1;
        }
        if (sc->map[i].word[0]) sb_addf(&words, "%s%s", words.s ? ", " : "", sc->map[i].word);
    }
    sc->map_words = words.s;
    return bad ? -1 : 0;
}

static const char *const COLUMN_FIELDS[] = { "header", "map", "value", "year", "line", "compute", "dates", NULL };

/* One entry of columns = { ... } whose value (on top) is a table: { "Header", map = ... },
 * { value = ... }, { year = true }, { line = true }, { "Header", compute = function(cell, row) ... end }.
 * Fills sc and, when it names a header, *header. Returns 0 or -1 (messages added). */
static int build_column(engine *e, source_spec *s, const char *at, int col, source_column *sc, char **header)
{
    lua_State *L = e->L;
    int spec = lua_gettop(L);
    const column_spec *c = &s->table->cols[col];
    int bad = 0;
    lua_pushnil(L);
    while (lua_next(L, spec)) {
        int known = lua_type(L, -2) == LUA_TNUMBER && lua_tointeger(L, -2) == 1;
        for (int i = 0; !known && COLUMN_FIELDS[i]; i++)
            known = lua_type(L, -2) == LUA_TSTRING && strcmp(lua_tostring(L, -2), COLUMN_FIELDS[i]) == 0;
        if (!known) {
            lua_pushvalue(L, -2);
            errlist_add(&e->errs, _("%s: column %s: unknown field \"%s\" (a column takes a header and map, value, "
                        "year, line, compute or dates)"), at, c->name, lua_tostring(L, -1));
            lua_pop(L, 1);
            bad = 1;
        }
        lua_pop(L, 1);
    }
    if (lua_geti(L, spec, 1) != LUA_TSTRING) { lua_pop(L, 1); lua_getfield(L, spec, "header"); }
    if (lua_type(L, -1) == LUA_TSTRING) *header = strdup(lua_tostring(L, -1));
    lua_pop(L, 1);
    int how = 0;
    if (lua_getfield(L, spec, "value") != LUA_TNIL) {
        char why[300];
        sc->from = FROM_VALUE;
        how++;
        if (fixed_from_lua(L, -1, c, &sc->value, why, sizeof why) != 0) {
            errlist_add(&e->errs, _("%s: column %s: value: %s"), at, c->name, why);
            bad = 1;
        }
    }
    lua_pop(L, 1);
    if (lua_getfield(L, spec, "year") != LUA_TNIL) {
        sc->from = FROM_VALUE;
        how++;
        if (c->type != COL_INTEGER && c->type != COL_TEXT) {
            errlist_add(&e->errs, _("%s: column %s: year = true needs an integer or text column"), at, c->name);
            bad = 1;
        } else if (c->type == COL_INTEGER) {
            sc->value.kind = FIXED_INT;
            sc->value.i = e->year;
        } else {
            char buf[32];
            snprintf(buf, sizeof buf, "%ld", e->year);
            sc->value.kind = FIXED_TEXT;
            sc->value.text = strdup(buf);
            sc->value.len = strlen(buf);
        }
    }
    lua_pop(L, 1);
    if (lua_getfield(L, spec, "line") != LUA_TNIL) {
        sc->from = FROM_LINE;
        how++;
        if (c->type != COL_INTEGER && c->type != COL_TEXT && c->type != COL_NUMBER) {
            errlist_add(&e->errs, _("%s: column %s: line = true needs an integer or text column"), at, c->name);
            bad = 1;
        }
    }
    lua_pop(L, 1);
    if (lua_getfield(L, spec, "compute") != LUA_TNIL) {
        how++;
        if (lua_type(L, -1) != LUA_TFUNCTION) {
            errlist_add(&e->errs, _("%s: column %s: compute must be a function(cell, row)"), at, c->name);
            bad = 1;
        } else {
            sc->from = FROM_COMPUTE;
            lua_pushvalue(L, -1);
            sc->compute_ref = luaL_ref(L, LUA_REGISTRYINDEX);
            s->computes = 1;
        }
    }
    lua_pop(L, 1);
    if (how > 1) {
        errlist_add(&e->errs, _("%s: column %s: give one of value, year, line and compute"), at, c->name);
        bad = 1;
    }
    if (sc->from != FROM_FILE && sc->from != FROM_COMPUTE && *header) {
        errlist_add(&e->errs, _("%s: column %s: a constant or line number takes no header (\"%s\")"), at, c->name, *header);
        bad = 1;
    }
    if (lua_getfield(L, spec, "dates") != LUA_TNIL) {
        if (c->type != COL_DATE) {
            errlist_add(&e->errs, _("%s: column %s: dates = ... is for a date column; %s holds %s"), at, c->name,
                        c->name, coltype_name(c->type));
            bad = 1;
        } else if (!(sc->dates = parse_dates(L, lua_gettop(L), at, &e->errs))) {
            bad = 1;
        }
    }
    lua_pop(L, 1);
    if (lua_getfield(L, spec, "map") != LUA_TNIL) {
        if (lua_type(L, -1) != LUA_TTABLE || sc->from != FROM_FILE) {
            errlist_add(&e->errs, _("%s: column %s: map must be a table of words, and goes with a header"), at, c->name);
            bad = 1;
        } else if (build_map(e, at, c, sc) != 0) {
            bad = 1;
        }
    }
    lua_pop(L, 1);
    return bad ? -1 : 0;
}

/* A computed column's function, called by the loader for each row (see compute_fn). */
static int compute_cell(void *arg, int ref, long line, int nfields, char *const *header, const char *const *cell,
                        int field, computed_value *out)
{
    engine *e = arg;
    lua_State *L = e->L;
    int top = lua_gettop(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
    if (field > 0) lua_pushstring(L, cell[field - 1]); else lua_pushnil(L);
    lua_createtable(L, 0, nfields);
    for (int i = 0; i < nfields; i++) {
        lua_pushstring(L, cell[i]);
        lua_setfield(L, -2, header[i]);
    }
    lua_pushinteger(L, line);
    int rc = lua_pcall(L, 3, 1, 0);
    if (rc != LUA_OK || sandbox_killed(L)) {
        const char *msg = lua_tostring(L, -1);
        snprintf(out->err, sizeof out->err, "%s", msg ? msg : "the function failed");
        lua_settop(L, top);
        return sandbox_killed(L) ? -2 : -1;
    }
    switch (lua_type(L, -1)) {
    case LUA_TSTRING: {
        size_t len;
        const char *t = lua_tolstring(L, -1, &len);
        free(e->compute_text);
        e->compute_text = malloc(len + 1);
        if (e->compute_text) memcpy(e->compute_text, t, len + 1);
        out->kind = COMPUTED_TEXT;
        out->text = e->compute_text ? e->compute_text : "";
        out->len = e->compute_text ? len : 0;
        break;
    }
    case LUA_TNUMBER:
        if (lua_isinteger(L, -1)) { out->kind = COMPUTED_INT; out->i = (long long)lua_tointeger(L, -1); }
        else { out->kind = COMPUTED_REAL; out->d = (double)lua_tonumber(L, -1); }
        break;
    case LUA_TBOOLEAN:
        out->kind = COMPUTED_BOOL;
        out->i = lua_toboolean(L, -1);
        break;
    case LUA_TNIL:
        out->kind = COMPUTED_NIL;
        break;
    default:
        snprintf(out->err, sizeof out->err, "the function gave a %s; it must give text, a number, true/false or nil",
                 luaL_typename(L, -1));
        lua_settop(L, top);
        return -1;
    }
    lua_settop(L, top);
    return 0;
}

/* }}} */

/* One source{} entry (on top of the stack) into s. */
static int build_source(engine *e, source_spec *s, int id)
{
    lua_State *L = e->L;
    int src = lua_gettop(L);
    int bad = 0;
    s->id = id;
    s->declared_at = field_string(L, src, "at");
    const char *at = s->declared_at ? s->declared_at : e->rules_path;
    char *tname = field_string(L, src, "table");
    s->table = tname ? engine_table(e, tname) : NULL;
    if (!s->table) {
        errlist_add(&e->errs, _("%s: source: unknown table \"%s\" (define it with define_table, or see docs/data-formats.md)"),
                    at, tname ? tname : "(missing)");
        free(tname);
        return -1;
    }
    free(tname);
    char *file = field_string(L, src, "file");
    lua_getfield(L, src, "csv");
    if (lua_type(L, -1) == LUA_TSTRING) {
        size_t len;
        const char *text = lua_tolstring(L, -1, &len);
        s->text = malloc(len + 1);
        memcpy(s->text, text, len + 1);
        s->textlen = len;
        char buf[1024];
        snprintf(buf, sizeof buf, "%s (inline csv)", at);
        s->path = strdup(buf);
    } else if (file) {
        s->path = path_join(e->data_dir, file);
        /* a rule file reads only from the data folder: no "..", link or absolute path out of it */
        char why[128];
        char *root = path_resolve(e->data_dir);
        const char *roots[1] = { root };
        if (sandbox_check_file(s->path, roots, root ? 1 : 0, why, sizeof why) != 0) {
            if (strcmp(why, "outside") == 0)
                errlist_add(&e->errs, _("%s: source file \"%s\" refused: outside the data folder %s"), at, file, e->data_dir);
            else
                errlist_add(&e->errs, _("%s: source file \"%s\" refused: %s"), at, file, why);
            bad = 1;
        }
        free(root);
    } else {
        errlist_add(&e->errs, _("%s: source for table %s needs file = \"...\" or csv = [[...]]"), at, s->table->name);
        bad = 1;
    }
    lua_pop(L, 1);
    free(file);
    char *delim = field_string(L, src, "delimiter");
    if (parse_delimiter(delim, &s->delimiter) != 0) {
        errlist_add(&e->errs, _("%s: source delimiter \"%s\": use \",\", \";\", \"\\t\" or \"auto\""), at, delim);
        bad = 1;
    }
    free(delim);
    char *nums = field_string(L, src, "numbers");
    if (!nums || strcmp(nums, "plain") == 0) s->numbers = NUM_PLAIN;
    else if (strcmp(nums, "vi") == 0) s->numbers = NUM_VI;
    else { errlist_add(&e->errs, _("%s: source numbers \"%s\": use \"plain\" or \"vi\""), at, nums); bad = 1; }
    free(nums);
    if (lua_getfield(L, src, "dates") != LUA_TNIL && !(s->dates = parse_dates(L, lua_gettop(L), at, &e->errs)))
        bad = 1;
    lua_pop(L, 1);
    s->headers = calloc((size_t)s->table->ncols + 1, sizeof *s->headers);
    if (lua_getfield(L, src, "columns") == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            const char *col = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
            int found = -1;
            for (int j = 0; j < s->table->ncols; j++)
                if (col && strcmp(s->table->cols[j].name, col) == 0) found = j;
            int vt = lua_type(L, -1);
            if (found < 0 || (vt != LUA_TSTRING && vt != LUA_TTABLE)) {
                errlist_add(&e->errs, _("%s: source for %s: table %s has no column \"%s\""), at,
                            s->path ? s->path : "?", s->table->name, col ? col : "?");
                bad = 1;
            } else if (vt == LUA_TSTRING) {
                free(s->headers[found]);
                s->headers[found] = strdup(lua_tostring(L, -1));
            } else {
                if (!s->cols) s->cols = calloc((size_t)s->table->ncols + 1, sizeof *s->cols);
                free(s->headers[found]);
                s->headers[found] = NULL;
                if (build_column(e, s, at, found, &s->cols[found], &s->headers[found]) != 0) bad = 1;
            }
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    if (s->computes) {
        s->compute = compute_cell;
        s->compute_arg = e;
    }
    return bad ? -1 : 0;
}

static int check_references(engine *e)
{
    int bad = 0;
    for (int i = 0; i < e->ntables; i++)
        for (int j = 0; j < e->tables[i].ncols; j++) {
            column_spec *c = &e->tables[i].cols[j];
            if (c->ref_table && !engine_table(e, c->ref_table)) {
                errlist_add(&e->errs, _("%s: column %s.%s refers to table %s, which is not defined"),
                            e->rules_path, e->tables[i].name, c->name, c->ref_table);
                bad = 1;
            }
        }
    return bad;
}

int decl_build_specs(engine *e)
{
    lua_State *L = e->L;
    int bad = 0;
    push_registry_table(L, K_TABLE_ORDER);
    push_registry_table(L, K_TABLES);
    int n = (int)luaL_len(L, -2);
    e->tables = calloc((size_t)n + 1, sizeof *e->tables);
    for (int i = 1; i <= n; i++) {
        lua_geti(L, -2, i);
        lua_gettable(L, -2);
        if (build_table(e, &e->tables[e->ntables++]) != 0) bad = 1;
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
    bad |= check_references(e);
    push_registry_table(L, K_SOURCES);
    n = (int)luaL_len(L, -1);
    e->sources = calloc((size_t)n + 1, sizeof *e->sources);
    for (int i = 1; i <= n; i++) {
        lua_geti(L, -1, i);
        if (build_source(e, &e->sources[e->nsources], e->nsources + 1) != 0) bad = 1;
        e->nsources++;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    push_registry_table(L, K_STEPS);
    n = (int)luaL_len(L, -1);
    e->steps = calloc((size_t)n + 1, sizeof *e->steps);
    for (int i = 1; i <= n; i++) {
        lua_geti(L, -1, i);
        step_decl *s = &e->steps[e->nsteps++];
        s->title = field_string(L, lua_gettop(L), "title");
        s->declared_at = field_string(L, lua_gettop(L), "at");
        lua_getfield(L, -1, "fn");
        s->fnref = luaL_ref(L, LUA_REGISTRYINDEX);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (bad) engine_fail(e, EXIT_RULES);
    return bad ? -1 : 0;
}

/* A data folder named by a rule file (not by --data) must be the rules folder or inside it,
 * inside the "data" folder beside it (rules/x.lua and data/x/), or inside evalrun's own data/. */
static int data_folder_refused(engine *e)
{
    char *beside = path_join(e->rules_dir, "../data");
    char *home = path_join(evalrun_home(), "data");
    const char *dirs[3] = { e->rules_dir, beside, home };
    char *roots[3];
    int n = 0;
    for (int i = 0; i < 3; i++) if ((roots[n] = path_resolve(dirs[i]))) n++;
    char *real = path_resolve(e->data_dir);
    int inside = 0;
    for (int i = 0; real && i < n; i++) inside |= path_inside(real, roots[i]);
    for (int i = 0; i < n; i++) free(roots[i]);
    free(real); free(beside); free(home);
    return !inside;
}

/* Reads ruleset{} after the rule file ran: id, data folder, year. */
int decl_read_ruleset(engine *e)
{
    lua_State *L = e->L;
    push_ruleset(L);
    int rs = lua_gettop(L);
    char *at = field_string(L, rs, "at");
    const char *place = at ? at : e->rules_path;
    int bad = 0;
    e->ruleset_id = field_string(L, rs, "id");
    if (!e->ruleset_id || !valid_name(e->ruleset_id)) {
        errlist_add(&e->errs, _("%s: ruleset{} needs id = \"...\" (lower-case letters, digits, _)"), place);
        bad = 1;
    }
    char *data = field_string(L, rs, "data");
    if (e->opt->data_dir) e->data_dir = strdup(e->opt->data_dir);
    else if (data) e->data_dir = path_join(e->rules_dir, data);
    else if (e->ruleset_id) {
        char rel[600];
        snprintf(rel, sizeof rel, "../data/%s", e->ruleset_id);
        e->data_dir = path_join(e->rules_dir, rel);
    } else e->data_dir = strdup(".");
    if (!e->opt->data_dir && data_folder_refused(e)) {
        errlist_add(&e->errs, _("%s: ruleset data = \"%s\" refused: a rule set's data folder must be in its rules "
                    "folder, in the data folder beside it, or in evalrun's data/ (or give --data)"), place, data ? data : e->data_dir);
        bad = 1;
    }
    free(data);
    lua_getfield(L, rs, "year");
    e->year = e->opt->year ? e->opt->year : (long)lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (lua_getfield(L, rs, "years") == LUA_TTABLE && e->year) {
        lua_geti(L, -1, 1); long first = (long)lua_tointeger(L, -1); lua_pop(L, 1);
        lua_geti(L, -1, 2); long last = (long)lua_tointeger(L, -1); lua_pop(L, 1);
        if ((first && e->year < first) || (last && e->year > last)) {
            errlist_add(&e->errs, _("%s: this rule set is valid for the years %ld–%ld, not %ld"), place, first, last, e->year);
            bad = 1;
        }
    }
    lua_pop(L, 2);
    free(at);
    if (bad) engine_fail(e, EXIT_RULES);
    return bad ? -1 : 0;
}

/* Pushes the ruleset table (for ctx.ruleset). */
void decl_push_ruleset(lua_State *L) { push_ruleset(L); }
/* Pushes the expectations list. */
void decl_push_expects(lua_State *L) { push_registry_table(L, K_EXPECTS); }

void decl_free(engine *e)
{
    /* sources first: they point into the table specs */
    for (int i = 0; i < e->nsources; i++) {
        source_spec *s = &e->sources[i];
        if (s->headers && s->table) for (int j = 0; j < s->table->ncols; j++) free(s->headers[j]);
        if (s->cols && s->table) {
            for (int j = 0; j < s->table->ncols; j++) {
                source_column *sc = &s->cols[j];
                for (int k = 0; k < sc->nmap; k++) {
                    free(sc->map[k].word); free(sc->map[k].folded); fixed_free(&sc->map[k].value);
                }
                free(sc->map); free(sc->map_words); fixed_free(&sc->value);
            }
            free(s->cols);
        }
        free(s->headers); free(s->path); free(s->text); free(s->declared_at);
    }
    free(e->sources);
    free(e->compute_text);
    for (int i = 0; i < e->ntables; i++) {
        table_spec *t = &e->tables[i];
        for (int j = 0; j < t->ncols; j++) {
            free(t->cols[j].name); free(t->cols[j].ref_table); free(t->cols[j].ref_column);
        }
        for (int j = 0; j < t->nindexes; j++) free(t->indexes[j]);
        free(t->indexes);
        free(t->cols); free(t->key); free(t->name);
    }
    free(e->tables);
    for (int i = 0; i < e->nsteps; i++) { free(e->steps[i].title); free(e->steps[i].declared_at); }
    free(e->steps);
}
/* }}} */

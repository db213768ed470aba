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

#include "engine.h"
#include "paths.h"
#include "report.h"
#include "sandbox.h"
#include "strbuf.h"

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
        luaL_error(L, "%s{} can only be used at the top level of a rule file, not inside a step", fn);
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
    push_registry_table(L, K_RULESET);
    lua_pushnil(L);
    while (lua_next(L, 1)) {             /* later calls override earlier fields */
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_settable(L, -4);
    }
    note_place(L);
    return 0;
}

static int l_source(lua_State *L)
{
    only_while_declaring(L, "source");
    luaL_checktype(L, 1, LUA_TTABLE);
    push_registry_table(L, K_SOURCES);
    lua_newtable(L);                     /* a copy, so the rule cannot change it later */
    lua_pushnil(L);
    while (lua_next(L, 1)) { lua_pushvalue(L, -2); lua_insert(L, -2); lua_settable(L, -4); }
    note_place(L);
    append(L, -2);
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
    if (!valid_name(name)) return luaL_error(L, "define_table: name must be lower-case letters, digits and _");
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
            if (!lua_istable(L, -1)) return luaL_error(L, "define_table %s: column %d must be a table {name, type}", name, (int)i);
            /* replace a column of the same name, else append */
            lua_geti(L, -1, 1);
            const char *cname = lua_tostring(L, -1);
            if (!valid_name(cname)) return luaL_error(L, "define_table %s: column %d needs a lower-case name", name, (int)i);
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
    return luaL_error(L, "replace_step: no step titled \"%s\" was declared before", title);
}

static int l_expect(lua_State *L)
{
    only_while_declaring(L, "expect");
    luaL_checktype(L, 1, LUA_TTABLE);
    push_registry_table(L, K_EXPECTS);
    lua_pushvalue(L, 1);
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
    static const char *names[] = { "text", "integer", "number", "bool" };
    for (int i = 0; i < 4; i++) if (s && strcmp(s, names[i]) == 0) { *t = (coltype)i; return 0; }
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
            errlist_add(&e->errs, "%s: table %s, column %s: type must be text, integer, number or bool",
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
                errlist_add(&e->errs, "%s: table %s: key column %s is not one of its columns",
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
                    errlist_add(&e->errs, "%s: table %s: index column %s is not one of its columns", at ? at : "rules",
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
        errlist_add(&e->errs, "%s: source: unknown table \"%s\" (define it with define_table, or see docs/data-formats.md)",
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
    } else {
        errlist_add(&e->errs, "%s: source for table %s needs file = \"...\" or csv = [[...]]", at, s->table->name);
        bad = 1;
    }
    lua_pop(L, 1);
    free(file);
    char *delim = field_string(L, src, "delimiter");
    if (parse_delimiter(delim, &s->delimiter) != 0) {
        errlist_add(&e->errs, "%s: source delimiter \"%s\": use \",\", \";\", \"\\t\" or \"auto\"", at, delim);
        bad = 1;
    }
    free(delim);
    char *nums = field_string(L, src, "numbers");
    if (!nums || strcmp(nums, "plain") == 0) s->numbers = NUM_PLAIN;
    else if (strcmp(nums, "vi") == 0) s->numbers = NUM_VI;
    else { errlist_add(&e->errs, "%s: source numbers \"%s\": use \"plain\" or \"vi\"", at, nums); bad = 1; }
    free(nums);
    s->headers = calloc((size_t)s->table->ncols + 1, sizeof *s->headers);
    if (lua_getfield(L, src, "columns") == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            const char *col = lua_tostring(L, -2);
            const char *header = lua_tostring(L, -1);
            int found = -1;
            for (int j = 0; j < s->table->ncols; j++)
                if (col && strcmp(s->table->cols[j].name, col) == 0) found = j;
            if (found < 0 || !header) {
                errlist_add(&e->errs, "%s: source for %s: table %s has no column \"%s\"", at,
                            s->path ? s->path : "?", s->table->name, col ? col : "?");
                bad = 1;
            } else {
                free(s->headers[found]);
                s->headers[found] = strdup(header);
            }
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    return bad ? -1 : 0;
}

static int check_references(engine *e)
{
    int bad = 0;
    for (int i = 0; i < e->ntables; i++)
        for (int j = 0; j < e->tables[i].ncols; j++) {
            column_spec *c = &e->tables[i].cols[j];
            if (c->ref_table && !engine_table(e, c->ref_table)) {
                errlist_add(&e->errs, "%s: column %s.%s refers to table %s, which is not defined",
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

/* Reads ruleset{} after the rule file ran: id, data folder, year. */
int decl_read_ruleset(engine *e)
{
    lua_State *L = e->L;
    push_registry_table(L, K_RULESET);
    int rs = lua_gettop(L);
    char *at = field_string(L, rs, "at");
    const char *place = at ? at : e->rules_path;
    int bad = 0;
    e->ruleset_id = field_string(L, rs, "id");
    if (!e->ruleset_id || !valid_name(e->ruleset_id)) {
        errlist_add(&e->errs, "%s: ruleset{} needs id = \"...\" (lower-case letters, digits, _)", place);
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
    free(data);
    lua_getfield(L, rs, "year");
    e->year = e->opt->year ? e->opt->year : (long)lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (lua_getfield(L, rs, "years") == LUA_TTABLE && e->year) {
        lua_geti(L, -1, 1); long first = (long)lua_tointeger(L, -1); lua_pop(L, 1);
        lua_geti(L, -1, 2); long last = (long)lua_tointeger(L, -1); lua_pop(L, 1);
        if ((first && e->year < first) || (last && e->year > last)) {
            errlist_add(&e->errs, "%s: this rule set is valid for the years %ld–%ld, not %ld", place, first, last, e->year);
            bad = 1;
        }
    }
    lua_pop(L, 2);
    free(at);
    if (bad) engine_fail(e, EXIT_RULES);
    return bad ? -1 : 0;
}

/* Pushes the ruleset table (for ctx.ruleset). */
void decl_push_ruleset(lua_State *L) { push_registry_table(L, K_RULESET); }
/* Pushes the expectations list. */
void decl_push_expects(lua_State *L) { push_registry_table(L, K_EXPECTS); }

void decl_free(engine *e)
{
    /* sources first: they point into the table specs */
    for (int i = 0; i < e->nsources; i++) {
        source_spec *s = &e->sources[i];
        if (s->headers && s->table) for (int j = 0; j < s->table->ncols; j++) free(s->headers[j]);
        free(s->headers); free(s->path); free(s->text); free(s->declared_at);
    }
    free(e->sources);
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

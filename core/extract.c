/* extract.c — `evalrun extract REPORT`: the figures of a narrative report.
 *
 * C reads the report (a UTF-8 .txt, or a .docx through docx.c), checks its
 * encoding, normalises it to NFC and cuts it into placed blocks; the Lua
 * library (scripts/extract.lua) finds the figures and checks each against its
 * own numbers, so a province can add the phrasing its reports use; C writes
 * the result as a report table in every format (report.h), the CSV being the
 * one a rule file loads as a source for targets (docs/extract.md).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "docx.h"
#include "i18n.h"
#include "number.h"
#include "paths.h"
#include "platform.h"
#include "report.h"
#include "strbuf.h"
#include "text.h"

#define EXTRACT_MAX_BYTES  (64u << 20)        /* a report, not a data dump */
#define EXTRACT_MAX_STEPS  500000000LL        /* instructions for the patterns */
#define EXTRACT_MAX_MEMORY (1024LL << 20)

typedef struct extract_opts {
    const char *report, *out, *patterns;
    int formats;
} extract_opts;

/* ---- reading the report ------------------------------------------------- */

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcasecmp(s + n - m, suf) == 0;
}

/* Checks a text report's encoding; on a problem prints "file:LINE:COL: ..." and returns -1. */
static int check_utf8(const char *shown, const char *s, size_t len)
{
    if (len >= 2 && (((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE) ||
                     ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF))) {
        fprintf(stderr, _("%s:1:1: the report is UTF-16 text; save it as UTF-8 (in Notepad: Save As, Encoding UTF-8)\n"), shown);
        return -1;
    }
    size_t bad = utf8_invalid_at(s, len);
    if (!bad) return 0;
    long line = 1, col = 1;
    for (size_t i = 0; i + 1 < bad; i++) {
        if (s[i] == '\n') { line++; col = 1; }
        else if (((unsigned char)s[i] & 0xC0) != 0x80) col++;
    }
    fprintf(stderr, _("%s:%ld:%ld: the report is not UTF-8 text (byte 0x%02X; an old TCVN3 or Windows-1258 file?);"
            " save it as UTF-8 and run again\n"), shown, line, col, (unsigned char)s[bad - 1]);
    return -1;
}

/* Cuts a text report into one block per line, placed by its line number. */
static void split_lines(const char *s, size_t len, doc_blocks *out)
{
    size_t start = 0;
    long line = 1;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && s[i] != '\n') continue;
        size_t end = i;
        if (end > start && s[end - 1] == '\r') end--;
        char place[32];
        snprintf(place, sizeof place, "%ld", line++);
        doc_blocks_add(out, place, s + start, end - start);
        start = i + 1;
    }
}

/* Reads the report into NFC blocks. Returns 0, or an exit code after printing the problem. */
static int read_report(const char *path, doc_blocks *out)
{
    if (path_is_dir(path)) { fprintf(stderr, _("%s: is a folder; give a .txt or .docx report\n"), path); return EXIT_USAGE; }
    if (has_suffix(path, ".docx")) {
        char err[512];
        if (docx_read(path, out, err, sizeof err) < 0) { fprintf(stderr, "%s: %s\n", path, err); return EXIT_DATA; }
    } else {
        size_t len = 0;
        char *s = file_read(path, &len);
        if (!s) { fprintf(stderr, _("%s: cannot read the report: %s\n"), path, strerror(errno)); return EXIT_DATA; }
        if (len > EXTRACT_MAX_BYTES) { fprintf(stderr, _("%s: %zu bytes is more than a report holds\n"), path, len); free(s); return EXIT_DATA; }
        size_t skip = len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3) ? 3 : 0;
        if (check_utf8(path, s + skip, len - skip) < 0) { free(s); return EXIT_DATA; }
        split_lines(s + skip, len - skip, out);
        free(s);
    }
    int words = 0;
    for (int i = 0; i < out->n; i++) {
        doc_block *b = &out->v[i];
        if (utf8_invalid_at(b->text, strlen(b->text))) {
            fprintf(stderr, _("%s:%s: text that is not UTF-8\n"), path, b->place);
            return EXIT_DATA;
        }
        size_t nlen;
        char *nfc = text_nfc(b->text, strlen(b->text), &nlen);
        if (nfc) { free(b->text); b->text = nfc; }
        words += b->text[strspn(b->text, " \t\r\n")] != 0;
    }
    if (!words) { fprintf(stderr, _("%s: the report is empty: there is no text to read figures from\n"), path); return EXIT_DATA; }
    return 0;
}

/* ---- the Lua side ------------------------------------------------------- */

typedef struct lua_limits { long long steps, memory; } lua_limits;

static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    lua_limits *lim = ud;
    size_t old = ptr ? osize : 0;   /* for a new block osize is a type tag, not a size */
    if (nsize == 0) { lim->memory -= (long long)old; free(ptr); return NULL; }
    if (nsize > old && lim->memory + (long long)(nsize - old) > EXTRACT_MAX_MEMORY) return NULL;
    void *p = realloc(ptr, nsize);
    if (p) lim->memory += (long long)nsize - (long long)old;
    return p;
}

static void step_hook(lua_State *L, lua_Debug *ar)
{
    lua_limits *lim;
    lua_getallocf(L, (void **)&lim);
    lim->steps += 100000;
    if (lim->steps <= EXTRACT_MAX_STEPS) return;
    lua_getinfo(L, "Sl", ar);
    luaL_error(L, _("%s:%d: the extraction patterns ran too long (more than %d million instructions)"), ar->short_src,
               ar->currentline, (int)(EXTRACT_MAX_STEPS / 1000000));
}

/* number_vi(s) -> the number "20.360" or "110,05" stands for, or nil. */
static int l_number_vi(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    double x;
    if (number_parse(s, len, NUM_VI, &x) != NUMBER_OK) return 0;
    lua_pushnumber(L, x);
    return 1;
}

/* format_vi(x, decimals) -> "20.360", "110,05". */
static int l_format_vi(lua_State *L)
{
    char buf[NUMBER_VI_MAX];
    lua_pushstring(L, number_format_vi(luaL_checknumber(L, 1), (int)luaL_optinteger(L, 2, -1), buf, sizeof buf));
    return 1;
}

/* A state with the safe parts of Lua only: the patterns file may come from another province. */
static lua_State *open_state(lua_limits *lim)
{
    lua_State *L = lua_newstate(limited_alloc, lim);
    if (!L) return NULL;
    static const luaL_Reg libs[] = { { LUA_GNAME, luaopen_base }, { LUA_STRLIBNAME, luaopen_string },
        { LUA_TABLIBNAME, luaopen_table }, { LUA_MATHLIBNAME, luaopen_math }, { LUA_UTF8LIBNAME, luaopen_utf8 },
        { NULL, NULL } };
    for (const luaL_Reg *l = libs; l->func; l++) {
        luaL_requiref(L, l->name, l->func, 1);
        lua_pop(L, 1);
    }
    const char *blocked[] = { "dofile", "loadfile", "load", "collectgarbage", NULL };
    for (int i = 0; blocked[i]; i++) { lua_pushnil(L); lua_setglobal(L, blocked[i]); }
    lua_register(L, "number_vi", l_number_vi);
    lua_register(L, "format_vi", l_format_vi);
    lua_sethook(L, step_hook, LUA_MASKCOUNT, 100000);
    return L;
}

static int traceback(lua_State *L)
{
    luaL_traceback(L, L, lua_tostring(L, 1) ? lua_tostring(L, 1) : "(error without a message)", 1);
    return 1;
}

/* Runs a Lua text file; its return value is left on the stack. */
static int run_lua_file(lua_State *L, const char *path, int nargs)
{
    size_t len;
    char *src = file_read(path, &len);
    if (!src) { fprintf(stderr, _("%s: cannot read: %s\n"), path, strerror(errno)); return -1; }
    char name[4200];
    snprintf(name, sizeof name, "@%s", path);
    int rc = luaL_loadbufferx(L, src, len, name, "t");
    free(src);
    if (rc != LUA_OK) { fprintf(stderr, "%s\n", lua_tostring(L, -1)); lua_pop(L, 1); return -1; }
    lua_insert(L, -1 - nargs);
    lua_pushcfunction(L, traceback);
    lua_insert(L, -2 - nargs);
    int base = lua_gettop(L) - nargs - 1;
    rc = lua_pcall(L, nargs, 1, base);
    lua_remove(L, base);
    if (rc != LUA_OK) { fprintf(stderr, "%s\n", lua_tostring(L, -1)); lua_pop(L, 1); return -1; }
    return 0;
}

/* Pushes { {place=, text=}, ... }. */
static void push_blocks(lua_State *L, const doc_blocks *b)
{
    lua_createtable(L, b->n, 0);
    for (int i = 0; i < b->n; i++) {
        lua_createtable(L, 0, 2);
        lua_pushstring(L, b->v[i].place);
        lua_setfield(L, -2, "place");
        lua_pushstring(L, b->v[i].text);
        lua_setfield(L, -2, "text");
        lua_rawseti(L, -2, i + 1);
    }
}

/* ---- the figures as a report table -------------------------------------- */

static const char *SCHEMA =
    "CREATE TABLE run(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE report_tables(id TEXT PRIMARY KEY, ord INTEGER, title TEXT, grp TEXT, notes TEXT,"
    " chart_label TEXT, chart_value TEXT, formats TEXT, rule TEXT);"
    "CREATE TABLE report_columns(table_id TEXT, ord INTEGER, key TEXT, title TEXT, type TEXT, decimals INTEGER);";

static int sql(sqlite3 *db, const char *s)
{
    char *err = NULL;
    if (sqlite3_exec(db, s, NULL, NULL, &err) == SQLITE_OK) return 0;
    fprintf(stderr, "evalrun extract: %s\n", err);
    sqlite3_free(err);
    return -1;
}

static int bind_run(sqlite3 *db, const char *k, const char *v)
{
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "INSERT INTO run VALUES(?,?)", -1, &st, NULL);
    sqlite3_bind_text(st, 1, k, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, v, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Writes the table the Lua side described: {id=, title=, notes={}, columns={{key,title,type,decimals}}, rows={{...}}}
 * (on top of the stack) into db. */
static int store_table(lua_State *L, sqlite3 *db, int ord)
{
    int t = lua_gettop(L);
    lua_getfield(L, t, "id");
    lua_getfield(L, t, "title");
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "INSERT INTO report_tables(id, ord, title, notes) VALUES(?,?,?,?)", -1, &st, NULL);
    sqlite3_bind_text(st, 1, lua_tostring(L, -2), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, ord);
    sqlite3_bind_text(st, 3, lua_tostring(L, -1), -1, SQLITE_TRANSIENT);
    if (lua_getfield(L, t, "notes_json") == LUA_TSTRING) sqlite3_bind_text(st, 4, lua_tostring(L, -1), -1, SQLITE_TRANSIENT);
    lua_pop(L, 1);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return -1;
    const char *id = lua_tostring(L, -2);
    strbuf create = { 0 }, insert = { 0 };
    sb_addf(&create, "CREATE TABLE \"t_%s\"(_ord INTEGER PRIMARY KEY", id);
    sb_addf(&insert, "INSERT INTO \"t_%s\" VALUES(NULL", id);
    lua_getfield(L, t, "columns");
    int cols = lua_gettop(L);
    int ncols = (int)luaL_len(L, cols);
    for (int i = 1; i <= ncols; i++) {
        lua_geti(L, cols, i);
        lua_getfield(L, -1, "key");
        lua_getfield(L, -2, "title");
        lua_getfield(L, -3, "type");
        lua_getfield(L, -4, "decimals");
        sqlite3_prepare_v2(db, "INSERT INTO report_columns VALUES(?,?,?,?,?,?)", -1, &st, NULL);
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, i);
        sqlite3_bind_text(st, 3, lua_tostring(L, -4), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, lua_tostring(L, -3), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, lua_tostring(L, -2), -1, SQLITE_TRANSIENT);
        if (lua_isinteger(L, -1)) sqlite3_bind_int64(st, 6, lua_tointeger(L, -1));
        sqlite3_step(st);
        sqlite3_finalize(st);
        sb_addf(&create, ", \"%s\"", lua_tostring(L, -4));
        sb_add(&insert, ",?");
        lua_pop(L, 5);
    }
    sb_add(&create, ")");
    sb_add(&insert, ")");
    rc = sql(db, create.s);
    if (rc == 0 && sqlite3_prepare_v2(db, insert.s, -1, &st, NULL) != SQLITE_OK) rc = -1;
    sb_free(&create);
    sb_free(&insert);
    if (rc) return -1;
    lua_getfield(L, t, "rows");
    int rows = lua_gettop(L);
    lua_Integer n = luaL_len(L, rows);
    for (lua_Integer r = 1; r <= n && rc == 0; r++) {
        lua_geti(L, rows, r);
        for (int c = 1; c <= ncols; c++) {
            int type = lua_geti(L, -1, c);
            if (type == LUA_TNUMBER && lua_isinteger(L, -1)) sqlite3_bind_int64(st, c, lua_tointeger(L, -1));
            else if (type == LUA_TNUMBER) sqlite3_bind_double(st, c, lua_tonumber(L, -1));
            else if (type == LUA_TSTRING) sqlite3_bind_text(st, c, lua_tostring(L, -1), -1, SQLITE_TRANSIENT);
            else sqlite3_bind_null(st, c);
            lua_pop(L, 1);
        }
        if (sqlite3_step(st) != SQLITE_DONE) rc = -1;
        sqlite3_reset(st);
        lua_pop(L, 1);
    }
    sqlite3_finalize(st);
    lua_settop(L, t);
    return rc;
}

/* Writes only the figures CSV to `path`: written beside it in a fresh folder, then renamed. */
static int write_csv_file(sqlite3 *db, const char *path, errlist *errs)
{
    char *dir = path_dir(path);
    char tmpl[4200];
    snprintf(tmpl, sizeof tmpl, "%s/.evalrun-extract-XXXXXX", dir);
    mkdir_p(dir);
    free(dir);
    if (!platform_mkdtemp(tmpl)) { errlist_add(errs, _("%s: cannot write here: %s"), path, strerror(errno)); return -1; }
    int rc = report_write_all(db, tmpl, FMT_CSV, NULL, errs);
    char made[4300];
    snprintf(made, sizeof made, "%s/figures.csv", tmpl);
    if (rc == 0 && platform_replace(made, path) != 0) { errlist_add(errs, "%s: %s", path, strerror(errno)); rc = -1; }
    platform_unlink(made);
    platform_rmdir(tmpl);
    return rc;
}

/* ---- the command -------------------------------------------------------- */

static int extract_usage(const char *msg, const char *arg)
{
    fprintf(stderr, "evalrun extract: ");
    fprintf(stderr, msg, arg);
    fprintf(stderr, "\n%s\n", _("Usage: evalrun extract REPORT.txt|REPORT.docx [--out FIGURES.csv | --out FOLDER]"
                                 " [--format LIST] [--patterns FILE.lua]"));
    return EXIT_USAGE;
}

static int parse_extract_args(int argc, char **argv, extract_opts *o)
{
    o->formats = FMT_ALL;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1]) {
            if (o->report) return extract_usage(_("give one report, not also %s"), a);
            o->report = a;
            continue;
        }
        if (!strcmp(a, "--lang") && i + 1 < argc) { i++; continue; }   /* chosen in main.c */
        if (strncmp(a, "--lang=", 7) == 0) continue;
        if (strcmp(a, "--out") && strcmp(a, "--format") && strcmp(a, "--patterns")) return extract_usage(_("unknown option %s"), a);
        if (i + 1 >= argc) return extract_usage(_("%s needs a value"), a);
        const char *v = argv[++i];
        if (!strcmp(a, "--out")) o->out = v;
        else if (!strcmp(a, "--patterns")) o->patterns = v;
        else {
            errlist errs = { 0 };
            o->formats = report_parse_formats(v, &errs);
            if (o->formats < 0) { errlist_print(&errs, stderr); errlist_free(&errs); return extract_usage("--format %s", v); }
        }
    }
    if (!o->report) return extract_usage("%s", _("give the report to read, e.g. evalrun extract baocao.docx"));
    return 0;
}

/* Default output folder: out/extract/<report name without extension>. */
static char *default_out(const char *report)
{
    const char *base = strrchr(report, '/');
    base = base ? base + 1 : report;
    size_t n = strcspn(base, ".");
    char *out;
    if (asprintf(&out, "out/extract/%.*s", (int)(n ? n : strlen(base)), base) < 0) return NULL;
    return out;
}

/* Prints the summary: how many figures, how many checked, each disagreement. */
static void print_summary(lua_State *L, const char *shown_out)
{
    if (lua_getfield(L, -1, "summary") == LUA_TSTRING) fputs(lua_tostring(L, -1), stdout);
    lua_pop(L, 1);
    printf(_("Written: %s\n"), shown_out);
}

int cmd_extract(int argc, char **argv)
{
    extract_opts o = { 0 };
    int rc = parse_extract_args(argc, argv, &o);
    if (rc) return rc;
    doc_blocks blocks = { 0 };
    if ((rc = read_report(o.report, &blocks))) { doc_blocks_free(&blocks); return rc; }

    lua_limits lim = { 0 };
    lua_State *L = open_state(&lim);
    char *lib = path_join(evalrun_home(), "scripts/extract.lua");
    rc = EXIT_RULES;
    if (L && run_lua_file(L, lib, 0) == 0 && lua_istable(L, -1)) {
        int mod = lua_gettop(L);
        int ok = 1;
        if (o.patterns) {           /* the province's own phrasing: a function of the module */
            lua_pushvalue(L, mod);
            ok = run_lua_file(L, o.patterns, 1) == 0;
            lua_pop(L, ok);
        }
        if (ok) {
            const char *base = strrchr(o.report, '/');
            lua_getfield(L, mod, "run");
            push_blocks(L, &blocks);
            lua_pushstring(L, base ? base + 1 : o.report);
            lua_pushcfunction(L, traceback);
            lua_insert(L, -4);
            if (lua_pcall(L, 2, 1, -4) != LUA_OK) { fprintf(stderr, "%s\n", lua_tostring(L, -1)); ok = 0; }
        }
        if (ok && lua_istable(L, -1)) rc = 0;
    }
    free(lib);
    sqlite3 *db = NULL;
    if (rc == 0) {
        sqlite3_open(":memory:", &db);
        text_register_collation(db);
        int result = lua_gettop(L);
        rc = sql(db, SCHEMA) || bind_run(db, "ruleset_id", "extract") || bind_run(db, "engine_version", EVALRUN_VERSION);
        if (!rc && lua_getfield(L, result, "title") == LUA_TSTRING) rc = bind_run(db, "ruleset_title", lua_tostring(L, -1));
        lua_settop(L, result);
        lua_getfield(L, result, "tables");
        int tables = lua_gettop(L);
        for (int i = 1; !rc && i <= (int)luaL_len(L, tables); i++) {
            lua_geti(L, tables, i);
            rc = store_table(L, db, i);
            lua_pop(L, 1);
        }
        lua_settop(L, result);
        if (rc) { fprintf(stderr, "evalrun extract: %s\n", sqlite3_errmsg(db)); rc = EXIT_INTERNAL; }
    }
    if (rc == 0) {
        errlist errs = { 0 };
        char *out = o.out ? strdup(o.out) : default_out(o.report);
        int w = has_suffix(out, ".csv") ? write_csv_file(db, out, &errs) : report_write_all(db, out, o.formats, NULL, &errs);
        if (w) { errlist_print(&errs, stderr); rc = EXIT_OUTPUT; }
        else print_summary(L, out);
        errlist_free(&errs);
        free(out);
    }
    if (db) sqlite3_close(db);
    if (L) lua_close(L);
    doc_blocks_free(&blocks);
    return rc;
}

/* engine.c — one run: declare (run the rule file), load (every source in one
 * transaction), run (the steps, in order), write (tables, then the results
 * database, into a staging folder that takes the output folder's place in one
 * step only on success: publish.c).
 */
#include "engine.h"
#include "saved_run.h"

#include <errno.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "json.h"
#include "loader.h"
#include "paths.h"
#include "platform.h"
#include "progress.h"
#include "publish.h"
#include "report.h"
#include "sandbox.h"
#include "sha256.h"
#include "strbuf.h"
#include "summary.h"
#include "text.h"

engine *engine_of(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, "evalrun.engine");
    engine *e = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return e;
}

void engine_fail(engine *e, int code)
{
    if (!e->exit_code) e->exit_code = code;
}

int engine_db_write_failed(engine *e, int rc)
{
    int code = rc & 0xff;
    if (code != SQLITE_FULL && code != SQLITE_IOERR && code != SQLITE_CANTOPEN && code != SQLITE_READONLY)
        return 0;
    if (!e->output_error) {
        const char *where = e->db_final ? e->db_final : "results database";
        size_t n = strlen(where) + 200;
        e->output_error = malloc(n);
        if (e->output_error)
            snprintf(e->output_error, n, "%s: cannot write the results database: %s", where,
                     code == SQLITE_FULL ? "the disk is full (free some space and run again)" :
                     code == SQLITE_IOERR ? "disk I/O error (is the disk full, or the file too big for it?)" : sqlite3_errstr(rc));
    }
    return 1;
}

/* A write failure of the results database ends the phase with exit 5 and its
 * own message, instead of the rule error (and traceback) it surfaced as. */
static int output_failure(engine *e)
{
    if (!e->output_error) return 0;
    errlist_free(&e->errs);
    errlist_add(&e->errs, "%s", e->output_error);
    e->exit_code = EXIT_OUTPUT;
    return 1;
}

void engine_note_file(engine *e, const char *path, const char *role, const void *bytes, size_t len)
{
    struct run_file *f = realloc(e->files, (size_t)(e->nfiles + 1) * sizeof *f);
    if (!f) return;
    e->files = f;
    f = &e->files[e->nfiles++];
    f->path = strdup(path);
    f->role = strdup(role);
    f->bytes = len;
    sha256_hex(bytes, len, f->sha);
}

/* {{{ phases */

/* The rule file as given, or, when it is not there, the same path under evalrun's home
 * (so `evalrun rules/quangbinh.lua` works from any folder after make install). */
static char *find_rules(const char *given)
{
    if (path_exists(given) || platform_is_absolute(given)) return strdup(given);
    char *alt = path_join(evalrun_home(), given);
    if (path_exists(alt)) return alt;
    free(alt);
    return strdup(given);
}

static int run_library(engine *e, const char *module)
{
    lua_State *L = e->L;
    sandbox_push_env(L);
    lua_getfield(L, -1, "require");
    lua_remove(L, -2);
    lua_pushstring(L, module);
    return sandbox_call(e, 1, NULL);
}

/* ruleset{ csv = "excel-vi", signature = { place = ..., { title = ..., name = ... }, ... } }:
 * how the outputs are made, kept in the run table for the writers. */
static int read_report_settings(engine *e)
{
    lua_State *L = e->L;
    decl_push_ruleset(L);
    int rs = lua_gettop(L), bad = 0;
    lua_getfield(L, rs, "at");
    const char *at = lua_tostring(L, -1);
    char place[600];
    snprintf(place, sizeof place, "%s", at ? at : e->rules_path);
    lua_pop(L, 1);
    const char *csv = NULL;
    if (lua_getfield(L, rs, "csv") != LUA_TNIL) {
        csv = lua_tostring(L, -1);
        if (!csv || report_parse_csv_dialect(csv) < 0) {
            errlist_add(&e->errs, _("%s: ruleset{}: csv = \"%s\": choose \"excel-vi\" or \"rfc4180\""),
                        place, csv ? csv : luaL_typename(L, -1));
            bad = 1;
        }
    }
    if (e->opt->csv_dialect) csv = e->opt->csv_dialect == CSV_EXCEL_VI + 1 ? "excel-vi" : "rfc4180";
    e->csv_dialect = strdup(csv && !bad ? csv : "rfc4180");
    lua_pop(L, 1);
    int type = lua_getfield(L, rs, "signature");
    if (type == LUA_TTABLE) {
        strbuf b = { 0 };
        json_add_value(L, &b, lua_gettop(L), 0);
        sb_addc(&b, 0);
        e->signature = b.s;
    } else if (type != LUA_TNIL) {
        errlist_add(&e->errs, _("%s: ruleset{}: signature must be a table, e.g. "
                                "{ place = \"Quảng Bình\", signers = { { title = \"NGƯỜI LẬP BIỂU\", name = \"...\" } } }"), place);
        bad = 1;
    }
    lua_pop(L, 2);
    if (bad) engine_fail(e, EXIT_RULES);
    return bad ? -1 : 0;
}

static int phase_declare(engine *e)
{
    e->phase = PHASE_DECLARE;
    lua_State *L = e->L;
    sandbox_push_env(L);
    lua_newtable(L);
    lua_setfield(L, -2, "config");
    lua_pop(L, 1);
    if (run_library(e, "schema") != 0) return -1;
    if (!path_exists(e->rules_path)) {
        errlist_add(&e->errs, _("%s: cannot open: %s"), e->rules_path, strerror(ENOENT));
        engine_fail(e, EXIT_USAGE);
        return -1;
    }
    if (sandbox_run_file(e, e->rules_path) != 0) return -1;
    if (decl_read_ruleset(e) != 0) return -1;
    if (read_report_settings(e) != 0) return -1;
    return decl_build_specs(e);
}

static int exec(engine *e, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(e->db, sql, NULL, NULL, &err) == SQLITE_OK) return 0;
    errlist_add(&e->errs, _("results database: %s"), err ? err : sqlite3_errmsg(e->db));
    sqlite3_free(err);
    return -1;
}

static int open_database(engine *e)
{
    /* check, test and explain write nothing: their database is SQLite's private temporary one
     * (""), which lives in a file SQLite deletes when it is closed, so a national run's results
     * (gigabytes of explanations) are not all held in memory */
    const char *name = "";
    if (e->opt->write_files) {
        char rel[600];
        snprintf(rel, sizeof rel, "out/%s", e->ruleset_id);
        e->out_dir = strdup(e->opt->out_dir ? e->opt->out_dir : rel);
        /* every destination checked before loading; the database built in the staging folder */
        char *lib = path_join(evalrun_home(), "scripts");
        const char *inputs[] = { e->data_dir, e->rules_dir, lib, NULL };
        e->pub = publish_begin(e->out_dir, e->opt->db_path, inputs, &e->errs);
        free(lib);
        if (!e->pub) {
            engine_fail(e, EXIT_OUTPUT);
            return -1;
        }
        e->db_final = strdup(publish_db_shown(e->pub));
        e->db_temp = strdup(publish_db_temp(e->pub));
        name = e->db_temp;
    }
    if (sqlite3_open_v2(name, &e->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        errlist_add(&e->errs, _("%s: cannot open database: %s"), name, sqlite3_errmsg(e->db));
        engine_fail(e, EXIT_OUTPUT);
        return -1;
    }
    text_register_collation(e->db);
    dbapi_functions(e->db);
    /* The database is built in a temporary file and renamed at the end, so it
     * needs no journal: a failed run simply deletes it. 64 KiB pages: storing a
     * million rows costs a fifth less CPU than with 4 KiB ones (fewer pages to
     * split and write). */
    return exec(e, "PRAGMA page_size=65536; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=MEMORY;"
                   "PRAGMA locking_mode=EXCLUSIVE;"
                   "CREATE TABLE run(key TEXT PRIMARY KEY, value TEXT);"
                   "CREATE TABLE run_files(path TEXT, role TEXT, sha256 TEXT, bytes INTEGER);"
                   "BEGIN");
}

/* Seconds from *last to now; *last becomes now. */
static double seconds_since(struct timespec *last)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double s = (double)(now.tv_sec - last->tv_sec) + (now.tv_nsec - last->tv_nsec) / 1e9;
    *last = now;
    return s;
}

/* EVALRUN_TIMING=1 prints how long each phase took (for the benchmarks). */
static void phase_time(const char *what)
{
    static int on = -1;
    static struct timespec last;
    if (on < 0) { on = getenv("EVALRUN_TIMING") != NULL; clock_gettime(CLOCK_MONOTONIC, &last); }
    if (!on) return;
    fprintf(stderr, "evalrun: %-8s %.3f s\n", what, seconds_since(&last));
}

/* EVALRUN_TIMING=1 also prints each step's time and what is held after it, Lua's heap and
 * SQLite's memory, to find which step keeps what. */
static void step_time(engine *e, const char *title)
{
    static struct timespec last;
    if (!getenv("EVALRUN_TIMING")) return;
    double s = seconds_since(&last);
    if (title)
        fprintf(stderr, "evalrun:   step %.3f s, Lua %.1f MB, SQLite %.1f MB: %s\n", s,
                (lua_gc(e->L, LUA_GCCOUNT, 0) + lua_gc(e->L, LUA_GCCOUNTB, 0) / 1024.0) / 1024.0,
                sandbox_sqlite_memory() / 1048576.0, title);
}

/* Built after loading (faster than keeping them up to date row by row): those the
 * rules declared for their db.rows filters. (The key's own index is made on first lookup: loader_key_index.) */
static int create_indexes(engine *e)
{
    for (int i = 0; i < e->ntables; i++) {
        table_spec *t = &e->tables[i];
        char sql[2048];
        for (int k = 0; k < t->nindexes; k++) {
            snprintf(sql, sizeof sql, "CREATE INDEX \"ix_%s_%d\" ON \"%s\"(%s)", t->name, k + 1, t->name, t->indexes[k]);
            if (exec(e, sql) != 0) { engine_fail(e, EXIT_OUTPUT); return -1; }
        }
    }
    return 0;
}

/* A year the data does not cover gives empty tables that look like a result:
 * each loaded table with a "year" column but no row of the run's year is a
 * warning, and when none of them has a row of that year the run stops. */
static int check_year_data(engine *e)
{
    if (!e->year) return 0;
    int with_year = 0, without = 0;
    errlist found = { 0 };
    for (int i = 0; i < e->ntables; i++) {
        table_spec *t = &e->tables[i];
        int has = 0;
        for (int c = 0; c < t->ncols; c++) has |= !strcmp(t->cols[c].name, "year");
        if (!has) continue;
        char *sql = sqlite3_mprintf("SELECT count(*), sum(year = %ld), min(year), max(year), "
                                    "(SELECT group_concat(DISTINCT s.path) FROM sources s WHERE s.table_name = %Q) "
                                    "FROM \"%w\"", e->year, t->name, t->name);
        sqlite3_stmt *st = NULL;
        if (sql && sqlite3_prepare_v2(e->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW
            && sqlite3_column_int64(st, 0) > 0) {
            with_year++;
            if (sqlite3_column_int64(st, 1) == 0) {
                without++;
                const char *files = (const char *)sqlite3_column_text(st, 4);
                long long y0 = sqlite3_column_int64(st, 2), y1 = sqlite3_column_int64(st, 3);
                if (y0 == y1)
                    errlist_add(&found, _("%s: no row for the year %ld in table \"%s\" (it has the year %lld)"),
                                files ? files : t->name, e->year, t->name, y0);
                else
                    errlist_add(&found, _("%s: no row for the year %ld in table \"%s\" (it has the years %lld–%lld)"),
                                files ? files : t->name, e->year, t->name, y0, y1);
            }
        }
        sqlite3_finalize(st);
        sqlite3_free(sql);
    }
    if (with_year && without == with_year) {
        errlist_add(&e->errs, _("no data for the year %ld: none of the tables with a \"year\" column has a row "
                                "of that year (is --year right? is --data the right folder?)"), e->year);
        for (int i = 0; i < found.nmsg; i++) errlist_add(&e->errs, "  %s", found.msg[i]);
        errlist_free(&found);
        return -1;
    }
    for (int i = 0; i < found.nmsg; i++) errlist_add(&e->warnings, "%s", found.msg[i]);
    e->warnings.count = found.count;
    errlist_free(&found);
    return 0;
}

static int phase_load(engine *e)
{
    e->phase = PHASE_LOAD;
    int bad = 0;
    for (int i = 0; i < e->nsources && !bad; i++)
        if (!e->sources[i].text && !path_is_dir(e->data_dir)) {
            errlist_add(&e->errs, _("%s: the data folder does not exist (give it with --data DIR, or "
                                    "ruleset{ data = \"...\" } in %s)"), e->data_dir, e->rules_path);
            engine_fail(e, EXIT_DATA);
            return -1;
        }
    for (int i = 0; i < e->ntables; i++)
        if (loader_create_table(e->db, &e->tables[i], &e->errs) != 0) bad = 1;
    if (bad) { engine_fail(e, EXIT_RULES); return -1; }
    /* keys and references are checked as the rows pass: every problem of every file is listed at once */
    const table_spec **ts = malloc(((size_t)e->ntables + 1) * sizeof *ts);
    int *nsrc = calloc((size_t)e->ntables + 1, sizeof *nsrc);
    for (int i = 0; i < e->ntables; i++) {
        ts[i] = &e->tables[i];
        for (int k = 0; k < e->nsources; k++) nsrc[i] += e->sources[k].table == &e->tables[i];
    }
    load_checks *checks = ts && nsrc ? loader_checks_new(ts, nsrc, e->ntables) : NULL;
    free(ts);
    free(nsrc);
    if (!checks) { errlist_add(&e->errs, _("out of memory before loading")); engine_fail(e, EXIT_INTERNAL); return -1; }
    int disk = 0;
    for (int i = 0; i < e->nsources; i++) {
        long rows = loader_load_source(e->db, &e->sources[i], checks, &e->errs);
        if (rows < 0) bad = 1;
        if (rows == -2) disk = 1;   /* the results database could not be written: an output error */
    }
    if (disk) e->exit_code = EXIT_OUTPUT;
    phase_time("sources");
    if (loader_checks_finish(e->db, checks, &e->errs) > 0) bad = 1;
    loader_checks_free(checks);
    phase_time("checks");
    if (bad) { engine_fail(e, EXIT_DATA); return -1; }
    if (check_year_data(e) != 0) { engine_fail(e, EXIT_DATA); return -1; }
    return create_indexes(e);
}

static void push_ctx(engine *e)
{
    lua_State *L = e->L;
    lua_newtable(L);
    if (e->year) { lua_pushinteger(L, e->year); lua_setfield(L, -2, "year"); }
    decl_push_ruleset(L);
    lua_setfield(L, -2, "ruleset");
    sandbox_push_env(L);
    lua_getfield(L, -1, "config");
    lua_setfield(L, -3, "config");
    lua_pop(L, 1);
    lua_pushstring(L, e->data_dir);
    lua_setfield(L, -2, "data_dir");
}

static int phase_run(engine *e)
{
    e->phase = PHASE_RUN;
    if (results_prepare(e) != 0) { engine_fail(e, EXIT_OUTPUT); return -1; }
    dbapi_attach(e);
    push_ctx(e);
    int ctx = lua_gettop(e->L);
    step_time(e, NULL);
    for (int i = 0; i < e->nsteps; i++) {
        e->current_step = e->steps[i].title;
        progress_step(e->steps[i].title, i + 1, e->nsteps);
        lua_rawgeti(e->L, LUA_REGISTRYINDEX, e->steps[i].fnref);
        lua_pushvalue(e->L, ctx);
        char what[600];
        snprintf(what, sizeof what, _("in step \"%s\""), e->steps[i].title);
        if (sandbox_call(e, 1, what) != 0) { output_failure(e); lua_settop(e->L, ctx - 1); return -1; }
        step_time(e, e->steps[i].title);
    }
    lua_settop(e->L, ctx - 1);
    if (output_failure(e)) return -1;     /* a rule caught the error with pcall: the database is broken anyway */
    e->current_step = NULL;
    e->phase = PHASE_DONE;
    return 0;
}

static void put_meta(engine *e, sqlite3_stmt *st, const char *k, const char *v)
{
    sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, v, -1, SQLITE_TRANSIENT);
    sqlite3_step(st);
    sqlite3_reset(st);
    (void)e;
}

/* path as seen from the folder base (both as displayed: relative to the current folder, or
 * absolute): "data/quangbinh" from "rules" is "../data/quangbinh". The results database keeps
 * paths this way, relative to the rule file's folder, so it reads the same on every install. */
char *engine_relative_path(const char *path, const char *base)
{
    char cwd[4096];
    if (platform_getcwd(cwd, sizeof cwd) != 0) snprintf(cwd, sizeof cwd, "/");
    char *p = platform_is_absolute(path) ? path_join("/", path) : path_join(cwd, path);
    char *b = platform_is_absolute(base) ? path_join("/", base) : path_join(cwd, base);
    if (!p || !b) { free(p); free(b); return strdup(path); }
    /* the longest common run of whole components */
    size_t common = 0;
    for (size_t i = 0;; i++) {
        int pend = p[i] == 0 || platform_is_sep(p[i]), bend = b[i] == 0 || platform_is_sep(b[i]);
        if (pend && bend) common = i;
        if (!p[i] || !b[i] || (p[i] != b[i] && !(pend && bend))) break;
    }
    if (strcmp(b, "/") == 0) common = 0;
    strbuf out = { 0 };
    for (const char *q = b + common; *q; q++)
        if (platform_is_sep(*q) && q[1]) sb_add(&out, out.len ? "/.." : "..");
    const char *rest = p + common;
    while (platform_is_sep(*rest)) rest++;
    if (*rest) { if (out.len) sb_addc(&out, '/'); sb_add(&out, rest); }
    for (size_t i = 0; i < out.len; i++)      /* '/' on every system ('\\' too on Windows) */
        if (platform_is_sep(out.s[i])) out.s[i] = '/';
    if (!out.len) sb_add(&out, ".");
    sb_addc(&out, 0);
    free(p);
    free(b);
    return out.s;
}

/* A rule's place ("FILE:LINE", as the sandbox names files: from the current folder) as the
 * results database keeps it: relative to the rule file's folder. A base the rule file extends
 * from outside its folder ("../rules/base/grading.lua") gets its "../" path; the last place so
 * turned is remembered, since emit{} asks for the same one on every call. */
void engine_place_in_rules(engine *e, char *place, size_t size)
{
    size_t n = strlen(e->rules_dir);
    if (strcmp(e->rules_dir, ".") == 0 || !n || !place[0]) return;
    if (strncmp(place, e->rules_dir, n) == 0 && place[n] == '/') {
        memmove(place, place + n + 1, strlen(place + n + 1) + 1);
        return;
    }
    if (platform_is_absolute(place)) return;     /* a base given by its full path stays as it was given */
    if (!e->place_from || strcmp(e->place_from, place) != 0) {
        const char *colon = strrchr(place, ':');
        size_t flen = colon && colon != place ? (size_t)(colon - place) : strlen(place);
        char *file = malloc(flen + 1);
        if (!file) return;
        memcpy(file, place, flen);
        file[flen] = 0;
        char *rel = engine_relative_path(file, e->rules_dir);
        free(file);
        strbuf to = { 0 };
        if (rel) { sb_add(&to, rel); sb_add(&to, place + flen); sb_addc(&to, 0); }
        free(rel);
        char *from = strdup(place);
        if (!to.s || !from) { free(to.s); free(from); return; }
        free(e->place_from); free(e->place_to);
        e->place_from = from;
        e->place_to = to.s;
    }
    size_t len = strlen(e->place_to);
    if (len < size) memcpy(place, e->place_to, len + 1);
}

/* The run's metadata: the only place a time is written (tables stay byte-identical). */
static void write_metadata(engine *e)
{
    sqlite3_stmt *st;
    sqlite3_prepare_v2(e->db, "INSERT OR REPLACE INTO run VALUES(?,?)", -1, &st, NULL);
    char buf[64];
    put_meta(e, st, "engine_version", EVALRUN_VERSION);
    put_meta(e, st, "ruleset_id", e->ruleset_id);
    lua_State *L = e->L;
    decl_push_ruleset(L);
    lua_getfield(L, -1, "title");
    put_meta(e, st, "ruleset_title", lua_tostring(L, -1) ? lua_tostring(L, -1) : e->ruleset_id);
    lua_pop(L, 2);
    if (e->year) { snprintf(buf, sizeof buf, "%ld", e->year); put_meta(e, st, "year", buf); }
    char *rel = engine_relative_path(e->rules_path, e->rules_dir);
    put_meta(e, st, "rules", rel);
    free(rel);
    rel = engine_relative_path(e->data_dir, e->rules_dir);
    put_meta(e, st, "data_dir", rel);
    free(rel);
    put_meta(e, st, "csv_dialect", e->csv_dialect ? e->csv_dialect : "rfc4180");
    if (e->signature) put_meta(e, st, "signature", e->signature);
    time_t now = time(NULL);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    put_meta(e, st, "started_at", buf);
    snprintf(buf, sizeof buf, "%lld", e->nresults);
    put_meta(e, st, "results", buf);
    sqlite3_finalize(st);
    sqlite3_prepare_v2(e->db, "INSERT INTO run_files VALUES(?,?,?,?)", -1, &st, NULL);
    for (int i = 0; i < e->nfiles; i++) {
        /* rule files relative to the rule file's folder; library files ("scripts/x.lua") to evalrun's home */
        int is_rules = strcmp(e->files[i].role, "rules") == 0;
        char *path = is_rules ? engine_relative_path(e->files[i].path, e->rules_dir) : strdup(e->files[i].path);
        sqlite3_bind_text(st, 1, path ? path : e->files[i].path, -1, SQLITE_TRANSIENT);
        free(path);
        sqlite3_bind_text(st, 2, e->files[i].role, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, e->files[i].sha, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, (sqlite3_int64)e->files[i].bytes);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    /* the data files, likewise */
    sqlite3_stmt *up;
    if (sqlite3_prepare_v2(e->db, "SELECT id, path FROM sources", -1, &st, NULL) == SQLITE_OK
        && sqlite3_prepare_v2(e->db, "UPDATE sources SET path = ?1 WHERE id = ?2", -1, &up, NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *p = (const char *)sqlite3_column_text(st, 1);
            if (!p || strstr(p, "(inline csv)")) continue;
            char *r = engine_relative_path(p, e->rules_dir);
            sqlite3_bind_text(up, 1, r, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(up, 2, sqlite3_column_int64(st, 0));
            sqlite3_step(up);
            sqlite3_reset(up);
            free(r);
        }
        sqlite3_finalize(up);
    }
    sqlite3_finalize(st);
}

/* }}} */
/* {{{ writing and cleaning up */

static int phase_write(engine *e)
{
    if (exec(e, "COMMIT") != 0) { engine_fail(e, EXIT_OUTPUT); return -1; }
    progress_write();
    char *written = NULL;
    if (report_write_into(e->db, publish_dir(e->pub), e->out_dir, e->opt->formats, &written, &e->errs) != 0) {
        free(written);
        engine_fail(e, EXIT_OUTPUT);
        return -1;
    }
    /* The summary is made while the database is open and printed once it is in place. */
    char *summary = NULL;
    if (!e->opt->quiet) {
        strbuf b = { 0 };
        summary_print(e, &b, written);
        sb_addc(&b, 0);
        summary = b.s;
    }
    sandbox_close(e);          /* finalizes the statements rules still hold */
    if (sqlite3_close(e->db) != SQLITE_OK) {
        errlist_add(&e->errs, "%s: %s", e->db_temp, sqlite3_errmsg(e->db));
        sqlite3_close_v2(e->db);
        e->db = NULL;
        free(written);
        free(summary);
        engine_fail(e, EXIT_OUTPUT);
        return -1;
    }
    e->db = NULL;
    if (publish_commit(e->pub, &e->errs) != 0) {
        free(written);
        free(summary);
        engine_fail(e, EXIT_OUTPUT);
        return -1;
    }
    progress_stop();
    if (e->opt->print_tables && e->opt->print_rows != 0) {
        /* the tables as they were written: read back from the results database */
        sqlite3 *db;
        if (sqlite3_open_v2(e->db_final, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
            report_print_markdown(db, stdout, e->opt->print_rows);
            fputc('\n', stdout);
        }
        sqlite3_close(db);
    }
    if (summary) fputs(summary, stdout);
    if (e->opt->quiet) {
        /* no summary: the files written, for scripts that run evalrun */
        fputs(_("evalrun: wrote\n"), stderr);
        for (char *line = written, *next; line && *line; line = next) {
            next = strchr(line, '\n');
            if (next) *next++ = 0;
            fprintf(stderr, "  %s\n", line);
        }
        fprintf(stderr, "  %s\n", e->db_final);
    }
    fflush(stdout);
    free(summary);
    free(written);
    return 0;
}

static void engine_free(engine *e)
{
    if (e->L) {
        results_finish(e);
        sandbox_close(e);
    }
    if (e->db) {
        sqlite3_close_v2(e->db);
        e->db = NULL;
    }
    publish_end(e->pub);       /* a failed run leaves no staging folder behind */
    decl_free(e);
    for (int i = 0; i < e->nfiles; i++) { free(e->files[i].path); free(e->files[i].role); }
    free(e->files);
    free(e->output_error);
    free(e->db_final); free(e->db_temp); free(e->rules_path); free(e->rules_dir); free(e->place_from); free(e->place_to);
    free(e->data_dir); free(e->out_dir); free(e->ruleset_id);
    free(e->csv_dialect); free(e->signature);
    errlist_free(&e->errs);
    errlist_free(&e->warnings);
}

/* }}} */

int engine_run(const run_options *opt, after_run_fn after, void *arg)
{
    engine e;
    memset(&e, 0, sizeof e);
    e.opt = opt;
    e.rules_path = find_rules(opt->rules);
    e.rules_dir = path_dir(e.rules_path);
    int ok = sandbox_open(&e) == 0;
    if (!ok) { errlist_add(&e.errs, _("evalrun: cannot create the Lua state")); engine_fail(&e, EXIT_INTERNAL); }
    phase_time("start");
    if (opt->write_files) progress_start();
    ok = ok && phase_declare(&e) == 0;
    ok = ok && open_database(&e) == 0;
    phase_time("declare");
    /* explain: the last run's database holds what running the rules again would */
    int saved = ok && opt->saved_run && after && saved_run_use(&e);
    if (saved) {
        int code = after(&e, arg);
        if (code) engine_fail(&e, code);
    }
    ok = ok && !saved && phase_load(&e) == 0;
    phase_time("load");
    ok = ok && phase_run(&e) == 0;
    phase_time("run");
    if (ok) {
        results_finish(&e);
        write_metadata(&e);
        if (opt->formats & FMT_XLSX)
            report_xlsx_long_cells(e.db, &e.warnings);
        if (after) {
            int code = after(&e, arg);
            if (code) engine_fail(&e, code);
        }
        if (opt->write_files && !e.exit_code) {
            phase_write(&e);
            phase_time("write");
        }
    }
    progress_stop();
    /* evalrun check and a --quiet run have no summary: their warnings go to stderr (evalrun test: none) */
    if (ok && !after && opt->quiet)
        for (int i = 0; i < e.warnings.nmsg; i++) fprintf(stderr, _("evalrun: warning: %s\n"), e.warnings.msg[i]);
    if (e.errs.count) errlist_print(&e.errs, stderr);
    int code = e.exit_code;
    engine_free(&e);
    return code;
}

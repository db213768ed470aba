/* saved_run.c — see saved_run.h. */
#include "saved_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mapfile.h"
#include "paths.h"
#include "sha256.h"
#include "text.h"

/* The hex SHA-256 of a file's bytes, as the run took it; 0 when it cannot be read. */
static int file_sha(const char *path, char hex[65])
{
    errlist quiet = { 0 };
    size_t len = 0;
    int mapped = 0;
    char *buf = mapfile_open(path, &len, &mapped, &quiet);
    errlist_free(&quiet);
    if (!buf) return 0;
    sha256_hex(buf, len, hex);
    mapfile_close(buf, len, mapped);
    return 1;
}

/* The run's own value for key, or NULL (the caller frees). */
static char *run_value(sqlite3 *db, const char *key)
{
    sqlite3_stmt *st;
    char *v = NULL;
    if (sqlite3_prepare_v2(db, "SELECT value FROM run WHERE key = ?", -1, &st, NULL) != SQLITE_OK) return NULL;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) v = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

static int same_value(sqlite3 *db, const char *key, const char *want)
{
    char *v = run_value(db, key);
    int same = v && want && strcmp(v, want) == 0;
    free(v);
    return same;
}

/* The run was made by this engine, for this rule set, rule file and year. */
static int same_run(const engine *e, sqlite3 *db)
{
    char year[32];
    snprintf(year, sizeof year, "%ld", e->year);
    char *rules = engine_relative_path(e->rules_path, e->rules_dir);
    int same = same_value(db, "engine_version", EVALRUN_VERSION) && same_value(db, "ruleset_id", e->ruleset_id)
               && same_value(db, "rules", rules) && (!e->year || same_value(db, "year", year));
    free(rules);
    return same;
}

/* Every rule and library file the run read is on disk unchanged, and every file read now to
 * declare the rules was read by the run. */
static int same_rule_files(const engine *e, sqlite3 *db)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT path, role, sha256 FROM run_files", -1, &st, NULL) != SQLITE_OK) return 0;
    int same = 1;
    while (same && sqlite3_step(st) == SQLITE_ROW) {
        const char *path = (const char *)sqlite3_column_text(st, 0);
        const char *role = (const char *)sqlite3_column_text(st, 1);
        const char *sha = (const char *)sqlite3_column_text(st, 2);
        if (!path || !role || !sha) { same = 0; break; }
        char *full = strcmp(role, "rules") == 0 ? path_join(e->rules_dir, path) : path_join(evalrun_home(), path);
        char now[65];
        same = full && file_sha(full, now) && strcmp(now, sha) == 0;
        free(full);
    }
    sqlite3_finalize(st);
    if (!same || sqlite3_prepare_v2(db, "SELECT 1 FROM run_files WHERE path = ? AND sha256 = ?", -1, &st, NULL) != SQLITE_OK)
        return 0;
    for (int i = 0; same && i < e->nfiles; i++) {
        const struct run_file *f = &e->files[i];
        char *path = strcmp(f->role, "rules") == 0 ? engine_relative_path(f->path, e->rules_dir) : strdup(f->path);
        sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, f->sha, -1, SQLITE_STATIC);
        same = path && sqlite3_step(st) == SQLITE_ROW;
        sqlite3_reset(st);
        free(path);
    }
    sqlite3_finalize(st);
    return same;
}

/* The sources declared now are the run's, and their files are unchanged. */
static int same_sources(const engine *e, sqlite3 *db)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sources", -1, &st, NULL) != SQLITE_OK) return 0;
    int same = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == e->nsources;
    sqlite3_finalize(st);
    if (!same || sqlite3_prepare_v2(db, "SELECT 1 FROM sources WHERE path = ? AND sha256 = ?", -1, &st, NULL) != SQLITE_OK)
        return 0;
    for (int i = 0; same && i < e->nsources; i++) {
        const source_spec *s = &e->sources[i];
        if (!s->path) continue;    /* inline CSV: part of the rule file, checked with it */
        char now[65];
        char *rel = engine_relative_path(s->path, e->rules_dir);
        same = rel && file_sha(s->path, now);
        if (same) {
            sqlite3_bind_text(st, 1, rel, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
            same = sqlite3_step(st) == SQLITE_ROW;
            sqlite3_reset(st);
        }
        free(rel);
    }
    sqlite3_finalize(st);
    return same;
}

/* Where a run with the same options would have written its database. */
static char *saved_path(const engine *e)
{
    if (e->opt->db_path) return strdup(e->opt->db_path);
    char rel[600];
    snprintf(rel, sizeof rel, "out/%s", e->ruleset_id);
    return path_join(e->opt->out_dir ? e->opt->out_dir : rel, "results.sqlite");
}

int saved_run_use(engine *e)
{
    char *path = saved_path(e);
    sqlite3 *db = NULL;
    int fresh = path && path_exists(path)
                && sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK
                && same_run(e, db) && same_sources(e, db) && same_rule_files(e, db);
    if (!fresh) {
        if (db) sqlite3_close_v2(db);
        free(path);
        return 0;
    }
    text_register_collation(db);
    char *when = run_value(db, "started_at");
    fprintf(stderr, _("evalrun explain: from the run of %s (%s): the same rules, library and data\n"),
            when ? when : "?", path);
    free(when);
    free(path);
    sqlite3_close_v2(e->db);
    e->db = db;
    return 1;
}

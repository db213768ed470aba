/* integrity.c — keys and references across loaded tables (loader_check_integrity in loader.h).
 *
 * Runs after every source is loaded, so a reference may point to a row of a
 * file loaded later. Each problem is reported at the offending row's own
 * place, found through its _src and _line columns, the `sources` table
 * (source id -> path) and `source_columns` (column -> field number).
 *
 * The key of each table and every referenced column get an index here: the
 * checks need them, and rules looking rows up by id need them too. Building
 * them once after loading is much faster than keeping them during the inserts.
 */
#include "loader.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    sqlite3 *db;
    errlist *errs;
    char **path;         /* [npath] by source id; NULL when unknown */
    int npath;
    int problems;
} checker;

/* {{{ places */

static void paths_load(checker *k)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(k->db, "SELECT id, path FROM sources WHERE id >= 0 ORDER BY id", -1, &st, NULL) != SQLITE_OK)
        return;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int id = sqlite3_column_int(st, 0);
        if (id >= k->npath) {
            int n = id + 16;
            char **p = realloc(k->path, (size_t)n * sizeof *p);
            if (!p)
                break;
            memset(p + k->npath, 0, (size_t)(n - k->npath) * sizeof *p);
            k->path = p;
            k->npath = n;
        }
        const char *text = (const char *)sqlite3_column_text(st, 1);
        free(k->path[id]);
        k->path[id] = text ? strdup(text) : NULL;
    }
    sqlite3_finalize(st);
}

static const char *path_of(const checker *k, int src)
{
    return src >= 0 && src < k->npath && k->path[src] ? k->path[src] : "(unknown file)";
}

/* Field number of `column` in source `src`, 0 when not recorded. */
static int colno_of(const checker *k, int src, const char *column)
{
    sqlite3_stmt *st;
    int colno = 0;
    if (sqlite3_prepare_v2(k->db, "SELECT colno FROM source_columns WHERE src = ? AND column_name = ?",
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_int(st, 1, src);
    sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        colno = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return colno;
}

/* A key value as shown in a message: text in quotes, numbers as they are. */
static void value_append(sqlite3_str *out, sqlite3_value *v)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_NULL: sqlite3_str_appendall(out, "empty"); break;
    case SQLITE_TEXT: sqlite3_str_appendf(out, "\"%s\"", (const char *)sqlite3_value_text(v)); break;
    default: sqlite3_str_appendall(out, (const char *)sqlite3_value_text(v)); break;
    }
}

static int exec_or_report(checker *k, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(k->db, sql, NULL, NULL, &err) == SQLITE_OK)
        return 1;
    errlist_add(k->errs, "cannot check the loaded data: %s", err ? err : sqlite3_errmsg(k->db));
    sqlite3_free(err);
    k->problems++;
    return 0;
}

/* }}} */
/* {{{ duplicate keys */

static void key_list(sqlite3_str *out, const table_spec *t, const char *sep, const char *suffix)
{
    for (int i = 0; i < t->nkey; i++)
        sqlite3_str_appendf(out, "%s\"%w\"%s", i ? sep : "", t->cols[t->key[i]].name, suffix);
}

/* Reports every row of one duplicated key after the first, pointing at the first. */
static void duplicates_of_group(checker *k, const table_spec *t, sqlite3_stmt *group, sqlite3_stmt *rows)
{
    sqlite3_str *shown = sqlite3_str_new(k->db);
    sqlite3_str_appendall(shown, "(");
    key_list(shown, t, ", ", "");
    sqlite3_str_appendall(shown, ") = (");
    for (int i = 0; i < t->nkey; i++) {
        if (i)
            sqlite3_str_appendall(shown, ", ");
        value_append(shown, sqlite3_column_value(group, i));
        sqlite3_bind_value(rows, i + 1, sqlite3_column_value(group, i));
    }
    sqlite3_str_appendall(shown, ")");
    char *key = sqlite3_str_finish(shown);
    int first_src = -1;
    long first_line = 0;
    while (sqlite3_step(rows) == SQLITE_ROW) {
        int src = sqlite3_column_int(rows, 0);
        long line = (long)sqlite3_column_int64(rows, 1);
        if (first_src < 0) {
            first_src = src;
            first_line = line;
            continue;
        }
        errlist_add(k->errs, "%s:%ld: duplicate key %s in table %s: also at %s:%ld", path_of(k, src), line,
                    key ? key : "", t->name, path_of(k, first_src), first_line);
        k->problems++;
    }
    sqlite3_reset(rows);
    sqlite3_free(key);
}

static void check_keys(checker *k, const table_spec *t)
{
    if (t->nkey <= 0)
        return;
    sqlite3_str *sql = sqlite3_str_new(k->db);
    sqlite3_str_appendf(sql, "CREATE INDEX IF NOT EXISTS \"%w__key\" ON \"%w\"(", t->name, t->name);
    key_list(sql, t, ", ", "");
    sqlite3_str_appendall(sql, ")");
    char *text = sqlite3_str_finish(sql);
    int ok = text && exec_or_report(k, text);
    sqlite3_free(text);
    if (!ok)
        return;

    sql = sqlite3_str_new(k->db);
    sqlite3_str_appendall(sql, "SELECT ");
    key_list(sql, t, ", ", "");
    sqlite3_str_appendf(sql, " FROM \"%w\" WHERE ", t->name);
    key_list(sql, t, " AND ", " IS NOT NULL");
    sqlite3_str_appendall(sql, " GROUP BY ");
    key_list(sql, t, ", ", "");
    sqlite3_str_appendall(sql, " HAVING count(*) > 1");
    char *group_sql = sqlite3_str_finish(sql);

    sql = sqlite3_str_new(k->db);
    sqlite3_str_appendf(sql, "SELECT _src, _line FROM \"%w\" WHERE ", t->name);
    for (int i = 0; i < t->nkey; i++)
        sqlite3_str_appendf(sql, "%s\"%w\" = ?%d", i ? " AND " : "", t->cols[t->key[i]].name, i + 1);
    sqlite3_str_appendall(sql, " ORDER BY _src, _line");
    char *rows_sql = sqlite3_str_finish(sql);

    sqlite3_stmt *group = NULL, *rows = NULL;
    if (group_sql && rows_sql && sqlite3_prepare_v2(k->db, group_sql, -1, &group, NULL) == SQLITE_OK
        && sqlite3_prepare_v2(k->db, rows_sql, -1, &rows, NULL) == SQLITE_OK) {
        while (sqlite3_step(group) == SQLITE_ROW)
            duplicates_of_group(k, t, group, rows);
    } else {
        errlist_add(k->errs, "cannot check the keys of table %s: %s", t->name, sqlite3_errmsg(k->db));
        k->problems++;
    }
    sqlite3_finalize(group);
    sqlite3_finalize(rows);
    sqlite3_free(group_sql);
    sqlite3_free(rows_sql);
}

/* }}} */
/* {{{ references */

static const table_spec *table_named(const table_spec *const *tables, int ntables, const char *name)
{
    for (int i = 0; i < ntables; i++)
        if (strcmp(tables[i]->name, name) == 0)
            return tables[i];
    return NULL;
}

/* "unit id" for units.id, "person id" for people.id: what an office user calls it. */
static char *ref_noun(const char *table, const char *column)
{
    size_t n = strlen(table);
    if (strcmp(table, "people") == 0)
        return sqlite3_mprintf("person %s", column);
    if (n > 1 && table[n - 1] == 's')
        return sqlite3_mprintf("%.*s %s", (int)(n - 1), table, column);
    return sqlite3_mprintf("%s %s", table, column);
}

static void check_reference(checker *k, const table_spec *t, const column_spec *c, const table_spec *ref)
{
    /* the referenced key's own index serves when the column leads it */
    int indexed = ref && ref->nkey > 0 && strcmp(ref->cols[ref->key[0]].name, c->ref_column) == 0;
    if (!indexed) {
        char *sql = sqlite3_mprintf("CREATE INDEX IF NOT EXISTS \"%w__%w\" ON \"%w\"(\"%w\")",
                                    c->ref_table, c->ref_column, c->ref_table, c->ref_column);
        int ok = sql && exec_or_report(k, sql);
        sqlite3_free(sql);
        if (!ok)
            return;
    }
    char *sql = sqlite3_mprintf("SELECT _src, _line, \"%w\" FROM \"%w\" AS t WHERE \"%w\" IS NOT NULL "
                                "AND NOT EXISTS (SELECT 1 FROM \"%w\" AS r WHERE r.\"%w\" = t.\"%w\") "
                                "ORDER BY _src, _line",
                                c->name, t->name, c->name, c->ref_table, c->ref_column, c->name);
    sqlite3_stmt *st = NULL;
    if (!sql || sqlite3_prepare_v2(k->db, sql, -1, &st, NULL) != SQLITE_OK) {
        errlist_add(k->errs, "cannot check %s.%s against %s.%s: %s", t->name, c->name, c->ref_table,
                    c->ref_column, sqlite3_errmsg(k->db));
        k->problems++;
        sqlite3_free(sql);
        return;
    }
    sqlite3_free(sql);
    char *noun = ref_noun(c->ref_table, c->ref_column);
    int last_src = -1, colno = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int src = sqlite3_column_int(st, 0);
        long line = (long)sqlite3_column_int64(st, 1);
        if (src != last_src) {
            colno = colno_of(k, src, c->name);
            last_src = src;
        }
        sqlite3_str *value = sqlite3_str_new(k->db);
        value_append(value, sqlite3_column_value(st, 2));
        char *shown = sqlite3_str_finish(value);
        if (colno)
            errlist_add(k->errs, "%s:%ld:%d: unknown %s %s (%s.%s)", path_of(k, src), line, colno,
                        noun ? noun : c->ref_column, shown ? shown : "", c->ref_table, c->ref_column);
        else
            errlist_add(k->errs, "%s:%ld: unknown %s %s (%s.%s)", path_of(k, src), line,
                        noun ? noun : c->ref_column, shown ? shown : "", c->ref_table, c->ref_column);
        sqlite3_free(shown);
        k->problems++;
    }
    sqlite3_free(noun);
    sqlite3_finalize(st);
}

/* }}} */

int loader_check_integrity(sqlite3 *db, const table_spec *const *tables, int ntables, errlist *errs)
{
    checker k = { db, errs, NULL, 0, 0 };
    paths_load(&k);
    for (int i = 0; i < ntables; i++)
        check_keys(&k, tables[i]);
    for (int i = 0; i < ntables; i++) {
        const table_spec *t = tables[i];
        for (int c = 0; c < t->ncols; c++) {
            const column_spec *col = &t->cols[c];
            if (!col->ref_table || !col->ref_column)
                continue;
            const table_spec *ref = table_named(tables, ntables, col->ref_table);
            if (!ref) {
                errlist_add(errs, "table %s: column %s refers to %s.%s, but there is no table %s",
                            t->name, col->name, col->ref_table, col->ref_column, col->ref_table);
                k.problems++;
                continue;
            }
            check_reference(&k, t, col, ref);
        }
    }
    for (int i = 0; i < k.npath; i++)
        free(k.path[i]);
    free(k.path);
    return k.problems;
}

/* fuzz_loader.c — libFuzzer target for the CSV loader (core/loader.c).
 *
 * The first byte chooses the delimiter (or detection) and the number format;
 * the rest is a CSV file loaded into two tables like the canonical ones (text,
 * whole numbers, numbers, yes/no, a key, a reference), through the parsing and
 * storing threads, with keys and references checked. Whatever the bytes, the
 * loader must not crash, leak or race, must report every problem with its
 * place, and must store nothing of a file it found a problem in. Each file is
 * loaded twice, with the loader's own split of plain lines and with libcsv
 * alone: the rows and the messages must be the same.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errlist.h"
#include "loader.h"

static column_spec unit_cols[] = {
    { .name = (char *)"id", .type = COL_TEXT, .required = 1 },
    { .name = (char *)"name", .type = COL_TEXT, .required = 1 },
    { .name = (char *)"parent_id", .type = COL_TEXT, .ref_table = (char *)"units", .ref_column = (char *)"id" },
};
static int unit_key[] = { 0 };
static table_spec units = { .name = (char *)"units", .cols = unit_cols, .ncols = 3, .key = unit_key, .nkey = 1 };

static column_spec target_cols[] = {
    { .name = (char *)"unit_id", .type = COL_TEXT, .required = 1, .ref_table = (char *)"units", .ref_column = (char *)"id" },
    { .name = (char *)"year", .type = COL_INTEGER, .required = 1 },
    { .name = (char *)"plan", .type = COL_NUMBER },
    { .name = (char *)"audited", .type = COL_BOOL },
};
static int target_key[] = { 0, 1 };
static table_spec targets = { .name = (char *)"targets", .cols = target_cols, .ncols = 4, .key = target_key, .nkey = 2 };

static long count_rows(sqlite3 *db, const char *table)
{
    char sql[64];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    sqlite3_stmt *st;
    long n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void add_line(char **out, size_t *len, size_t *cap, const char *v)
{
    size_t n = strlen(v);
    while (*len + n + 2 > *cap)
        if (!(*out = realloc(*out, *cap *= 2)))
            abort();
    memcpy(*out + *len, v, n);
    *len += n;
    (*out)[(*len)++] = '\n';
    (*out)[*len] = 0;
}

/* What a load gave: the rows it counted, the rows stored (every value, as SQLite quotes it)
 * and every message. */
static char *outcome(sqlite3 *db, const char *table, long rows, const errlist *errs)
{
    size_t cap = 256, len = 0;
    char *out = malloc(cap), count[32];
    if (!out)
        abort();
    out[0] = 0;
    snprintf(count, sizeof count, "%ld", rows);
    add_line(&out, &len, &cap, count);
    const char *sql = table[0] == 'u'
        ? "SELECT quote(id) || '|' || quote(name) || '|' || quote(parent_id) FROM units ORDER BY rowid"
        : "SELECT quote(unit_id) || '|' || quote(year) || '|' || quote(plan) || '|' || quote(audited) "
          "FROM targets ORDER BY rowid";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        abort();
    while (sqlite3_step(st) == SQLITE_ROW)
        add_line(&out, &len, &cap, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    for (int i = 0; i < errs->nmsg; i++)
        add_line(&out, &len, &cap, errs->msg[i]);
    return out;
}

/* One load of the file into fresh tables; returns its outcome. */
static char *load_once(const char *text, size_t len, int which, char delim, numfmt fmt)
{
    sqlite3 *db;
    errlist errs = { 0 };
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        abort();
    if (loader_create_table(db, &units, &errs) != 0 || loader_create_table(db, &targets, &errs) != 0)
        abort();
    const table_spec *tables[] = { &units, &targets };
    int nsources[] = { which == 0, which == 1 };
    load_checks *checks = loader_checks_new(tables, nsources, 2);
    source_spec s;
    memset(&s, 0, sizeof s);
    s.id = 1;
    s.table = which ? &targets : &units;
    s.path = (char *)"fuzz.csv";
    s.text = (char *)text;
    s.textlen = len;
    s.delimiter = delim;
    s.numbers = fmt;
    s.declared_at = (char *)"rules/fuzz.lua:1";
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    long rows = loader_load_source(db, &s, checks, &errs);
    loader_checks_finish(db, checks, &errs);
    loader_checks_free(checks);
    /* a problem is always said, with the file's name; rows are counted right */
    if (rows < 0 && errs.count == 0)
        abort();
    for (int i = 0; i < errs.nmsg; i++)
        if (strncmp(errs.msg[i], "fuzz.csv", 8) != 0)
            abort();
    if (rows >= 0 && count_rows(db, s.table->name) != rows)
        abort();
    char *got = outcome(db, s.table->name, rows, &errs);
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    errlist_free(&errs);
    sqlite3_close(db);
    return got;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char delims[] = { 0, ',', ';', '\t' };
    int which = data[0] & 1;               /* which table the file fills */
    char delim = delims[(data[0] >> 1) & 3];
    numfmt fmt = (data[0] >> 3) & 1 ? NUM_VI : NUM_PLAIN;
    size_t len = size - 1;
    char *text = malloc(len ? len : 1);    /* exactly the file's bytes: a read past them is caught */
    if (!text)
        return 0;
    memcpy(text, data + 1, len);
    /* the loader's own split of plain lines and libcsv alone load the file alike */
    char *split = load_once(text, len, which, delim, fmt);
    loader_set_plain_lines(0);
    char *libcsv = load_once(text, len, which, delim, fmt);
    loader_set_plain_lines(1);
    if (strcmp(split, libcsv) != 0) {
        fprintf(stderr, "fuzz_loader: the loader's split and libcsv differ:\n%s---\n%s", split, libcsv);
        abort();
    }
    free(split);
    free(libcsv);
    free(text);
    return 0;
}

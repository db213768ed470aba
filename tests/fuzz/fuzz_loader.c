/* fuzz_loader.c — libFuzzer target for the CSV loader (core/loader.c).
 *
 * The first byte chooses the delimiter (or detection) and the number format;
 * the rest is a CSV file loaded into two tables like the canonical ones (text,
 * whole numbers, numbers, yes/no, a key, a reference), through the parsing and
 * storing threads, with keys and references checked. Whatever the bytes, the
 * loader must not crash, leak or race, must report every problem with its
 * place, and must store nothing of a file it found a problem in.
 */
#include <stdint.h>
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
    s.text = text;
    s.textlen = len;
    s.delimiter = delim;
    s.numbers = fmt;
    s.declared_at = (char *)"rules/fuzz.lua:1";
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    long rows = loader_load_source(db, &s, checks, &errs);
    int problems = loader_checks_finish(db, checks, &errs);
    loader_checks_free(checks);
    /* a problem is always said, with the file's name; rows are counted right */
    if (rows < 0 && errs.count == 0)
        abort();
    for (int i = 0; i < errs.nmsg; i++)
        if (strncmp(errs.msg[i], "fuzz.csv", 8) != 0)
            abort();
    if (rows >= 0 && count_rows(db, s.table->name) != rows)
        abort();
    (void)problems;
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    errlist_free(&errs);
    sqlite3_close(db);
    free(text);
    return 0;
}

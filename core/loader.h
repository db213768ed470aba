/* loader.h — CSV files into SQLite tables (libcsv, prepared statements).
 *
 * The caller opens one transaction around all of it: on any problem it rolls
 * back, so nothing is ever half-loaded. Every problem is appended to errs as
 * "path:LINE:COL: message" (LINE and COL 1-based; COL counts fields) and
 * loading goes on to find the others.
 */
#ifndef EVALRUN_LOADER_H
#define EVALRUN_LOADER_H

#include <sqlite3.h>
#include "errlist.h"
#include "schema.h"

typedef struct load_checks load_checks;

/* Creates `t` as a SQLite table: _src INTEGER, _line INTEGER, then the columns
 * (TEXT columns use COLLATE vi). Also creates the bookkeeping tables
 * sources(id, table_name, path, rows, sha256) and
 * source_columns(src, column_name, colno, header) if missing. */
int loader_create_table(sqlite3 *db, const table_spec *t, errlist *errs);

/* Loads one source into its table. Handles a UTF-8 BOM, CRLF or LF, the
 * delimiter, quoted fields with embedded newlines, NFC, number formats and
 * types. Problems found: missing file, empty file, missing required column
 * header, invalid UTF-8, unterminated quote, a row with too many or too few
 * fields, a value that is not of its column's type, an empty required cell.
 * Records the source in `sources` / `source_columns` (sha256 of the bytes read).
 * Returns the number of rows inserted, or -1 if any problem was found (-2 when
 * the database could not be written: a full disk, an I/O error). */
long loader_load_source(sqlite3 *db, const source_spec *s, load_checks *checks, errlist *errs);

/* Lines with no quote are split by the loader itself, the rest by libcsv, with the same
 * result; 0 sends every line to libcsv (for the tests that compare the two). */
void loader_set_plain_lines(int on);

/* Duplicate keys and references to unknown ids, checked while the values
 * pass through the loader (hash sets: no index, no second pass over the
 * table). `nsources[i]` sources fill tables[i]: a reference to a table not
 * yet complete is kept and checked when it is. The tables must outlive it. */
load_checks *loader_checks_new(const table_spec *const *tables, const int *nsources, int ntables);

/* After every source is loaded: reports each problem at the row's own place,
 * duplicates first, then references, in table and column order
 * ("path:LINE:COL: unknown unit id "X" (units.id)";
 * "path:LINE: duplicate key ("a") = ("x") in table t: also at path:LINE").
 * References into a table whose own file had problems are not checked (every
 * row would be reported). Returns the number of problems. */
int loader_checks_finish(sqlite3 *db, load_checks *checks, errlist *errs);
void loader_checks_free(load_checks *checks);

/* Creates the index "<table>__key" on the table's key, once (rules looking
 * rows up by key need it; a run that only streams a table never builds it). */
int loader_key_index(sqlite3 *db, table_spec *t);

#endif

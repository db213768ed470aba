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
 * Returns the number of rows inserted, or -1 if any problem was found. */
long loader_load_source(sqlite3 *db, const source_spec *s, errlist *errs);

/* After all sources are loaded: duplicate keys and references to unknown ids,
 * each reported at the row's own place ("path:LINE:COL: unknown unit id "X"
 * (units.id)"; "path:LINE: duplicate key (a, b): also at path:LINE").
 * Returns the number of problems. */
int loader_check_integrity(sqlite3 *db, const table_spec *const *tables, int ntables, errlist *errs);

#endif

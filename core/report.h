/* report.h — the output tables, written in every format an office uses.
 *
 * Rules build tables with report.table{} (docs/rules.md). The engine stores
 * them in the results database as they are built, so the writers read only
 * the database:
 *
 *   run(key TEXT PRIMARY KEY, value TEXT)
 *       keys used by writers: ruleset_id, ruleset_title, year, engine_version
 *   report_tables(id TEXT PRIMARY KEY, ord INTEGER, title TEXT, grp TEXT,
 *                 notes TEXT,          -- JSON array of strings, or NULL
 *                 chart_label TEXT, chart_value TEXT,   -- column keys, or NULL
 *                 formats TEXT,        -- JSON array of format names, NULL = all
 *                 rule TEXT)           -- "rules/x.lua:LINE" where it was made
 *   report_columns(table_id TEXT, ord INTEGER, key TEXT, title TEXT,
 *                  type TEXT,          -- text | integer | number | percent
 *                  decimals INTEGER)   -- NULL = as needed
 *   "t_<id>"(_ord INTEGER PRIMARY KEY, "<key>" ..., one column per report_columns row)
 *       values typed: TEXT, INTEGER, REAL or NULL. A percent column holds
 *       110.05 for "110,05%".
 *
 * Human formats (md, html, and the display format of xlsx cells) show
 * Vietnamese numbers (20.360, 110,05%); machine formats (csv, json) plain
 * ones (20360, 110.05). Output is a pure function of the database content:
 * no timestamps, no locale, no machine-dependent text, so two runs give
 * byte-identical files.
 */
#ifndef EVALRUN_REPORT_H
#define EVALRUN_REPORT_H

#include <sqlite3.h>
#include <stdio.h>
#include "errlist.h"

enum {
    FMT_MD   = 1 << 0,   /* <outdir>/report.md, all tables */
    FMT_CSV  = 1 << 1,   /* <outdir>/<table id>.csv, one per table, UTF-8 with BOM, CRLF, RFC 4180 */
    FMT_JSON = 1 << 2,   /* <outdir>/report.json, schema in docs/output-formats.md */
    FMT_XLSX = 1 << 3,   /* <outdir>/report.xlsx, one sheet per table */
    FMT_HTML = 1 << 4,   /* <outdir>/report.html, standalone printable A4 */
    FMT_ALL  = 0x1f
};

/* The two CSV dialects (docs/output-formats.md): RFC 4180 for programs
 * (',', 20360, 110.05) and the one a Vietnamese Excel opens into columns on a
 * double click (';', 20.360, 110,05). Chosen with --csv or ruleset{ csv = ... }
 * and kept in the run table as csv_dialect. */
enum { CSV_RFC4180 = 0, CSV_EXCEL_VI = 1 };
/* "rfc4180" (or NULL) or "excel-vi" → CSV_*, -1 if unknown. */
int report_parse_csv_dialect(const char *name);

/* Parses "md,csv,json,xlsx,html" (or "all"). Returns the bit set, or -1 and names the bad word in errs. */
int report_parse_formats(const char *list, errlist *errs);

/* Writes every table in the chosen formats into outdir (created if missing).
 * All files are first written under temporary names and renamed only when
 * every one of them succeeded, so a failure leaves the previous outputs as
 * they were. Appends the paths written to `written` (one per line, caller
 * frees *written) if written != NULL. Returns 0, or -1 with errs filled. */
int report_write_all(sqlite3 *db, const char *outdir, int formats, char **written, errlist *errs);
/* Writes the files into dir (a fresh staging folder: a file already there is
 * an error), naming them shown_dir/NAME in messages and in `written`. What was
 * written is left on failure: the caller removes the folder. */
int report_write_into(sqlite3 *db, const char *dir, const char *shown_dir, int formats, char **written, errlist *errs);

/* Adds to `warnings` each cell (up to 5 per table) longer than an Excel cell
 * holds (32,767 characters) in a table that goes into report.xlsx, where it
 * is cut. `check` and the run say so before anything is written. Returns the
 * number of such cells. */
long report_xlsx_long_cells(sqlite3 *db, errlist *warnings);

/* Prints the tables as Markdown to f (the terminal), at most max_rows rows per
 * table (then a line saying how many were left out; max_rows < 0: all). */
int report_print_markdown(sqlite3 *db, FILE *f, long max_rows);

#endif

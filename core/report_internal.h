/* report_internal.h — what the output writers share: the report's tables and
 * columns read from the results database (report.h lists the tables), a row
 * cursor, and the two ways a cell is printed (plain for programs, Vietnamese
 * for people).
 *
 * Every writer reads the same loaded description, so tables come out in the
 * same order (report_tables.ord, rows by _ord) in every format.
 */
#ifndef EVALRUN_REPORT_INTERNAL_H
#define EVALRUN_REPORT_INTERNAL_H

#include <sqlite3.h>
#include <stdio.h>
#include "errlist.h"

typedef enum { RCOL_TEXT, RCOL_INTEGER, RCOL_NUMBER, RCOL_PERCENT } rcoltype;

typedef struct rcol {
    char *key;         /* column name in "t_<id>" and key in report.json */
    char *title;       /* header people read */
    rcoltype type;
    int decimals;      /* -1: as many as needed (report_columns.decimals NULL) */
} rcol;

typedef struct rtable {
    char *id;          /* [a-z0-9_]+, checked on load because it becomes a file name */
    char *title;
    char *grp;         /* NULL: not in a group */
    char **notes;
    int nnotes;
    int chart_label;   /* column index, -1: no chart */
    int chart_value;
    int formats;       /* FMT_* bits this table appears in */
    rcol *cols;
    int ncols;
} rtable;

typedef struct rreport {
    char *ruleset_id;      /* run keys; NULL when the run table lacks them */
    char *ruleset_title;
    char *year;
    char *engine_version;
    char *csv_dialect;     /* "excel-vi" or "rfc4180" (NULL: rfc4180) */
    char *signature;       /* JSON: the signature block of the HTML report (NULL: none) */
    rtable *tables;        /* in report_tables.ord order */
    int ntables;
} rreport;

/* The most characters an Excel cell holds: longer text is cut in report.xlsx (with a warning). */
#define XLSX_CELL_MAX 32767

/* FMT_* bit of a format name ("md", "csv", "json", "xlsx", "html"), 0 if unknown. */
int report_format_bit(const char *name, size_t len);

/* Reads run, report_tables and report_columns. Returns 0, or -1 with errs filled. */
int report_load(sqlite3 *db, rreport *r, errlist *errs);
void report_free(rreport *r);

/* Prepares SELECT of t's columns from "t_<id>" in _ord order. NULL on error (errs filled). */
sqlite3_stmt *report_rows(sqlite3 *db, const rtable *t, errlist *errs);
/* Steps st: 1 a row, 0 done, -1 error (errs filled, naming the table). */
int report_step(sqlite3 *db, sqlite3_stmt *st, const rtable *t, errlist *errs);

/* One cell, as the writers need it. */
typedef enum { RCELL_NULL, RCELL_TEXT, RCELL_INT, RCELL_REAL } rcellkind;
typedef struct rcell {
    rcellkind kind;
    const char *text;  /* RCELL_TEXT: NUL-terminated, valid until the next step */
    long long i;       /* RCELL_INT */
    double x;          /* RCELL_REAL, already rounded to the column's decimals */
} rcell;

/* Reads column i of the current row. A text column is always text; a numeric
 * column holding text (which the engine should not store) stays text so that
 * nothing is lost. Non-finite numbers read as NULL. */
void report_cell(sqlite3_stmt *st, int i, const rcol *c, rcell *out);

/* Number of decimals the cell is shown with: the column's, or for "as needed"
 * the fewest (up to 6) that show the value. */
int report_cell_decimals(const rcell *v, const rcol *c);

/* Plain number for programs: 20360, 110.05, -0.5 (no exponent below 1e15,
 * no trailing zeros, never "-0"). Text cells return their text, NULL cells "". */
const char *report_cell_plain(const rcell *v, char *buf, size_t size);
/* Vietnamese number for people: 20.360, 110,05%. Text cells return their text, NULL cells "". */
const char *report_cell_vi(const rcell *v, const rcol *c, char *buf, size_t size);
/* Whether the cell is shown right-aligned (a number). */
int report_cell_is_number(const rcell *v);

/* Display width of UTF-8 text in code points (Vietnamese text is NFC, so one per letter). */
size_t report_text_width(const char *s);

/* "Báo cáo kết quả đánh giá năm 2023" (without the year when run has none), into buf. */
const char *report_heading(const rreport *r, char *buf, size_t size);

/* The writers. Each returns 0, or -1 with errs filled; `path` only names the file in messages. */
int report_md_write(sqlite3 *db, const rreport *r, FILE *f, long max_rows, const char *path, errlist *errs);
int report_csv_write(sqlite3 *db, const rtable *t, int dialect, FILE *f, const char *path, errlist *errs);
int report_json_write(sqlite3 *db, const rreport *r, FILE *f, const char *path, errlist *errs);
int report_html_write(sqlite3 *db, const rreport *r, FILE *f, const char *path, errlist *errs);
/* libxlsxwriter writes to a file name, so this one takes the (temporary) path itself. */
int report_xlsx_write(sqlite3 *db, const rreport *r, const char *tmp_path, const char *path, errlist *errs);

#endif

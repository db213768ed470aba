/* report_csv.c — <table id>.csv, the table for spreadsheets and other programs.
 *
 * Dialect: UTF-8 with a BOM (so Excel does not read the text as Windows-1258),
 * comma-separated, CRLF line ends, RFC 4180 quoting (a field holding '"', ',',
 * CR or LF is put in double quotes, inner quotes doubled). The first row is the
 * column titles. Numbers are plain: 20360, 110.05, -0.5.
 *
 * Formula injection: Excel runs a field that starts with '=', '+', '-' or '@'
 * (and some versions one starting with a tab or CR) as a formula, so a unit
 * named =HYPERLINK(...) could run code on an office computer. Such a text
 * field is written with a leading apostrophe ('=HYPERLINK(...)), which Excel
 * shows as text. Numbers are never changed: -0.5 stays a number.
 */
#include "report.h"
#include "report_internal.h"

#include <string.h>

static int csv_formula_start(const char *s)
{
    return *s && strchr("=+-@\t\r", *s) != NULL;
}

static void csv_put_text(FILE *f, const char *s)
{
    int quote = strpbrk(s, "\",\r\n") != NULL;
    if (quote)
        fputc('"', f);
    if (csv_formula_start(s))
        fputc('\'', f);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    if (quote)
        fputc('"', f);
}

int report_csv_write(sqlite3 *db, const rtable *t, FILE *f, const char *path, errlist *errs)
{
    sqlite3_stmt *st = report_rows(db, t, errs);
    if (!st)
        return -1;
    fputs("\xEF\xBB\xBF", f);
    for (int i = 0; i < t->ncols; i++) {
        if (i)
            fputc(',', f);
        csv_put_text(f, t->cols[i].title);
    }
    fputs("\r\n", f);
    char buf[64];
    int rc;
    while ((rc = report_step(db, st, t, errs)) == 1) {
        for (int i = 0; i < t->ncols; i++) {
            if (i)
                fputc(',', f);
            rcell v;
            report_cell(st, i, &t->cols[i], &v);
            if (v.kind == RCELL_TEXT)
                csv_put_text(f, v.text);
            else
                fputs(report_cell_plain(&v, buf, sizeof buf), f);
        }
        fputs("\r\n", f);
    }
    sqlite3_finalize(st);
    if (rc == 0 && ferror(f)) {
        errlist_add(errs, "%s: cannot write", path);
        rc = -1;
    }
    return rc < 0 ? -1 : 0;
}

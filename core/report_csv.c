/* report_csv.c — <table id>.csv, the table for spreadsheets and other programs.
 *
 * Two dialects (report.h), both UTF-8 with a BOM (so Excel does not read the
 * text as Windows-1258), CRLF line ends, RFC 4180 quoting (a field holding
 * '"', the separator, CR or LF is put in double quotes, inner quotes doubled),
 * the column titles in the first row:
 *   rfc4180   for programs: ',' between fields, plain numbers 20360, 110.05, -0.5;
 *   excel-vi  for a Vietnamese Excel (vi-VN list separator ';', decimal ',',
 *             thousands '.'), which a double click opens into columns:
 *             ';' between fields, numbers 20.360, 110,05, -0,5.
 *
 * Formula injection: Excel runs a field that starts with '=', '+', '-' or '@'
 * (and some versions one starting with a tab or CR) as a formula, so a unit
 * named =HYPERLINK(...) could run code on an office computer. Such a text
 * field is written with a leading apostrophe ('=HYPERLINK(...)), which Excel
 * shows as text. Numbers are never changed: -0.5 stays a number.
 */
#include "report.h"
#include "report_internal.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

static int csv_formula_start(const char *s)
{
    return *s && strchr("=+-@\t\r", *s) != NULL;
}

/* Rows are built in a buffer and written with one fwrite per 64 KiB: putting
 * the bytes one by one through stdio costs more than everything else here. */
typedef struct csvbuf {
    FILE *f;
    size_t len;
    char s[1 << 16];
} csvbuf;

static void cb_flush(csvbuf *b)
{
    if (b->len)
        fwrite(b->s, 1, b->len, b->f);
    b->len = 0;
}

static void cb_add(csvbuf *b, const char *s, size_t n)
{
    if (b->len + n > sizeof b->s) {
        cb_flush(b);
        if (n > sizeof b->s) {
            fwrite(s, 1, n, b->f);
            return;
        }
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
}

static void cb_addc(csvbuf *b, char c)
{
    if (b->len == sizeof b->s)
        cb_flush(b);
    b->s[b->len++] = c;
}

static void csv_put_text(csvbuf *b, const char *s, char sep)
{
    const char special[] = { '"', sep, '\r', '\n', 0 };
    size_t n = strcspn(s, special);
    int quote = s[n] != 0;
    if (!quote && !csv_formula_start(s)) {
        cb_add(b, s, n);               /* the usual case: nothing to escape */
        return;
    }
    if (quote)
        cb_addc(b, '"');
    if (csv_formula_start(s))
        cb_addc(b, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            cb_addc(b, '"');
        cb_addc(b, *p);
    }
    if (quote)
        cb_addc(b, '"');
}

/* A plain number (20360.5) as a vi-VN Excel reads it (20.360,5). */
static void csv_put_vi_number(csvbuf *b, const char *plain)
{
    const char *p = plain;
    if (*p == '-')
        cb_addc(b, *p++);
    size_t whole = strspn(p, "0123456789");
    if (p[whole] && p[whole] != '.') {       /* not a plain decimal (an exponent): leave it */
        cb_add(b, p, strlen(p));
        return;
    }
    for (size_t i = 0; i < whole; i++) {
        if (i && (whole - i) % 3 == 0)
            cb_addc(b, '.');
        cb_addc(b, p[i]);
    }
    if (p[whole] == '.') {
        cb_addc(b, ',');
        cb_add(b, p + whole + 1, strlen(p + whole + 1));
    }
}

int report_csv_write(sqlite3 *db, const rtable *t, int dialect, FILE *f, const char *path, errlist *errs)
{
    char sep = dialect == CSV_EXCEL_VI ? ';' : ',';
    sqlite3_stmt *st = report_rows(db, t, errs);
    if (!st)
        return -1;
    csvbuf *b = malloc(sizeof *b);
    if (!b) {
        sqlite3_finalize(st);
        errlist_add(errs, _("%s: out of memory"), path);
        return -1;
    }
    b->f = f;
    b->len = 0;
    cb_add(b, "\xEF\xBB\xBF", 3);
    for (int i = 0; i < t->ncols; i++) {
        if (i)
            cb_addc(b, sep);
        csv_put_text(b, t->cols[i].title, sep);
    }
    cb_add(b, "\r\n", 2);
    char num[64];
    int rc;
    while ((rc = report_step(db, st, t, errs)) == 1) {
        for (int i = 0; i < t->ncols; i++) {
            if (i)
                cb_addc(b, sep);
            rcell v;
            report_cell(st, i, &t->cols[i], &v);
            if (v.kind == RCELL_TEXT)
                csv_put_text(b, v.text, sep);
            else {
                const char *s = report_cell_plain(&v, num, sizeof num);
                if (dialect == CSV_EXCEL_VI)
                    csv_put_vi_number(b, s);
                else
                    cb_add(b, s, strlen(s));
            }
        }
        cb_add(b, "\r\n", 2);
    }
    cb_flush(b);
    free(b);
    sqlite3_finalize(st);
    if (rc == 0 && ferror(f)) {
        errlist_add(errs, _("%s: cannot write"), path);
        rc = -1;
    }
    return rc < 0 ? -1 : 0;
}

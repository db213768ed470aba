/* report_xlsx.c — report.xlsx, one workbook with a sheet per table.
 *
 * Sheet layout: row 1 the table title (bold), row 2 the column titles (bold,
 * frozen, with an autofilter), the rows from row 3, then a blank row and the
 * notes, one per row. The sheet is named after the table title (cut to 31
 * characters, without []:*?/\ , made unique).
 *
 * Numbers are stored as numbers, rounded to the column's decimals like every
 * other format, with a display format: #,##0 / #,##0.00 for numbers and
 * #,##0.00% for percents, where a percent is stored as a fraction (110,05%
 * is the cell value 1.1005) so Excel computes with it as a percentage. Excel
 * shows these formats with the separators of the office's own locale, so a
 * Vietnamese Windows shows 20.360 and 110,05%.
 *
 * Text is written with worksheet_write_string, which makes a shared-string
 * cell and never a formula, so a name like =HYPERLINK(...) is shown as text.
 *
 * The document's creation time is fixed, so two runs give the same bytes.
 */
#include "report.h"
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xlsxwriter.h>

#define XLSX_FIRST_ROW 2     /* rows 0 and 1 hold the title and the column titles */
#define XLSX_MAX_DECIMALS 15
#define XLSX_MIN_WIDTH 6
#define XLSX_MAX_WIDTH 60

/* 2000-01-01T00:00:00Z: any fixed time will do; it only has to be the same each run. */
#define XLSX_FIXED_CREATED 946684800

typedef struct xlsx_formats {
    lxw_workbook *wb;
    lxw_format *title, *header, *note, *wrap;
    lxw_format *number[XLSX_MAX_DECIMALS + 1];   /* made when first needed */
    lxw_format *percent[XLSX_MAX_DECIMALS + 1];
} xlsx_formats;

static lxw_format *xlsx_number_format(xlsx_formats *x, int percent, int decimals)
{
    if (decimals > XLSX_MAX_DECIMALS)
        decimals = XLSX_MAX_DECIMALS;
    lxw_format **slot = percent ? &x->percent[decimals] : &x->number[decimals];
    if (!*slot) {
        char code[40] = "#,##0";
        if (decimals > 0) {
            strcat(code, ".");
            memset(code + strlen(code), '0', decimals);
            code[6 + decimals] = 0;
        }
        if (percent)
            strcat(code, "%");
        *slot = workbook_add_format(x->wb);
        format_set_num_format(*slot, code);
    }
    return *slot;
}

/* ---- sheet names ------------------------------------------------------- */

/* Excel compares sheet names without case, also for Vietnamese letters. */
static char *sheet_key(const char *name)
{
    utf8proc_uint8_t *out = NULL;
    if (utf8proc_map((const utf8proc_uint8_t *)name, 0, &out,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD) < 0)
        return strdup(name);
    return (char *)out;
}

/* Copies at most max code points of s into buf, replacing what Excel forbids in a sheet name. */
static void sheet_cut(const char *s, size_t max, char *buf, size_t size)
{
    size_t n = 0, cps = 0;
    for (const char *p = s; *p && n + 4 < size; p++) {
        unsigned char c = (unsigned char)*p;
        if ((c & 0xC0) != 0x80 && cps++ == max)
            break;
        buf[n++] = strchr("[]:*?/\\", c) || c < 0x20 ? '-' : (char)c;
    }
    buf[n] = 0;
    /* Excel refuses a name that starts or ends with an apostrophe. */
    if (buf[0] == '\'')
        buf[0] = '-';
    if (n && buf[n - 1] == '\'')
        buf[n - 1] = '-';
}

static int sheet_taken(char **keys, int nkeys, const char *name)
{
    char *key = sheet_key(name);
    int taken = !strcmp(key, "history");   /* reserved by Excel */
    for (int i = 0; i < nkeys && !taken; i++)
        taken = key && keys[i] && !strcmp(keys[i], key);
    free(key);
    return taken;
}

/* The title, cut and made unique with " (2)", " (3)"...; the id if the title is empty. */
static void sheet_name(const rtable *t, char **keys, int nkeys, char *buf, size_t size)
{
    const char *base = t->title && *t->title ? t->title : t->id;
    sheet_cut(base, LXW_SHEETNAME_MAX, buf, size);
    if (!*buf)
        sheet_cut(t->id, LXW_SHEETNAME_MAX, buf, size);
    for (int k = 2; sheet_taken(keys, nkeys, buf); k++) {
        char suffix[16];
        int sl = snprintf(suffix, sizeof suffix, " (%d)", k);
        sheet_cut(base, LXW_SHEETNAME_MAX - (size_t)sl, buf, size - (size_t)sl);
        strcat(buf, suffix);
    }
}

/* ---- one sheet --------------------------------------------------------- */

static int xlsx_cell(lxw_worksheet *ws, xlsx_formats *x, lxw_row_t row, int col, const rcell *v, const rcol *c)
{
    switch (v->kind) {
    case RCELL_NULL:
        return 0;
    case RCELL_TEXT: {
        lxw_format *f = strpbrk(v->text, "\r\n") ? x->wrap : NULL;
        if (lxw_utf8_strlen(v->text) <= XLSX_CELL_MAX)
            return worksheet_write_string(ws, row, (lxw_col_t)col, v->text, f);
        /* longer than an Excel cell holds: its first 32,767 characters (the run warned: report_xlsx_long_cells) */
        size_t n = 0, chars = 0;
        while (v->text[n] && chars <= XLSX_CELL_MAX) {
            if (((unsigned char)v->text[n] & 0xC0) != 0x80 && ++chars > XLSX_CELL_MAX)
                break;
            n++;
        }
        char *cut = strndup(v->text, n);
        if (!cut)
            return LXW_ERROR_MEMORY_MALLOC_FAILED;
        lxw_error e = worksheet_write_string(ws, row, (lxw_col_t)col, cut, f);
        free(cut);
        return e;
    }
    case RCELL_INT:
    case RCELL_REAL: {
        double value = v->kind == RCELL_INT ? (double)v->i : v->x;
        int percent = c->type == RCOL_PERCENT;
        return worksheet_write_number(ws, row, (lxw_col_t)col, percent ? value / 100 : value,
                                      xlsx_number_format(x, percent, report_cell_decimals(v, c)));
    }
    }
    return 0;
}

static void width_see(double *width, const char *text)
{
    /* The widest line of the text, in characters. */
    double w = 0;
    for (const char *p = text;; p++) {
        if (!*p || *p == '\n') {
            if (w > *width)
                *width = w;
            if (!*p)
                break;
            w = 0;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            w++;
        }
    }
}

static int xlsx_sheet(sqlite3 *db, lxw_worksheet *ws, xlsx_formats *x, const rtable *t, const char *path, errlist *errs)
{
    sqlite3_stmt *st = report_rows(db, t, errs);
    if (!st)
        return -1;
    double *width = calloc(t->ncols, sizeof *width);
    if (!width) {
        sqlite3_finalize(st);
        errlist_add(errs, "%s: out of memory writing table \"%s\"", path, t->id);
        return -1;
    }
    int bad = worksheet_write_string(ws, 0, 0, t->title, x->title) != LXW_NO_ERROR;
    for (int i = 0; i < t->ncols; i++) {
        bad |= worksheet_write_string(ws, 1, (lxw_col_t)i, t->cols[i].title, x->header) != LXW_NO_ERROR;
        width_see(&width[i], t->cols[i].title);
    }
    lxw_row_t row = XLSX_FIRST_ROW;
    char buf[400];
    int rc = 0;
    while (!bad && (rc = report_step(db, st, t, errs)) == 1) {
        if (row >= LXW_ROW_MAX - 2 - (lxw_row_t)t->nnotes) {
            errlist_add(errs, "%s: table \"%s\" has more rows than an Excel sheet holds; "
                        "leave \"xlsx\" out of the table's formats", path, t->id);
            bad = 1;
            break;
        }
        for (int i = 0; i < t->ncols && !bad; i++) {
            rcell v;
            report_cell(st, i, &t->cols[i], &v);
            lxw_error e = xlsx_cell(ws, x, row, i, &v, &t->cols[i]);
            if (e != LXW_NO_ERROR) {
                errlist_add(errs, "%s: table \"%s\" row %ld column \"%s\": %s", path, t->id,
                            (long)(row - XLSX_FIRST_ROW + 1), t->cols[i].key, lxw_strerror(e));
                bad = 1;
            }
            width_see(&width[i], report_cell_vi(&v, &t->cols[i], buf, sizeof buf));
        }
        row++;
    }
    if (rc < 0)
        bad = 1;
    sqlite3_finalize(st);
    if (!bad) {
        worksheet_freeze_panes(ws, XLSX_FIRST_ROW, 0);
        worksheet_autofilter(ws, 1, 0, row > XLSX_FIRST_ROW ? row - 1 : 1, (lxw_col_t)(t->ncols - 1));
        for (int i = 0; i < t->ncols; i++) {
            double w = width[i] + 2;
            w = w < XLSX_MIN_WIDTH ? XLSX_MIN_WIDTH : w > XLSX_MAX_WIDTH ? XLSX_MAX_WIDTH : w;
            worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, w, NULL);
        }
        row++;   /* a blank row between the table and its notes */
        for (int i = 0; i < t->nnotes && !bad; i++)
            bad = worksheet_write_string(ws, row++, 0, t->notes[i], x->note) != LXW_NO_ERROR;
        if (bad)
            errlist_add(errs, "%s: table \"%s\": a note cannot be written", path, t->id);
    }
    free(width);
    return bad ? -1 : 0;
}

static void xlsx_make_formats(xlsx_formats *x)
{
    x->title = workbook_add_format(x->wb);
    format_set_bold(x->title);
    format_set_font_size(x->title, 13);
    x->header = workbook_add_format(x->wb);
    format_set_bold(x->header);
    format_set_bottom(x->header, LXW_BORDER_THIN);
    x->note = workbook_add_format(x->wb);
    format_set_italic(x->note);
    x->wrap = workbook_add_format(x->wb);
    format_set_text_wrap(x->wrap);
}

int report_xlsx_write(sqlite3 *db, const rreport *r, const char *tmp_path, const char *path, errlist *errs)
{
    xlsx_formats x = { 0 };
    x.wb = workbook_new(tmp_path);
    if (!x.wb) {
        errlist_add(errs, "%s: cannot create the workbook", path);
        return -1;
    }
    char heading[300];
    lxw_doc_properties props = {
        .title = (char *)report_heading(r, heading, sizeof heading),
        .subject = r->ruleset_title,
        .author = "evalrun",
        .created = XLSX_FIXED_CREATED,
    };
    workbook_set_properties(x.wb, &props);
    xlsx_make_formats(&x);

    char **keys = calloc(r->ntables + 1, sizeof *keys);
    int nkeys = 0, bad = !keys;
    for (int i = 0; i < r->ntables && !bad; i++) {
        const rtable *t = &r->tables[i];
        if (!(t->formats & FMT_XLSX))
            continue;
        char name[LXW_MAX_SHEETNAME_LENGTH + 16];
        sheet_name(t, keys, nkeys, name, sizeof name);
        keys[nkeys++] = sheet_key(name);
        lxw_worksheet *ws = workbook_add_worksheet(x.wb, name);
        if (!ws) {
            errlist_add(errs, "%s: table \"%s\": Excel does not accept the sheet name \"%s\"", path, t->id, name);
            bad = 1;
        } else if (xlsx_sheet(db, ws, &x, t, path, errs) < 0) {
            bad = 1;
        }
    }
    if (!bad && nkeys == 0) {
        /* Every table left xlsx out: say so rather than leave Excel's empty Sheet1. */
        lxw_worksheet *ws = workbook_add_worksheet(x.wb, "Báo cáo");
        bad = !ws || worksheet_write_string(ws, 0, 0, "Không có bảng nào ghi ra Excel.", NULL) != LXW_NO_ERROR;
        if (bad)
            errlist_add(errs, "%s: cannot write the empty workbook", path);
    }
    for (int i = 0; i < nkeys; i++)
        free(keys[i]);
    free(keys);
    lxw_error e = workbook_close(x.wb);   /* also frees the workbook */
    if (!bad && e != LXW_NO_ERROR) {
        errlist_add(errs, "%s: %s", path, lxw_strerror(e));
        bad = 1;
    }
    return bad ? -1 : 0;
}

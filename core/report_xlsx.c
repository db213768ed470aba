/* report_xlsx.c — report.xlsx, one workbook with a sheet per table.
 *
 * Sheet layout: row 1 the table title (bold), row 2 the column titles (bold,
 * wrapped, frozen, with an autofilter), the rows from row 3, then a blank row
 * and the notes, one per row. Times New Roman, the font of government documents.
 *
 * Printing (what an office does with it): A4, landscape when the columns are
 * wider than a portrait page, fitted to the page width, the title and column
 * titles repeated on every page, the report's heading at the top and
 * "Trang N/M" at the bottom. Text columns are at most XLSX_MAX_WIDTH
 * characters wide and wrap inside it.
 *
 * Sheet names say what the table is in Excel's 31 characters, never cut
 * inside a word (sheet_name below).
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
#include "i18n.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xlsxwriter.h>

#define XLSX_FIRST_ROW 2     /* rows 0 and 1 hold the title and the column titles */
#define XLSX_MAX_DECIMALS 15
#define XLSX_MIN_WIDTH 6
#define XLSX_MAX_WIDTH 40       /* a wider text wraps */
#define XLSX_NUM_MAX_WIDTH 18
#define XLSX_PORTRAIT_WIDTH 95  /* column widths (characters) that fit across portrait A4 */
#define XLSX_FONT "Times New Roman"

/* 2000-01-01T00:00:00Z: any fixed time will do; it only has to be the same each run. */
#define XLSX_FIXED_CREATED 946684800

typedef struct xlsx_formats {
    lxw_workbook *wb;
    lxw_format *title, *header, *note, *wrap, *text;
    const char *heading;     /* the report's heading and the rule set: the printed page header */
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
        format_set_font_name(*slot, XLSX_FONT);
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

#define SHEET_CAND 1700    /* a candidate sheet name, with room for what is cut away */

/* Code points in s. */
static size_t cp_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Replaces every `from` in buf with `to` (to is never longer than from). */
static void replace_all(char *buf, const char *from, const char *to)
{
    size_t fl = strlen(from), tl = strlen(to);
    for (char *p = strstr(buf, from); p; p = strstr(p + tl, from)) {
        memmove(p + tl, p + fl, strlen(p + fl) + 1);
        memcpy(p, to, tl);
    }
}

/* Words a name must not end on: "Đề nghị khen thưởng theo" says less than "Đề nghị khen thưởng". */
static int weak_word(const char *w, size_t len)
{
    static const char *weak[] = { "theo", "của", "và", "các", "do", "so", "với", "trong", "cho", "đã", "từ",
                                  "năm", "về", "tại", "là", "—", "–", "-", NULL };
    for (int i = 0; weak[i]; i++)
        if (strlen(weak[i]) == len && !memcmp(weak[i], w, len))
            return 1;
    return 0;
}

/* The first words of s that fit in max code points, without a weak last word or trailing punctuation. */
static void word_cut(const char *s, size_t max, char *buf, size_t size)
{
    size_t n = 0, keep = 0;
    const char *p = s;
    int was_cut = 0;
    for (;;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *w = p;
        while (*p && *p != ' ')
            p++;
        size_t wl = (size_t)(p - w);
        char tmp[256];
        snprintf(tmp, sizeof tmp, "%.*s", (int)(n ? n : 0), buf);
        size_t have = n ? cp_len(tmp) : 0;
        snprintf(tmp, sizeof tmp, "%.*s", (int)wl, w);
        if (have + (n ? 1 : 0) + cp_len(tmp) > max || n + wl + 2 >= size) {
            was_cut = 1;
            break;
        }
        if (n)
            buf[n++] = ' ';
        memcpy(buf + n, w, wl);
        n += wl;
        buf[n] = 0;
        if (!weak_word(w, wl))
            keep = n;
    }
    n = keep;
    buf[n] = 0;
    /* A phrase ends before a weak word ("Đối chiếu tỷ lệ đã in | trong báo cáo"): when the words
     * were cut, end there rather than inside the next phrase, if that keeps most of the name. */
    if (was_cut) {
        for (size_t i = n; i > 0; i--) {
            if (buf[i - 1] != ' ')
                continue;
            const char *w = buf + i;
            size_t wl = strcspn(w, " ");
            if (!weak_word(w, wl))
                continue;
            char tmp[256];
            snprintf(tmp, sizeof tmp, "%.*s", (int)(i - 1), buf);
            if (cp_len(tmp) * 10 >= max * 6) {
                n = i - 1;
                buf[n] = 0;
                /* and no weak word before it either */
                for (;;) {
                    char *sp = strrchr(buf, ' ');
                    const char *last = sp ? sp + 1 : buf;
                    if (!sp || !weak_word(last, strlen(last)))
                        break;
                    *sp = 0;
                }
                n = strlen(buf);
            }
            break;
        }
    }
    while (n && strchr(",;:.", buf[n - 1]))
        n--;
    buf[n] = 0;
}

/* Candidates for a table's sheet name, best first, each at most 31 characters
 * and never cut inside a word:
 *   the title itself, without parenthesised codes ("(qd124)");
 *   the title without "năm 2023", with the year at the end ("Danh hiệu tập thể 2023");
 *   for "X năm 2023 — Khối ...": the block's name and the year;
 *   the usual abbreviations (CSTĐCS, LĐTT, UBND, TTg), words cut, with and without the year. */
static int sheet_candidates(const char *title, char cand[][SHEET_CAND], int max)
{
    const size_t lim = LXW_SHEETNAME_MAX;
    int n = 0;
    char full[512];
    size_t o = 0;
    int depth = 0;
    for (const char *p = title; *p && o + 1 < sizeof full; p++) {       /* drop "(...)" */
        if (*p == '(') depth++;
        else if (*p == ')' && depth) depth--;
        else if (!depth && !(*p == ' ' && (o == 0 || full[o - 1] == ' '))) full[o++] = *p;
    }
    while (o && full[o - 1] == ' ')
        o--;
    full[o] = 0;
    char clean[512];
    sheet_cut(full, 200, clean, sizeof clean);
    if (cp_len(clean) <= lim && n < max)
        snprintf(cand[n++], SHEET_CAND, "%s", clean);
    /* the year: the last "năm YYYY" */
    char noyear[512], year[8] = "";
    snprintf(noyear, sizeof noyear, "%s", clean);
    char *ny = NULL;
    for (char *p = strstr(noyear, "năm "); p; p = strstr(p + 1, "năm "))
        if (p[5] >= '1' && p[5] <= '2' && strspn(p + 5, "0123456789") == 4)
            ny = p;
    if (ny) {
        memcpy(year, ny + 5, 4);
        year[4] = 0;
        memmove(ny, ny + 9, strlen(ny + 9) + 1);
        replace_all(noyear, "  ", " ");
    }
    /* head — tail */
    char head[512], tail[512] = "";
    snprintf(head, sizeof head, "%s", noyear);
    char *dash = strstr(head, " — ");
    if (!dash)
        dash = strstr(head, " - ");
    if (dash) {
        snprintf(tail, sizeof tail, "%s", dash + (dash[1] == '-' ? 3 : 5));
        *dash = 0;
    }
    size_t hl = strlen(head);
    while (hl && head[hl - 1] == ' ')
        head[--hl] = 0;
    /* the subject: a tail that names something ("Khối ...", upper case first) is it; "đề nghị" is not */
    const char *subject = tail[0] && !(tail[0] >= 'a' && tail[0] <= 'z') && strncmp(tail, "đ", 2) ? tail : NULL;
    const char *base = subject ? subject : head;
    char abbr[2][512];
    for (int pass = 0; pass < 2; pass++) {
        snprintf(abbr[pass], sizeof abbr[pass], "%s", base);
        if (pass) {
            replace_all(abbr[pass], "Chiến sĩ thi đua cơ sở", "CSTĐCS");
            replace_all(abbr[pass], "Chiến sĩ thi đua", "CSTĐ");
            replace_all(abbr[pass], "Lao động tiên tiến", "LĐTT");
            replace_all(abbr[pass], "Ủy ban nhân dân", "UBND");
            replace_all(abbr[pass], "Chủ tịch UBND", "CT UBND");
            replace_all(abbr[pass], "Thủ tướng Chính phủ", "TTg");
            replace_all(abbr[pass], "tổ chức đảng", "TCĐ");
        }
    }
    /* whole, with the year */
    for (int pass = 0; pass < 2 && year[0] && n < max; pass++)
        if (cp_len(abbr[pass]) + 5 <= lim)
            snprintf(cand[n++], SHEET_CAND, "%s %s", abbr[pass], year);
    /* whole, without it */
    for (int pass = 0; pass < 2 && n < max; pass++)
        if (cp_len(abbr[pass]) <= lim)
            snprintf(cand[n++], SHEET_CAND, "%s", abbr[pass]);
    /* the first words */
    for (int pass = 0; pass < 2 && n + 2 <= max; pass++) {
        char cut[512];
        if (year[0]) {
            word_cut(abbr[pass], lim - 5, cut, sizeof cut);
            if (*cut)
                snprintf(cand[n++], SHEET_CAND, "%s %s", cut, year);
        }
        word_cut(abbr[pass], lim, cut, sizeof cut);
        if (*cut)
            snprintf(cand[n++], SHEET_CAND, "%s", cut);
    }
    return n;
}

/* The first candidate not taken; else the last one cut to leave room for " (2)", " (3)"...;
 * the id if the title gives nothing. */
static void sheet_name(const rtable *t, char **keys, int nkeys, char *buf, size_t size)
{
    char cand[12][SHEET_CAND];
    int n = t->title && *t->title ? sheet_candidates(t->title, cand, 12) : 0;
    for (int i = 0; i < n; i++)
        if (!sheet_taken(keys, nkeys, cand[i])) {
            sheet_cut(cand[i], LXW_SHEETNAME_MAX, buf, size);
            return;
        }
    const char *base = n ? cand[0] : t->id;
    sheet_cut(base, LXW_SHEETNAME_MAX, buf, size);
    for (int k = 2; sheet_taken(keys, nkeys, buf); k++) {
        char suffix[16], cut[LXW_SHEETNAME_MAX * 4 + 8];
        int sl = snprintf(suffix, sizeof suffix, " (%d)", k);
        word_cut(base, LXW_SHEETNAME_MAX - (size_t)sl, cut, sizeof cut);
        if (strlen(cut) + (size_t)sl < size) {
            strcpy(buf, cut);
            strcat(buf, suffix);
        }
    }
}

/* ---- one sheet --------------------------------------------------------- */

static int xlsx_cell(lxw_worksheet *ws, xlsx_formats *x, lxw_row_t row, int col, const rcell *v, const rcol *c)
{
    switch (v->kind) {
    case RCELL_NULL:
        return 0;
    case RCELL_TEXT: {
        lxw_format *f = x->wrap;     /* every text cell wraps within its column (XLSX_MAX_WIDTH) */
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

/* Header and footer text: "&" starts a code there, so a literal one is "&&". */
static void hf_escape(const char *s, char *buf, size_t size)
{
    size_t n = 0;
    for (; *s && n + 3 < size; s++) {
        if (*s == '&')
            buf[n++] = '&';
        buf[n++] = *s;
    }
    buf[n] = 0;
}

/* A4, landscape when wider than portrait, one page wide and as many long as
 * needed, the title and column titles on every page, heading and page numbers. */
static void xlsx_page_setup(lxw_worksheet *ws, xlsx_formats *x, double total_width)
{
    worksheet_set_paper(ws, 9);                       /* A4 */
    if (total_width > XLSX_PORTRAIT_WIDTH)
        worksheet_set_landscape(ws);
    else
        worksheet_set_portrait(ws);
    worksheet_set_margins(ws, 0.5, 0.5, 0.75, 0.75);  /* inches */
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 1);
    worksheet_center_horizontally(ws);
    char esc[600], hf[700];
    hf_escape(x->heading, esc, sizeof esc);
    /* header and footer are limited to 255 characters */
    snprintf(hf, sizeof hf, "&C&\"Times New Roman,Regular\"&10%.200s", esc);
    worksheet_set_header(ws, hf);
    worksheet_set_footer(ws, "&C&\"Times New Roman,Regular\"&10Trang &P/&N");
}

static int xlsx_sheet(sqlite3 *db, lxw_worksheet *ws, xlsx_formats *x, const rtable *t, const char *path, errlist *errs)
{
    sqlite3_stmt *st = report_rows(db, t, errs);
    if (!st)
        return -1;
    double *width = calloc(t->ncols, sizeof *width);
    if (!width) {
        sqlite3_finalize(st);
        errlist_add(errs, _("%s: out of memory writing table \"%s\""), path, t->id);
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
            errlist_add(errs, _("%s: table \"%s\" has more rows than an Excel sheet holds; "
                        "leave \"xlsx\" out of the table's formats"), path, t->id);
            bad = 1;
            break;
        }
        for (int i = 0; i < t->ncols && !bad; i++) {
            rcell v;
            report_cell(st, i, &t->cols[i], &v);
            lxw_error e = xlsx_cell(ws, x, row, i, &v, &t->cols[i]);
            if (e != LXW_NO_ERROR) {
                errlist_add(errs, _("%s: table \"%s\" row %ld column \"%s\": %s"), path, t->id,
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
        double total = 0;
        for (int i = 0; i < t->ncols; i++) {
            int text = t->cols[i].type == RCOL_TEXT;
            double w = width[i] + 2;
            double max = text ? XLSX_MAX_WIDTH : XLSX_NUM_MAX_WIDTH;
            w = w < XLSX_MIN_WIDTH ? XLSX_MIN_WIDTH : w > max ? max : w;
            total += w;
            worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, w, text ? x->text : NULL);
        }
        xlsx_page_setup(ws, x, total);
        row++;   /* a blank row between the table and its notes */
        for (int i = 0; i < t->nnotes && !bad; i++)
            bad = worksheet_write_string(ws, row++, 0, t->notes[i], x->note) != LXW_NO_ERROR;
        if (bad)
            errlist_add(errs, _("%s: table \"%s\": a note cannot be written"), path, t->id);
    }
    free(width);
    return bad ? -1 : 0;
}

static void xlsx_make_formats(xlsx_formats *x)
{
    x->title = workbook_add_format(x->wb);
    format_set_font_name(x->title, XLSX_FONT);
    format_set_bold(x->title);
    format_set_font_size(x->title, 13);
    x->header = workbook_add_format(x->wb);
    format_set_font_name(x->header, XLSX_FONT);
    format_set_bold(x->header);
    format_set_text_wrap(x->header);
    format_set_align(x->header, LXW_ALIGN_CENTER);
    format_set_align(x->header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_border(x->header, LXW_BORDER_THIN);
    x->note = workbook_add_format(x->wb);
    format_set_font_name(x->note, XLSX_FONT);
    format_set_italic(x->note);
    x->wrap = workbook_add_format(x->wb);
    format_set_font_name(x->wrap, XLSX_FONT);
    format_set_text_wrap(x->wrap);
    format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
    x->text = workbook_add_format(x->wb);
    format_set_font_name(x->text, XLSX_FONT);
    format_set_align(x->text, LXW_ALIGN_VERTICAL_TOP);
}

int report_xlsx_write(sqlite3 *db, const rreport *r, const char *tmp_path, const char *path, errlist *errs)
{
    xlsx_formats x = { 0 };
    x.wb = workbook_new(tmp_path);
    if (!x.wb) {
        errlist_add(errs, _("%s: cannot create the workbook"), path);
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
    char page_heading[600];
    if (r->ruleset_title && *r->ruleset_title)
        snprintf(page_heading, sizeof page_heading, "%s — %s", heading, r->ruleset_title);
    else
        snprintf(page_heading, sizeof page_heading, "%s", heading);
    x.heading = page_heading;

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
            errlist_add(errs, _("%s: table \"%s\": Excel does not accept the sheet name \"%s\""), path, t->id, name);
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
            errlist_add(errs, _("%s: cannot write the empty workbook"), path);
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

/* report_html.c — report.html, the report to read on screen or print on A4.
 *
 * One standalone file: inline CSS, inline SVG charts, no scripts, fonts or
 * images from elsewhere, so it opens the same from a USB stick or an e-mail.
 * Tables are grouped by report_tables.grp (groups in the order their first
 * table comes); each group after the first starts a new printed page, and
 * table headers repeat on every page. Everything printed from the database
 * is escaped (& < > " '), so a name like <script> is shown, never run.
 *
 * Printing: A4 portrait with "Trang N/M" at the foot of every page; a table
 * too wide for portrait (html_is_wide) goes on pages of its own, the CSS
 * named page "wide" in landscape. Chart labels wrap onto up to three lines
 * instead of being cut. The signature block (người lập biểu, thủ trưởng đơn
 * vị) comes from ruleset{ signature = ... } (run key "signature").
 */
#include "report.h"
#include "report_internal.h"
#include "strbuf.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

#define CHART_MAX_BARS 40
#define CHART_WIDTH 680        /* px, fits the 180 mm between A4 margins */
#define CHART_LABEL_WIDTH 230
#define CHART_VALUE_WIDTH 80
#define CHART_BAR 16
#define CHART_STEP 22
#define CHART_LABEL_CHARS 34     /* per line of a label */
#define CHART_LABEL_LINES 3
#define CHART_LINE 12
#define HTML_PORTRAIT_CHARS 110  /* estimated table width (characters at 10pt) that fits portrait A4 */
#define HTML_CELL_CHARS 28       /* a longer text wraps in its cell */

static const char html_css[] =
    "@page { size: A4 portrait; margin: 15mm 15mm 18mm;\n"
    "  @bottom-center { content: \"Trang \" counter(page) \"/\" counter(pages); font: 9pt \"Times New Roman\", serif; color: #444; } }\n"
    "@page wide { size: A4 landscape; margin: 12mm 12mm 16mm;\n"
    "  @bottom-center { content: \"Trang \" counter(page) \"/\" counter(pages); font: 9pt \"Times New Roman\", serif; color: #444; } }\n"
    "body { font-family: \"Times New Roman\", \"Liberation Serif\", \"DejaVu Serif\", serif; font-size: 11pt;\n"
    "       color: #111; max-width: 180mm; margin: 0 auto; padding: 8mm 0; }\n"
    "h1 { font-size: 17pt; text-align: center; margin: 0 0 4pt; }\n"
    "p.ruleset { text-align: center; font-size: 12.5pt; font-weight: bold; margin: 0 0 14pt; }\n"
    "h2 { font-size: 14pt; border-bottom: 1.5px solid #333; padding-bottom: 2pt; margin: 16pt 0 8pt; }\n"
    "h3 { font-size: 12pt; margin: 14pt 0 6pt; break-after: avoid; page-break-after: avoid; }\n"
    "table { border-collapse: collapse; width: 100%; font-size: 10pt; margin: 0 0 4pt; }\n"
    "th, td { border: 1px solid #777; padding: 2pt 5pt; vertical-align: top; }\n"
    "th { background: #e9edf2; text-align: center; -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
    "td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }\n"
    "thead { display: table-header-group; }\n"
    "tr { break-inside: avoid; page-break-inside: avoid; }\n"
    "div.closing { break-inside: avoid; page-break-inside: avoid; }\n"
    "div.closing.wide { page: wide; }\n"
    "div.table.wide { page: wide; width: 267mm; max-width: 96vw; position: relative;\n"
    "                 left: 50%; transform: translateX(-50%); }\n"
    "div.table.wide table { font-size: 9pt; }\n"
    "div.table.wide th, div.table.wide td { padding: 1.5pt 3pt; }\n"
    "section.group + section.group { break-before: page; page-break-before: always; }\n"
    "p.note { font-size: 9.5pt; font-style: italic; margin: 2pt 0; }\n"
    "p.empty { font-style: italic; }\n"
    "svg.chart { display: block; margin: 4pt 0 8pt; font-size: 9pt; break-inside: avoid; }\n"
    "svg.chart .bar { fill: #3d6c9e; }\n"
    "svg.chart .axis { stroke: #555; stroke-width: 1; }\n"
    "div.signature { display: flex; justify-content: space-around; margin-top: 18pt; break-inside: avoid;\n"
    "                page-break-inside: avoid; text-align: center; }\n"
    "p.signature-date { text-align: right; font-style: italic; margin: 18pt 6mm 0 0; }\n"
    "div.signer { min-width: 60mm; }\n"
    "div.signer .title { font-weight: bold; text-transform: uppercase; }\n"
    "div.signer .hint { font-style: italic; font-size: 10pt; }\n"
    "div.signer .name { font-weight: bold; margin-top: 22mm; }\n"
    "footer { margin-top: 18pt; font-size: 9pt; color: #555; text-align: center; }\n"
    "@media print { body { max-width: none; padding: 0; }\n"
    "  div.table.wide { width: auto; max-width: none; left: 0; transform: none; } }\n";

/* Escapes & < > " ' and turns line breaks into <br> when `breaks` is set. */
static void html_put(FILE *f, const char *s, int breaks)
{
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '&':  fputs("&amp;", f); break;
        case '<':  fputs("&lt;", f); break;
        case '>':  fputs("&gt;", f); break;
        case '"':  fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        case '\r':
        case '\n':
            if (*p == '\r' && p[1] == '\n')
                break;   /* CRLF: the LF makes the break */
            fputs(breaks ? "<br>" : " ", f);
            break;
        default:
            fputc(*p, f);
        }
    }
}

/* html_put without line breaks, into a buffer (HTML kept for later). */
static void html_put_sb(strbuf *b, const char *s)
{
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '&':  sb_add(b, "&amp;"); break;
        case '<':  sb_add(b, "&lt;"); break;
        case '>':  sb_add(b, "&gt;"); break;
        case '"':  sb_add(b, "&quot;"); break;
        case '\'': sb_add(b, "&#39;"); break;
        case '\r':
        case '\n': sb_addc(b, ' '); break;
        default:   sb_addc(b, *p);
        }
    }
}

/* ---- chart ------------------------------------------------------------- */

typedef struct bar {
    char *label;    /* as shown in the table */
    char *shown;    /* the value, Vietnamese */
    double value;
} bar;

/* Reads the chart's bars: rows whose value is a number, at most CHART_MAX_BARS. */
static int chart_bars(sqlite3 *db, const rtable *t, bar *bars, int *nbars, long *skipped, errlist *errs)
{
    sqlite3_stmt *st = report_rows(db, t, errs);
    if (!st)
        return -1;
    const rcol *lc = &t->cols[t->chart_label], *vc = &t->cols[t->chart_value];
    char buf[400];
    int rc;
    *nbars = 0;
    *skipped = 0;
    while ((rc = report_step(db, st, t, errs)) == 1) {
        rcell v, l;
        report_cell(st, t->chart_value, vc, &v);
        if (!report_cell_is_number(&v))
            continue;
        if (*nbars == CHART_MAX_BARS) {
            (*skipped)++;
            continue;
        }
        bar *b = &bars[(*nbars)++];
        b->value = v.kind == RCELL_INT ? (double)v.i : v.x;
        b->shown = strdup(report_cell_vi(&v, vc, buf, sizeof buf));
        report_cell(st, t->chart_label, lc, &l);
        b->label = strdup(report_cell_vi(&l, lc, buf, sizeof buf));
        if (!b->shown || !b->label) {
            errlist_add(errs, _("out of memory drawing the chart of table \"%s\""), t->id);
            rc = -1;
            break;
        }
    }
    sqlite3_finalize(st);
    return rc < 0 ? -1 : 0;
}

/* Splits a label into lines of at most CHART_LABEL_CHARS code points at spaces (a word longer
 * than a line is cut), at most CHART_LABEL_LINES lines, the last ending in "…" if text is left.
 * Returns the number of lines; line i is s[start[i] .. start[i]+len[i]). */
static int label_lines(const char *s, size_t start[], size_t len[], int *cut)
{
    int n = 0;
    size_t pos = 0, total = strlen(s);
    *cut = 0;
    while (pos < total && n < CHART_LABEL_LINES) {
        while (s[pos] == ' ')
            pos++;
        size_t end = pos, last_space = 0, cps = 0;
        while (end < total && cps < CHART_LABEL_CHARS) {
            if (s[end] == ' ')
                last_space = end;
            end++;
            while (end < total && ((unsigned char)s[end] & 0xC0) == 0x80)
                end++;
            cps++;
        }
        if (end < total && s[end] != ' ' && last_space > pos)
            end = last_space;               /* break at the last space */
        start[n] = pos;
        len[n] = end - pos;
        n++;
        pos = end;
    }
    while (pos < total && s[pos] == ' ')
        pos++;
    *cut = pos < total;
    return n;
}

static void chart_draw(FILE *f, const rtable *t, const bar *bars, int n, long skipped)
{
    double lo = 0, hi = 0;
    for (int i = 0; i < n; i++) {
        if (bars[i].value < lo) lo = bars[i].value;
        if (bars[i].value > hi) hi = bars[i].value;
    }
    if (hi == lo)
        hi = lo + 1;
    const int area = CHART_WIDTH - CHART_LABEL_WIDTH - CHART_VALUE_WIDTH;
    /* each bar is as tall as its label's lines */
    int height = 8;
    for (int i = 0; i < n; i++) {
        size_t st[CHART_LABEL_LINES], ln[CHART_LABEL_LINES];
        int cut, lines = label_lines(bars[i].label, st, ln, &cut);
        int h = lines * CHART_LINE + 6;
        height += h > CHART_STEP ? h : CHART_STEP;
    }
    double zero = CHART_LABEL_WIDTH + (0 - lo) / (hi - lo) * area;
    fprintf(f, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", CHART_WIDTH, height, CHART_WIDTH, height);
    html_put(f, t->title, 0);
    fputs("\">\n", f);
    int y = 4;
    for (int i = 0; i < n; i++) {
        size_t st[CHART_LABEL_LINES], ln[CHART_LABEL_LINES];
        int cut, lines = label_lines(bars[i].label, st, ln, &cut);
        int h = lines * CHART_LINE + 6;
        if (h < CHART_STEP)
            h = CHART_STEP;
        int bar_y = y + (h - 6 - CHART_BAR) / 2;
        if (bar_y < y)
            bar_y = y;
        double x = CHART_LABEL_WIDTH + (bars[i].value - lo) / (hi - lo) * area;
        double left = x < zero ? x : zero, w = x < zero ? zero - x : x - zero;
        fputs("<g><title>", f);
        html_put(f, bars[i].label, 0);
        fputs(": ", f);
        html_put(f, bars[i].shown, 0);
        fprintf(f, "</title><text x=\"%d\" y=\"%d\" text-anchor=\"end\">", CHART_LABEL_WIDTH - 6,
                bar_y + 12 - (lines - 1) * CHART_LINE / 2);
        for (int k = 0; k < lines; k++) {
            fprintf(f, "<tspan x=\"%d\" dy=\"%d\">", CHART_LABEL_WIDTH - 6, k ? CHART_LINE : 0);
            char *part = strndup(bars[i].label + st[k], ln[k]);
            if (part)
                html_put(f, part, 0);
            free(part);
            if (k == lines - 1 && cut)
                fputs("…", f);
            fputs("</tspan>", f);
        }
        fprintf(f, "</text><rect class=\"bar\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>",
                left, bar_y, w, CHART_BAR);
        fprintf(f, "<text x=\"%d\" y=\"%d\">", CHART_LABEL_WIDTH + area + 6, bar_y + 12);
        html_put(f, bars[i].shown, 0);
        fputs("</text></g>\n", f);
        y += h;
    }
    fprintf(f, "<line class=\"axis\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\"/>\n</svg>\n", zero, zero, height);
    if (skipped > 0)
        fprintf(f, "<p class=\"note\">Biểu đồ chỉ vẽ %d dòng đầu; %ld dòng còn lại có trong bảng.</p>\n", n, skipped);
}

static int html_chart(sqlite3 *db, const rtable *t, FILE *f, errlist *errs)
{
    bar *bars = calloc(CHART_MAX_BARS, sizeof *bars);
    if (!bars) {
        errlist_add(errs, _("out of memory drawing the chart of table \"%s\""), t->id);
        return -1;
    }
    int n = 0;
    long skipped = 0;
    int rc = chart_bars(db, t, bars, &n, &skipped, errs);
    if (rc == 0 && n > 0)
        chart_draw(f, t, bars, n, skipped);
    for (int i = 0; i < CHART_MAX_BARS; i++) {
        free(bars[i].label);
        free(bars[i].shown);
    }
    free(bars);
    return rc;
}

/* ---- tables ------------------------------------------------------------ */

/* The widest word of s, in code points (a column header wraps between words). */
static size_t widest_word(const char *s)
{
    size_t best = 0, w = 0;
    for (;; s++) {
        if (!*s || *s == ' ' || *s == '\n') {
            if (w > best)
                best = w;
            w = 0;
            if (!*s)
                break;
        } else if (((unsigned char)*s & 0xC0) != 0x80) {
            w++;
        }
    }
    return best;
}

/* Whether the table needs a landscape page: the widths its columns want (a
 * number's width, a text's up to HTML_CELL_CHARS, a header's longest word),
 * plus padding, added up, are more than a portrait page holds. */
static int html_is_wide(sqlite3 *db, const rtable *t, errlist *errs)
{
    size_t *want = calloc((size_t)t->ncols, sizeof *want);
    if (!want)
        return 0;
    for (int i = 0; i < t->ncols; i++)
        want[i] = widest_word(t->cols[i].title);
    sqlite3_stmt *st = report_rows(db, t, errs);
    char buf[400];
    while (st && report_step(db, st, t, errs) == 1)
        for (int i = 0; i < t->ncols; i++) {
            rcell v;
            report_cell(st, i, &t->cols[i], &v);
            size_t w = report_text_width(report_cell_vi(&v, &t->cols[i], buf, sizeof buf));
            if (w > HTML_CELL_CHARS)
                w = HTML_CELL_CHARS;
            if (w > want[i])
                want[i] = w;
        }
    sqlite3_finalize(st);
    size_t total = 0;
    for (int i = 0; i < t->ncols; i++)
        total += want[i] + 2;
    free(want);
    return total > HTML_PORTRAIT_CHARS;
}

/* `lead` is HTML that must stay on the table's page: the report's or the group's heading just
 * before it (a landscape table on a page of its own would leave them alone on the page before). */
static int html_table(sqlite3 *db, const rtable *t, FILE *f, char **lead, int *wide, errlist *errs)
{
    *wide = html_is_wide(db, t, errs);
    fputs(*wide ? "<div class=\"table wide\" id=\"" : "<div class=\"table\" id=\"", f);
    html_put(f, t->id, 0);
    fputs("\">\n", f);
    if (*lead) {
        fputs(*lead, f);
        free(*lead);
        *lead = NULL;
    }
    fputs("<h3>", f);
    html_put(f, t->title, 0);
    fputs("</h3>\n", f);
    if (t->chart_value >= 0 && html_chart(db, t, f, errs) < 0)
        return -1;
    sqlite3_stmt *st = report_rows(db, t, errs);
    if (!st)
        return -1;
    fputs("<table>\n<thead><tr>", f);
    for (int i = 0; i < t->ncols; i++) {
        fputs("<th>", f);
        html_put(f, t->cols[i].title, 1);
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    char buf[400];
    long n = 0;
    int rc;
    while ((rc = report_step(db, st, t, errs)) == 1) {
        n++;
        fputs("<tr>", f);
        for (int i = 0; i < t->ncols; i++) {
            rcell v;
            report_cell(st, i, &t->cols[i], &v);
            fputs(report_cell_is_number(&v) ? "<td class=\"num\">" : "<td>", f);
            html_put(f, report_cell_vi(&v, &t->cols[i], buf, sizeof buf), 1);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    sqlite3_finalize(st);
    fputs("</tbody>\n</table>\n", f);
    if (n == 0)
        fputs("<p class=\"empty\">Không có dòng nào.</p>\n", f);
    for (int i = 0; i < t->nnotes; i++) {
        fputs("<p class=\"note\">", f);
        html_put(f, t->notes[i], 1);
        fputs("</p>\n", f);
    }
    fputs("</div>\n", f);
    return rc < 0 ? -1 : 0;
}

static int same_group(const rtable *a, const rtable *b)
{
    const char *ga = a->grp ? a->grp : "", *gb = b->grp ? b->grp : "";
    return strcmp(ga, gb) == 0;
}

/* One <section> per group, holding every table of that group in ord order. */
static int html_group(sqlite3 *db, const rreport *r, int first, FILE *f, char **lead, int *wide, errlist *errs)
{
    const rtable *g = &r->tables[first];
    fputs("<section class=\"group\">\n", f);
    if (g->grp && *g->grp) {
        /* the group's heading goes with its first table (after the report's, if that is still waiting) */
        strbuf b = { 0 };
        if (*lead)
            sb_add(&b, *lead);
        sb_add(&b, "<h2>");
        html_put_sb(&b, g->grp);
        sb_add(&b, "</h2>\n");
        sb_addc(&b, 0);
        free(*lead);
        *lead = b.s;
    }
    for (int i = first; i < r->ntables; i++)
        if ((r->tables[i].formats & FMT_HTML) && same_group(&r->tables[i], g)
            && html_table(db, &r->tables[i], f, lead, wide, errs) < 0)
            return -1;
    fputs("</section>\n", f);
    return 0;
}

/* The signature block: ruleset{ signature = { place = "Quảng Bình", date = "ngày 15 tháng 01 năm 2024",
 * signers = { { title = "Người lập biểu", hint = "(Ký, ghi rõ họ tên)", name = "Nguyễn Văn A" }, ... } } }.
 * Without a date, the line leaves the day blank to be written by hand. */
static int html_signature(sqlite3 *db, const char *json, FILE *f, errlist *errs)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT json_extract(?1, '$.place'), json_extract(?1, '$.date')", -1, &st, NULL) != SQLITE_OK) {
        errlist_add(errs, _("results database: the signature block: %s"), sqlite3_errmsg(db));
        return -1;
    }
    sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *place = (const char *)sqlite3_column_text(st, 0);
        const char *date = (const char *)sqlite3_column_text(st, 1);
        if (place || date) {
            fputs("<p class=\"signature-date\">", f);
            if (place) {
                html_put(f, place, 0);
                fputs(", ", f);
            }
            html_put(f, date ? date : "ngày ..... tháng ..... năm ........", 0);
            fputs("</p>\n", f);
        }
    }
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(db, "SELECT json_extract(value, '$.title'), json_extract(value, '$.hint'), "
                           "json_extract(value, '$.name') FROM json_each(?1, '$.signers') ORDER BY key",
                           -1, &st, NULL) != SQLITE_OK) {
        errlist_add(errs, _("results database: the signature block: %s"), sqlite3_errmsg(db));
        return -1;
    }
    sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
    fputs("<div class=\"signature\">\n", f);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *fields[3] = { (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
                                  (const char *)sqlite3_column_text(st, 2) };
        static const char *cls[3] = { "title", "hint", "name" };
        fputs("<div class=\"signer\">", f);
        for (int k = 0; k < 3; k++) {
            fprintf(f, "<div class=\"%s\">", cls[k]);
            html_put(f, fields[k] ? fields[k] : (k == 1 ? "(Ký, ghi rõ họ tên)" : ""), 0);
            fputs("</div>", f);
        }
        fputs("</div>\n", f);
    }
    fputs("</div>\n", f);
    sqlite3_finalize(st);
    return 0;
}

int report_html_write(sqlite3 *db, const rreport *r, FILE *f, const char *path, errlist *errs)
{
    char heading[300];
    report_heading(r, heading, sizeof heading);
    fputs("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", f);
    html_put(f, heading, 0);
    if (r->ruleset_title && *r->ruleset_title) {
        fputs(" — ", f);
        html_put(f, r->ruleset_title, 0);
    }
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", html_css);
    /* the report's heading goes with the first table (on its page, landscape or not) */
    int wide = 0;     /* the last table was on a landscape page: the signature goes on it too */
    strbuf b = { 0 };
    sb_add(&b, "<header>\n<h1>");
    html_put_sb(&b, heading);
    sb_add(&b, "</h1>\n");
    if (r->ruleset_title && *r->ruleset_title) {
        sb_add(&b, "<p class=\"ruleset\">");
        html_put_sb(&b, r->ruleset_title);
        sb_add(&b, "</p>\n");
    }
    sb_add(&b, "</header>\n");
    sb_addc(&b, 0);
    char *lead = b.s;
    for (int i = 0; i < r->ntables; i++) {
        if (!(r->tables[i].formats & FMT_HTML))
            continue;
        int seen = 0;   /* the group was already written with an earlier table */
        for (int j = 0; j < i && !seen; j++)
            seen = (r->tables[j].formats & FMT_HTML) && same_group(&r->tables[j], &r->tables[i]);
        if (!seen && html_group(db, r, i, f, &lead, &wide, errs) < 0) {
            free(lead);
            return -1;
        }
    }
    if (lead)
        fputs(lead, f);     /* no table at all */
    free(lead);
    /* the signature block and the footer stay on the last table's page */
    fputs(wide ? "<div class=\"closing wide\">\n" : "<div class=\"closing\">\n", f);
    if (r->signature && html_signature(db, r->signature, f, errs) < 0)
        return -1;
    fputs("<footer>Lập bằng evalrun", f);
    if (r->engine_version) {
        fputs(" ", f);
        html_put(f, r->engine_version, 0);
    }
    if (r->ruleset_id) {
        fputs(" · bộ quy tắc ", f);
        html_put(f, r->ruleset_id, 0);
    }
    fputs("</footer>\n</div>\n</body>\n</html>\n", f);
    if (ferror(f)) {
        errlist_add(errs, _("%s: cannot write"), path);
        return -1;
    }
    return 0;
}

/* report_html.c — report.html, the report to read on screen or print on A4.
 *
 * One standalone file: inline CSS, inline SVG charts, no scripts, fonts or
 * images from elsewhere, so it opens the same from a USB stick or an e-mail.
 * Tables are grouped by report_tables.grp (groups in the order their first
 * table comes); each group after the first starts a new printed page, and
 * table headers repeat on every page. Everything printed from the database
 * is escaped (& < > " '), so a name like <script> is shown, never run.
 */
#include "report.h"
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

#define CHART_MAX_BARS 40
#define CHART_WIDTH 680        /* px, fits the 180 mm between A4 margins */
#define CHART_LABEL_WIDTH 230
#define CHART_VALUE_WIDTH 80
#define CHART_BAR 16
#define CHART_STEP 22
#define CHART_LABEL_CHARS 30

static const char html_css[] =
    "@page { size: A4; margin: 15mm; }\n"
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
    "section.group + section.group { break-before: page; page-break-before: always; }\n"
    "p.note { font-size: 9.5pt; font-style: italic; margin: 2pt 0; }\n"
    "p.empty { font-style: italic; }\n"
    "svg.chart { display: block; margin: 4pt 0 8pt; font-size: 9pt; break-inside: avoid; }\n"
    "svg.chart .bar { fill: #3d6c9e; }\n"
    "svg.chart .axis { stroke: #555; stroke-width: 1; }\n"
    "footer { margin-top: 18pt; font-size: 9pt; color: #555; text-align: center; }\n"
    "@media print { body { max-width: none; padding: 0; } }\n";

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

/* At most max code points of s, then "…" (for chart labels). */
static void html_put_cut(FILE *f, const char *s, size_t max)
{
    size_t n = report_text_width(s);
    if (n <= max) {
        html_put(f, s, 0);
        return;
    }
    size_t cps = 0, len = 0;
    for (; s[len]; len++)
        if (((unsigned char)s[len] & 0xC0) != 0x80 && cps++ == max - 1)
            break;
    char *cut = strndup(s, len);
    if (cut)
        html_put(f, cut, 0);
    free(cut);
    fputs("…", f);
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
            errlist_add(errs, "out of memory drawing the chart of table \"%s\"", t->id);
            rc = -1;
            break;
        }
    }
    sqlite3_finalize(st);
    return rc < 0 ? -1 : 0;
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
    const int height = n * CHART_STEP + 8;
    double zero = CHART_LABEL_WIDTH + (0 - lo) / (hi - lo) * area;
    fprintf(f, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", CHART_WIDTH, height, CHART_WIDTH, height);
    html_put(f, t->title, 0);
    fputs("\">\n", f);
    for (int i = 0; i < n; i++) {
        int y = 4 + i * CHART_STEP;
        double x = CHART_LABEL_WIDTH + (bars[i].value - lo) / (hi - lo) * area;
        double left = x < zero ? x : zero, w = x < zero ? zero - x : x - zero;
        fputs("<g><title>", f);
        html_put(f, bars[i].label, 0);
        fputs(": ", f);
        html_put(f, bars[i].shown, 0);
        fprintf(f, "</title><text x=\"%d\" y=\"%d\" text-anchor=\"end\">", CHART_LABEL_WIDTH - 6, y + 12);
        html_put_cut(f, bars[i].label, CHART_LABEL_CHARS);
        fprintf(f, "</text><rect class=\"bar\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>",
                left, y, w, CHART_BAR);
        fprintf(f, "<text x=\"%d\" y=\"%d\">", CHART_LABEL_WIDTH + area + 6, y + 12);
        html_put(f, bars[i].shown, 0);
        fputs("</text></g>\n", f);
    }
    fprintf(f, "<line class=\"axis\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\"/>\n</svg>\n", zero, zero, height);
    if (skipped > 0)
        fprintf(f, "<p class=\"note\">Biểu đồ chỉ vẽ %d dòng đầu; %ld dòng còn lại có trong bảng.</p>\n", n, skipped);
}

static int html_chart(sqlite3 *db, const rtable *t, FILE *f, errlist *errs)
{
    bar *bars = calloc(CHART_MAX_BARS, sizeof *bars);
    if (!bars) {
        errlist_add(errs, "out of memory drawing the chart of table \"%s\"", t->id);
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

static int html_table(sqlite3 *db, const rtable *t, FILE *f, errlist *errs)
{
    fputs("<div class=\"table\" id=\"", f);
    html_put(f, t->id, 0);
    fputs("\">\n<h3>", f);
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
static int html_group(sqlite3 *db, const rreport *r, int first, FILE *f, errlist *errs)
{
    const rtable *g = &r->tables[first];
    fputs("<section class=\"group\">\n", f);
    if (g->grp && *g->grp) {
        fputs("<h2>", f);
        html_put(f, g->grp, 0);
        fputs("</h2>\n", f);
    }
    for (int i = first; i < r->ntables; i++)
        if ((r->tables[i].formats & FMT_HTML) && same_group(&r->tables[i], g)
            && html_table(db, &r->tables[i], f, errs) < 0)
            return -1;
    fputs("</section>\n", f);
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
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>", html_css);
    html_put(f, heading, 0);
    fputs("</h1>\n", f);
    if (r->ruleset_title && *r->ruleset_title) {
        fputs("<p class=\"ruleset\">", f);
        html_put(f, r->ruleset_title, 0);
        fputs("</p>\n", f);
    }
    fputs("</header>\n", f);
    for (int i = 0; i < r->ntables; i++) {
        if (!(r->tables[i].formats & FMT_HTML))
            continue;
        int seen = 0;   /* the group was already written with an earlier table */
        for (int j = 0; j < i && !seen; j++)
            seen = (r->tables[j].formats & FMT_HTML) && same_group(&r->tables[j], &r->tables[i]);
        if (!seen && html_group(db, r, i, f, errs) < 0)
            return -1;
    }
    fputs("<footer>Lập bằng evalrun", f);
    if (r->engine_version) {
        fputs(" ", f);
        html_put(f, r->engine_version, 0);
    }
    if (r->ruleset_id) {
        fputs(" · bộ quy tắc ", f);
        html_put(f, r->ruleset_id, 0);
    }
    fputs("</footer>\n</body>\n</html>\n", f);
    if (ferror(f)) {
        errlist_add(errs, "%s: cannot write", path);
        return -1;
    }
    return 0;
}

/* report_md.c — report.md and the tables printed on the terminal.
 *
 * GitHub pipe tables with padded columns, so the file reads well both as
 * plain text and rendered. Numbers are Vietnamese (20.360, 110,05%) and
 * right-aligned. In a cell, '|' and '\' are escaped and a line break becomes
 * <br>, so one row of data always stays one line of the table.
 */
#include "report.h"
#include "report_internal.h"
#include "number.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

/* Padding stops here: one long reason must not widen every line of the table. */
#define MD_MAX_PAD 40

/* Width of s as escaped in a cell. */
static size_t md_cell_width(const char *s)
{
    size_t w = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '|' || *p == '\\')
            w += 2;
        else if (*p == '\r' && p[1] == '\n')
            continue;   /* the \n that follows counts as the <br> */
        else if (*p == '\n' || *p == '\r')
            w += 4;
        else if (((unsigned char)*p & 0xC0) != 0x80)
            w++;
    }
    return w;
}

static void md_put_escaped(FILE *f, const char *s)
{
    for (const char *p = s; *p; p++) {
        if (*p == '|' || *p == '\\') {
            fputc('\\', f);
            fputc(*p, f);
        } else if (*p == '\r' && p[1] == '\n') {
            continue;
        } else if (*p == '\n' || *p == '\r') {
            fputs("<br>", f);
        } else {
            fputc(*p, f);
        }
    }
}

static void md_put_cell(FILE *f, const char *s, size_t width, int right)
{
    size_t w = md_cell_width(s);
    size_t pad = w < width ? width - w : 0;
    fputs(" ", f);
    if (right)
        for (size_t i = 0; i < pad; i++)
            fputc(' ', f);
    md_put_escaped(f, s);
    if (!right)
        for (size_t i = 0; i < pad; i++)
            fputc(' ', f);
    fputs(" |", f);
}

/* Headings and notes are one line each: a line break inside would end them. */
static void md_put_line(FILE *f, const char *s)
{
    for (const char *p = s; *p; p++)
        fputc(*p == '\n' || *p == '\r' ? ' ' : *p, f);
}

static int md_right(const rcol *c)
{
    return c->type != RCOL_TEXT;
}

/* First pass: the width of each column over the rows that will be printed. */
static int md_widths(sqlite3 *db, sqlite3_stmt *st, const rtable *t, long max_rows, size_t *width, errlist *errs)
{
    for (int i = 0; i < t->ncols; i++) {
        width[i] = md_cell_width(t->cols[i].title);
        if (width[i] < 3)
            width[i] = 3;   /* the separator needs "---" */
    }
    char buf[400];
    long n = 0;
    int rc = 0;
    while (max_rows < 0 || n < max_rows) {
        if ((rc = report_step(db, st, t, errs)) != 1)
            break;
        n++;
        for (int i = 0; i < t->ncols; i++) {
            rcell v;
            report_cell(st, i, &t->cols[i], &v);
            size_t w = md_cell_width(report_cell_vi(&v, &t->cols[i], buf, sizeof buf));
            if (w > width[i])
                width[i] = w;
        }
    }
    for (int i = 0; i < t->ncols; i++)
        if (width[i] > MD_MAX_PAD)
            width[i] = MD_MAX_PAD;
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

static void md_header(FILE *f, const rtable *t, const size_t *width)
{
    fputs("|", f);
    for (int i = 0; i < t->ncols; i++)
        md_put_cell(f, t->cols[i].title, width[i], 0);
    fputs("\n|", f);
    for (int i = 0; i < t->ncols; i++) {
        int right = md_right(&t->cols[i]);
        /* the cell is " " + width + " ": the same count of dashes and colon */
        for (size_t k = 0; k < width[i] + 2 - (size_t)right; k++)
            fputc('-', f);
        if (right)
            fputc(':', f);
        fputc('|', f);
    }
    fputc('\n', f);
}

static int md_table(sqlite3 *db, const rtable *t, FILE *f, long max_rows, errlist *errs)
{
    sqlite3_stmt *st = report_rows(db, t, errs);
    if (!st)
        return -1;
    size_t *width = calloc(t->ncols, sizeof *width);
    if (!width) {
        sqlite3_finalize(st);
        errlist_add(errs, _("out of memory writing report table \"%s\""), t->id);
        return -1;
    }
    int rc = md_widths(db, st, t, max_rows, width, errs);
    if (rc == 0) {
        fputs("## ", f);
        md_put_line(f, t->title);
        fputs("\n\n", f);
        md_header(f, t, width);
        char buf[400];
        long n = 0, left = 0;
        int step;
        while ((step = report_step(db, st, t, errs)) == 1) {
            if (max_rows >= 0 && n >= max_rows) {
                left++;   /* counted, not printed */
                continue;
            }
            n++;
            fputs("|", f);
            for (int i = 0; i < t->ncols; i++) {
                rcell v;
                report_cell(st, i, &t->cols[i], &v);
                md_put_cell(f, report_cell_vi(&v, &t->cols[i], buf, sizeof buf), width[i], md_right(&t->cols[i]));
            }
            fputc('\n', f);
        }
        rc = step < 0 ? -1 : 0;
        if (n == 0 && left == 0)
            fputs("\nKhông có dòng nào.\n", f);
        if (left > 0)
            fprintf(f, "\n… còn %s dòng nữa không in ra đây.\n", number_format_vi((double)left, 0, buf, sizeof buf));
        for (int i = 0; i < t->nnotes; i++) {
            fputc('\n', f);
            md_put_line(f, t->notes[i]);
            fputc('\n', f);
        }
    }
    free(width);
    sqlite3_finalize(st);
    return rc;
}

int report_md_write(sqlite3 *db, const rreport *r, FILE *f, long max_rows, const char *path, errlist *errs)
{
    char heading[300];
    fprintf(f, "# %s\n", report_heading(r, heading, sizeof heading));
    if (r->ruleset_title && *r->ruleset_title) {
        fputs("\n", f);
        md_put_line(f, r->ruleset_title);
        fputs("\n", f);
    }
    for (int i = 0; i < r->ntables; i++) {
        if (!(r->tables[i].formats & FMT_MD))
            continue;
        fputc('\n', f);
        if (md_table(db, &r->tables[i], f, max_rows, errs) < 0)
            return -1;
    }
    if (ferror(f)) {
        errlist_add(errs, _("%s: cannot write"), path);
        return -1;
    }
    return 0;
}

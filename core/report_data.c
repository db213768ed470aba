/* report_data.c — the report as the writers see it: tables, columns and
 * cells read from the results database, and the two ways a number is printed.
 *
 * The engine validates report.table{} when a rule builds it; this file checks
 * again what would make a writer misbehave (a table id used as a file name,
 * an unknown column type, a chart naming a missing column), because the
 * database may also come from an older engine or a hand-edited file.
 */
#include "report_internal.h"
#include "report.h"
#include "number.h"
#include "i18n.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *name; int bit; } format_names[] = {
    { "md", FMT_MD }, { "csv", FMT_CSV }, { "json", FMT_JSON }, { "xlsx", FMT_XLSX }, { "html", FMT_HTML },
};

int report_format_bit(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
        if (strlen(format_names[i].name) == len && memcmp(format_names[i].name, name, len) == 0)
            return format_names[i].bit;
    return 0;
}

/* ---- loading ---------------------------------------------------------- */

static char *column_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? strdup((const char *)s) : NULL;
}

static int valid_table_id(const char *id)
{
    if (!id || !*id)
        return 0;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    return 1;
}

static int sql_error(sqlite3 *db, errlist *errs, const char *what)
{
    errlist_add(errs, _("results database: %s: %s"), what, sqlite3_errmsg(db));
    return -1;
}

static int load_run(sqlite3 *db, rreport *r, errlist *errs)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT key, value FROM run WHERE key IN "
                           "('ruleset_id', 'ruleset_title', 'year', 'engine_version', 'csv_dialect', 'signature')",
                           -1, &st, NULL) != SQLITE_OK)
        return sql_error(db, errs, "reading the run table");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        char **slot = !strcmp(key, "ruleset_id") ? &r->ruleset_id
                    : !strcmp(key, "ruleset_title") ? &r->ruleset_title
                    : !strcmp(key, "year") ? &r->year
                    : !strcmp(key, "csv_dialect") ? &r->csv_dialect
                    : !strcmp(key, "signature") ? &r->signature : &r->engine_version;
        free(*slot);
        *slot = column_dup(st, 1);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : sql_error(db, errs, "reading the run table");
}

/* Runs json_each over a JSON array of strings (a report_tables cell), calling
 * each(value) for every element. A NULL cell is an empty list. */
static int each_json_string(sqlite3 *db, const char *json, rtable *t, const char *field,
                            int (*each)(rtable *t, const char *v, errlist *errs), errlist *errs)
{
    if (!json)
        return 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT value FROM json_each(?1)", -1, &st, NULL) != SQLITE_OK)
        return sql_error(db, errs, "reading report_tables");
    sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
    int rc, bad = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        if (each(t, v ? v : "", errs) < 0)
            bad = 1;
    }
    if (rc != SQLITE_DONE) {
        errlist_add(errs, _("results database: report table \"%s\": %s is not a JSON array of strings: %s"),
                    t->id, field, sqlite3_errmsg(db));
        bad = 1;
    }
    sqlite3_finalize(st);
    return bad ? -1 : 0;
}

static int add_note(rtable *t, const char *v, errlist *errs)
{
    char **n = realloc(t->notes, (t->nnotes + 1) * sizeof *n);
    if (!n || !(n[t->nnotes] = strdup(v))) {
        if (n)
            t->notes = n;
        errlist_add(errs, _("out of memory reading the notes of report table \"%s\""), t->id);
        return -1;
    }
    t->notes = n;
    t->nnotes++;
    return 0;
}

static int add_format(rtable *t, const char *v, errlist *errs)
{
    int bit = report_format_bit(v, strlen(v));
    if (!bit) {
        errlist_add(errs, _("results database: report table \"%s\": unknown format \"%s\" in formats"), t->id, v);
        return -1;
    }
    t->formats |= bit;
    return 0;
}

static int column_index(const rtable *t, const char *key)
{
    for (int i = 0; i < t->ncols; i++)
        if (!strcmp(t->cols[i].key, key))
            return i;
    return -1;
}

static int load_columns(sqlite3 *db, rtable *t, errlist *errs)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT key, title, type, decimals FROM report_columns "
                           "WHERE table_id = ?1 ORDER BY ord, key", -1, &st, NULL) != SQLITE_OK)
        return sql_error(db, errs, "reading report_columns");
    sqlite3_bind_text(st, 1, t->id, -1, SQLITE_STATIC);
    int rc, bad = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        rcol *cols = realloc(t->cols, (t->ncols + 1) * sizeof *cols);
        if (!cols) {
            errlist_add(errs, _("out of memory reading report table \"%s\""), t->id);
            bad = 1;
            break;
        }
        t->cols = cols;
        rcol *c = &t->cols[t->ncols++];
        memset(c, 0, sizeof *c);
        c->key = column_dup(st, 0);
        c->title = column_dup(st, 1);
        const char *type = (const char *)sqlite3_column_text(st, 2);
        c->decimals = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 3);
        if (!c->key || !*c->key) {
            errlist_add(errs, _("results database: report table \"%s\": a column has no key"), t->id);
            bad = 1;
            continue;
        }
        if (!c->title)
            c->title = strdup(c->key);
        if (type && !strcmp(type, "text"))
            c->type = RCOL_TEXT;
        else if (type && !strcmp(type, "integer"))
            c->type = RCOL_INTEGER;
        else if (type && !strcmp(type, "number"))
            c->type = RCOL_NUMBER;
        else if (type && !strcmp(type, "percent"))
            c->type = RCOL_PERCENT;
        else {
            errlist_add(errs, _("results database: report table \"%s\" column \"%s\": unknown type \"%s\""
                        " (text, integer, number or percent)"), t->id, c->key, type ? type : "");
            bad = 1;
        }
        /* Beyond 15 decimals a double has no digits left to show. */
        if (c->decimals < -1 || c->decimals > 15) {
            errlist_add(errs, _("results database: report table \"%s\" column \"%s\": decimals %d is not between 0 and 15"),
                        t->id, c->key, c->decimals);
            bad = 1;
        }
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        bad = sql_error(db, errs, "reading report_columns") < 0;
    sqlite3_finalize(st);
    if (!bad && t->ncols == 0) {
        errlist_add(errs, _("results database: report table \"%s\" has no columns"), t->id);
        bad = 1;
    }
    return bad ? -1 : 0;
}

/* chart_label / chart_value name columns; the value must be a number to draw a bar. */
static int resolve_chart(rtable *t, const char *label, const char *value, errlist *errs)
{
    t->chart_label = t->chart_value = -1;
    if (!label && !value)
        return 0;
    int li = label ? column_index(t, label) : -1, vi = value ? column_index(t, value) : -1;
    if (li < 0 || vi < 0) {
        errlist_add(errs, _("results database: report table \"%s\": chart names column \"%s\", which the table does not have"),
                    t->id, li < 0 ? (label ? label : "") : value);
        return -1;
    }
    if (t->cols[vi].type == RCOL_TEXT) {
        errlist_add(errs, _("results database: report table \"%s\": chart value column \"%s\" is text, not a number"),
                    t->id, value);
        return -1;
    }
    t->chart_label = li;
    t->chart_value = vi;
    return 0;
}

static int load_table(sqlite3 *db, sqlite3_stmt *st, rtable *t, errlist *errs)
{
    t->id = column_dup(st, 0);
    t->chart_label = t->chart_value = -1;
    if (!valid_table_id(t->id)) {
        errlist_add(errs, _("results database: report table id \"%s\" is not made of a-z, 0-9 and _"),
                    t->id ? t->id : "");
        return -1;
    }
    t->title = column_dup(st, 1);
    if (!t->title)
        t->title = strdup(t->id);
    t->grp = column_dup(st, 2);
    int bad = 0;
    if (each_json_string(db, (const char *)sqlite3_column_text(st, 3), t, "notes", add_note, errs) < 0)
        bad = 1;
    const char *formats = (const char *)sqlite3_column_text(st, 6);
    if (!formats)
        t->formats = FMT_ALL;
    else if (each_json_string(db, formats, t, "formats", add_format, errs) < 0)
        bad = 1;
    if (load_columns(db, t, errs) < 0)
        return -1;
    if (resolve_chart(t, (const char *)sqlite3_column_text(st, 4), (const char *)sqlite3_column_text(st, 5), errs) < 0)
        bad = 1;
    return bad ? -1 : 0;
}

int report_load(sqlite3 *db, rreport *r, errlist *errs)
{
    memset(r, 0, sizeof *r);
    if (load_run(db, r, errs) < 0)
        return -1;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT id, title, grp, notes, chart_label, chart_value, formats "
                           "FROM report_tables ORDER BY ord, id", -1, &st, NULL) != SQLITE_OK)
        return sql_error(db, errs, "reading report_tables");
    int rc, bad = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        rtable *tables = realloc(r->tables, (r->ntables + 1) * sizeof *tables);
        if (!tables) {
            errlist_add(errs, _("out of memory reading report_tables"));
            bad = 1;
            break;
        }
        r->tables = tables;
        rtable *t = &r->tables[r->ntables++];
        memset(t, 0, sizeof *t);
        if (load_table(db, st, t, errs) < 0)
            bad = 1;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        bad = sql_error(db, errs, "reading report_tables") < 0;
    sqlite3_finalize(st);
    return bad ? -1 : 0;
}

void report_free(rreport *r)
{
    for (int i = 0; i < r->ntables; i++) {
        rtable *t = &r->tables[i];
        for (int j = 0; j < t->nnotes; j++)
            free(t->notes[j]);
        for (int j = 0; j < t->ncols; j++) {
            free(t->cols[j].key);
            free(t->cols[j].title);
        }
        free(t->notes);
        free(t->cols);
        free(t->id);
        free(t->title);
        free(t->grp);
    }
    free(r->tables);
    free(r->ruleset_id);
    free(r->ruleset_title);
    free(r->csv_dialect);
    free(r->signature);
    free(r->year);
    free(r->engine_version);
    memset(r, 0, sizeof *r);
}

/* ---- rows ------------------------------------------------------------- */

sqlite3_stmt *report_rows(sqlite3 *db, const rtable *t, errlist *errs)
{
    /* %w doubles any '"' so a column key can never end the quoted name. */
    sqlite3_str *sql = sqlite3_str_new(db);
    /* Columns are qualified (t."key"): SQLite reads an unknown "key" alone as
     * a string literal, which would fill a column with its own name instead
     * of reporting it missing. */
    sqlite3_str_appendall(sql, "SELECT ");
    for (int i = 0; i < t->ncols; i++)
        sqlite3_str_appendf(sql, "%st.\"%w\"", i ? ", " : "", t->cols[i].key);
    sqlite3_str_appendf(sql, " FROM \"t_%w\" AS t ORDER BY t._ord", t->id);
    char *text = sqlite3_str_finish(sql);
    sqlite3_stmt *st = NULL;
    if (!text || sqlite3_prepare_v2(db, text, -1, &st, NULL) != SQLITE_OK) {
        errlist_add(errs, _("results database: report table \"%s\": %s"), t->id, sqlite3_errmsg(db));
        st = NULL;
    }
    sqlite3_free(text);
    return st;
}

int report_step(sqlite3 *db, sqlite3_stmt *st, const rtable *t, errlist *errs)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    errlist_add(errs, _("results database: report table \"%s\": %s"), t->id, sqlite3_errmsg(db));
    return -1;
}

/* ---- cells ------------------------------------------------------------ */

/* Rounds x to d decimals, half away from zero, on its decimal value: the
 * way offices round by hand, so 20360.25 is 20.360,3 and 1.005 is 1,01 even
 * though neither is exact in binary (printf alone would give 20360.2 and
 * 1.00). The decimal value is x's first 15 significant digits, which is what
 * the office typed. Every format publishes this same rounded figure. */
static double round_to(double x, int d)
{
    if (d < 0 || !isfinite(x) || x == 0)
        return x;
    /* A figure with no more decimals than d, as offices type them, is its own rounding: the
     * digits below would all be 0. Checked without printf, since every real cell of every
     * table comes here. */
    int places = number_places(x);
    if (places >= 0 && places <= d)
        return x;
    char s[64];
    snprintf(s, sizeof s, "%.14e", fabs(x));   /* "2.03602500000000e+04" */
    char digits[17];
    int nd = 0;
    for (const char *p = s; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            digits[nd++] = *p;
    int exp10 = atoi(strchr(s, 'e') + 1);
    int keep = exp10 + 1 + d;                  /* significant digits left after rounding */
    if (keep >= nd)
        return x;
    if (keep < 0)
        return 0;
    int up = digits[keep] >= '5';
    for (int i = keep - 1; up && i >= 0; i--) {
        if (digits[i] == '9') {
            digits[i] = '0';
        } else {
            digits[i]++;
            up = 0;
        }
    }
    char out[64];
    /* a carry out of the first digit (9.96 -> 10.0) becomes a leading 1 */
    snprintf(out, sizeof out, "0.%s%.*se%d", up ? "1" : "", keep, digits, exp10 + 1 + up);
    double r = strtod(out, NULL);
    return x < 0 ? -r : r;
}

void report_cell(sqlite3_stmt *st, int i, const rcol *c, rcell *out)
{
    memset(out, 0, sizeof *out);
    int t = sqlite3_column_type(st, i);
    if (t == SQLITE_NULL)
        return;
    if (c->type == RCOL_TEXT || t == SQLITE_TEXT || t == SQLITE_BLOB) {
        out->text = (const char *)sqlite3_column_text(st, i);
        out->kind = out->text ? RCELL_TEXT : RCELL_NULL;
    } else if (t == SQLITE_INTEGER) {
        out->kind = RCELL_INT;
        out->i = sqlite3_column_int64(st, i);
    } else {
        double x = sqlite3_column_double(st, i);
        if (!isfinite(x))
            return;
        out->kind = RCELL_REAL;
        out->x = round_to(x, c->type == RCOL_INTEGER ? 0 : c->decimals);
        if (out->x == 0)
            out->x = 0;   /* -0 prints as "-0"; a table never means that */
    }
}

/* Fewest decimals (up to 6) that show x: 110.05 -> 2, 968 -> 0. */
static int decimals_needed(double x)
{
    if (fabs(x) >= 1e15)
        return 0;
    char buf[400];
    number_fixed(buf, sizeof buf, 6, x);
    /* the decimal mark is whatever follows the integer digits, whatever the locale */
    const char *p = buf + (buf[0] == '-');
    while (*p >= '0' && *p <= '9')
        p++;
    if (!*p)
        return 0;
    int n = (int)strlen(p + 1);
    while (n > 0 && p[n] == '0')
        n--;
    return n;
}

int report_cell_decimals(const rcell *v, const rcol *c)
{
    if (c->type == RCOL_INTEGER || c->type == RCOL_TEXT)
        return 0;
    if (c->decimals >= 0)
        return c->decimals;
    return v->kind == RCELL_REAL ? decimals_needed(v->x) : 0;
}

const char *report_cell_plain(const rcell *v, char *buf, size_t size)
{
    switch (v->kind) {
    case RCELL_NULL: return "";
    case RCELL_TEXT: return v->text;
    case RCELL_INT:
        snprintf(buf, size, "%lld", v->i);
        return buf;
    case RCELL_REAL:
        break;
    }
    /* 15 significant digits: every figure an office types survives, and
     * binary noise (0.1 + 0.2) never shows. */
    char shortest[32];
    size_t n = number_short_g15(v->x, shortest);
    if (n && n < size) {                                  /* what %.15g writes, without printf */
        memcpy(buf, shortest, n);
        buf[n] = 0;
        return buf;
    }
    snprintf(buf, size, "%.15g", v->x);
    if (strchr(buf, 'e') && fabs(v->x) < 1e15) {
        /* Tiny values: spell them out, programs and Excel both read that. */
        snprintf(buf, size, "%.15f", v->x);
        char *end = buf + strlen(buf);
        while (end > buf && end[-1] == '0')
            *--end = 0;
        if (end > buf && (end[-1] == '.' || end[-1] == ','))
            *--end = 0;
        if (!strcmp(buf, "-0"))
            strcpy(buf, "0");
    }
    /* Programs read a dot even if a library set a comma locale. */
    for (char *p = buf; *p; p++)
        if (*p == ',')
            *p = '.';
    return buf;
}

const char *report_cell_vi(const rcell *v, const rcol *c, char *buf, size_t size)
{
    switch (v->kind) {
    case RCELL_NULL: return "";
    case RCELL_TEXT: return v->text;
    case RCELL_INT: number_format_vi((double)v->i, report_cell_decimals(v, c), buf, size - 1); break;
    case RCELL_REAL: number_format_vi(v->x, report_cell_decimals(v, c), buf, size - 1); break;
    }
    if (c->type == RCOL_PERCENT)
        strcat(buf, "%");   /* room kept by size - 1 above */
    return buf;
}

int report_cell_is_number(const rcell *v)
{
    return v->kind == RCELL_INT || v->kind == RCELL_REAL;
}

size_t report_text_width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

const char *report_heading(const rreport *r, char *buf, size_t size)
{
    if (r->year && *r->year)
        snprintf(buf, size, "Báo cáo kết quả đánh giá năm %s", r->year);
    else
        snprintf(buf, size, "Báo cáo kết quả đánh giá");
    return buf;
}

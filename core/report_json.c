/* report_json.c — report.json, every table for other programs.
 *
 * Schema "evalrun.report/1", documented field by field in
 * docs/output-formats.md. The layout is fixed (two-space indent, one row per
 * line, keys in column order) so that two runs give the same bytes and a
 * diff between two years shows the rows that changed.
 */
#include "report.h"
#include "report_internal.h"
#include "i18n.h"

#include <string.h>

/* Length of the valid UTF-8 sequence at s, or 0 if the bytes there are not one. */
static int utf8_seq_len(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    int n = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if (n == 3 && ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0)))
        return 0;   /* overlong, or a UTF-16 surrogate */
    if (n == 4 && ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90)))
        return 0;   /* overlong, or beyond U+10FFFF */
    return n;
}

/* A JSON string. Control characters are escaped; so are U+2028 and U+2029,
 * which end a line in JavaScript; bytes that are not UTF-8 become U+FFFD so
 * the file always parses. */
static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = utf8_seq_len(p);
        if (n == 0) {
            fputs("\\ufffd", f);
            p++;
        } else if (n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
            fprintf(f, "\\u%04x", p[2] == 0xA8 ? 0x2028 : 0x2029);
            p += 3;
        } else if (n > 1) {
            fwrite(p, 1, n, f);
            p += n;
        } else {
            switch (*p) {
            case '"':  fputs("\\\"", f); break;
            case '\\': fputs("\\\\", f); break;
            case '\n': fputs("\\n", f); break;
            case '\r': fputs("\\r", f); break;
            case '\t': fputs("\\t", f); break;
            case '\b': fputs("\\b", f); break;
            case '\f': fputs("\\f", f); break;
            default:
                if (*p < 0x20 || *p == 0x7F)
                    fprintf(f, "\\u%04x", *p);
                else
                    fputc(*p, f);
            }
            p++;
        }
    }
    fputc('"', f);
}

static void json_string_or_null(FILE *f, const char *s)
{
    if (s)
        json_string(f, s);
    else
        fputs("null", f);
}

/* run.year is text in the database; the schema promises an integer or null. */
static void json_year(FILE *f, const char *year)
{
    size_t n = year ? strlen(year) : 0;
    if (n == 0 || n > 9 || strspn(year, "0123456789") != n)
        fputs("null", f);
    else
        fputs(year + strspn(year, "0") - (strspn(year, "0") == n), f);
}

static const char *coltype_word(rcoltype t)
{
    switch (t) {
    case RCOL_TEXT:    return "text";
    case RCOL_INTEGER: return "integer";
    case RCOL_NUMBER:  return "number";
    case RCOL_PERCENT: return "percent";
    }
    return "text";
}

static void json_table_head(FILE *f, const rtable *t)
{
    fputs("    {\n      \"id\": ", f);
    json_string(f, t->id);
    fputs(",\n      \"title\": ", f);
    json_string(f, t->title);
    fputs(",\n      \"group\": ", f);
    json_string_or_null(f, t->grp);
    fputs(",\n      \"notes\": [", f);
    for (int i = 0; i < t->nnotes; i++) {
        fputs(i ? ", " : "", f);
        json_string(f, t->notes[i]);
    }
    fputs("],\n      \"chart\": ", f);
    if (t->chart_value >= 0) {
        fputs("{\"label\": ", f);
        json_string(f, t->cols[t->chart_label].key);
        fputs(", \"value\": ", f);
        json_string(f, t->cols[t->chart_value].key);
        fputs("}", f);
    } else {
        fputs("null", f);
    }
    fputs(",\n      \"columns\": [\n", f);
    for (int i = 0; i < t->ncols; i++) {
        const rcol *c = &t->cols[i];
        fputs("        {\"key\": ", f);
        json_string(f, c->key);
        fputs(", \"title\": ", f);
        json_string(f, c->title);
        fprintf(f, ", \"type\": \"%s\", \"decimals\": ", coltype_word(c->type));
        if (c->decimals >= 0)
            fprintf(f, "%d", c->decimals);
        else
            fputs("null", f);
        fputs(i + 1 < t->ncols ? "},\n" : "}\n", f);
    }
    fputs("      ],\n      \"rows\": [", f);
}

static int json_table(sqlite3 *db, const rtable *t, FILE *f, errlist *errs)
{
    sqlite3_stmt *st = report_rows(db, t, errs);
    if (!st)
        return -1;
    json_table_head(f, t);
    char buf[64];
    long n = 0;
    int rc;
    while ((rc = report_step(db, st, t, errs)) == 1) {
        fputs(n++ ? ",\n        {" : "\n        {", f);
        for (int i = 0; i < t->ncols; i++) {
            if (i)
                fputs(", ", f);
            json_string(f, t->cols[i].key);
            fputs(": ", f);
            rcell v;
            report_cell(st, i, &t->cols[i], &v);
            if (v.kind == RCELL_NULL)
                fputs("null", f);
            else if (v.kind == RCELL_TEXT)
                json_string(f, v.text);
            else
                fputs(report_cell_plain(&v, buf, sizeof buf), f);
        }
        fputs("}", f);
    }
    fputs(n ? "\n      ]\n    }" : "]\n    }", f);
    sqlite3_finalize(st);
    return rc < 0 ? -1 : 0;
}

int report_json_write(sqlite3 *db, const rreport *r, FILE *f, const char *path, errlist *errs)
{
    fputs("{\n  \"schema\": \"evalrun.report/1\",\n  \"ruleset\": {\"id\": ", f);
    json_string_or_null(f, r->ruleset_id);
    fputs(", \"title\": ", f);
    json_string_or_null(f, r->ruleset_title);
    fputs("},\n  \"year\": ", f);
    json_year(f, r->year);
    fputs(",\n  \"engine_version\": ", f);
    json_string_or_null(f, r->engine_version);
    fputs(",\n  \"tables\": [", f);
    int n = 0;
    for (int i = 0; i < r->ntables; i++) {
        if (!(r->tables[i].formats & FMT_JSON))
            continue;
        fputs(n++ ? ",\n" : "\n", f);
        if (json_table(db, &r->tables[i], f, errs) < 0)
            return -1;
    }
    fputs(n ? "\n  ]\n}\n" : "]\n}\n", f);
    if (ferror(f)) {
        errlist_add(errs, _("%s: cannot write"), path);
        return -1;
    }
    return 0;
}

/* summary.c — see summary.h. Reads only the results database and the run's
 * own notes, so the summary says what the files say. */
#include "summary.h"

#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "paths.h"
#include "report.h"
#include "strbuf.h"

#define SUMMARY_WIDTH 100    /* the list of files loaded is wrapped at this many characters */

/* 20360 → "20.360", as the office reads numbers. */
static const char *vi_int(long long n, char *buf, size_t size)
{
    char raw[32];
    int len = snprintf(raw, sizeof raw, "%lld", n), o = 0;
    for (int i = 0; i < len && o + 2 < (int)size; i++) {
        if (i && (len - i) % 3 == 0 && raw[i - 1] != '-') buf[o++] = i18n_vi() ? '.' : ',';
        buf[o++] = raw[i];
    }
    buf[o] = 0;
    return buf;
}

static size_t utf8_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void print_loaded(engine *e, strbuf *f)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(e->db, "SELECT path, rows FROM sources ORDER BY id", -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return;
    }
    long long files = 0, rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) { files++; rows += sqlite3_column_int64(st, 1); }
    sqlite3_reset(st);
    char n[32];
    sb_addf(f, ngettext("Loaded %lld data file, %s rows, from %s:\n", "Loaded %lld data files, %s rows, from %s:\n",
                        (unsigned long)files), files, vi_int(rows, n, sizeof n), e->data_dir);
    size_t col = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *path = (const char *)sqlite3_column_text(st, 0);
        char item[600];
        snprintf(item, sizeof item, "%s %s", path ? base_name(path) : "?", vi_int(sqlite3_column_int64(st, 1), n, sizeof n));
        size_t w = utf8_width(item);
        if (col && col + 2 + w > SUMMARY_WIDTH) { sb_add(f, ",\n"); col = 0; }
        if (col) { sb_add(f, ", "); col += 2; }
        else { sb_add(f, "  "); col = 2; }
        sb_add(f, item);
        col += w;
    }
    if (col) sb_addc(f, '\n');
    sqlite3_finalize(st);
}

static void print_tables(engine *e, strbuf *f)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(e->db, "SELECT id, title FROM report_tables ORDER BY ord, id", -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return;
    }
    int ntables = 0;
    while (sqlite3_step(st) == SQLITE_ROW) ntables++;
    sqlite3_reset(st);
    if (!ntables) {
        sb_add(f, _("No table was made.\n"));
        sqlite3_finalize(st);
        return;
    }
    sb_addf(f, ngettext("%d table:\n", "%d tables:\n", (unsigned long)ntables), ntables);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        const char *title = (const char *)sqlite3_column_text(st, 1);
        char *sql = sqlite3_mprintf("SELECT count(*) FROM \"t_%w\"", id);
        sqlite3_stmt *cnt;
        long long rows = -1;
        if (sql && sqlite3_prepare_v2(e->db, sql, -1, &cnt, NULL) == SQLITE_OK) {
            if (sqlite3_step(cnt) == SQLITE_ROW) rows = sqlite3_column_int64(cnt, 0);
            sqlite3_finalize(cnt);
        }
        sqlite3_free(sql);
        char n[32];
        sb_addf(f, "  %6s %s  %s\n", vi_int(rows, n, sizeof n),
                ngettext("row", "rows", (unsigned long)(rows < 0 ? 0 : rows)), title && *title ? title : id);
    }
    sqlite3_finalize(st);
}

/* Warnings: the run's own (a year without data), then what the rules recorded
 * as a breach of a regulation (kind "breach") or a figure to review (kind
 * "flag": a printed figure that does not match, a missing score sheet). */
static void print_warnings(engine *e, strbuf *f)
{
    long long breaches = 0, flags = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(e->db, "SELECT sum(kind = 'breach'), sum(kind = 'flag') FROM results "
                           "WHERE kind IN ('breach', 'flag')", -1, &st, NULL) == SQLITE_OK
        && sqlite3_step(st) == SQLITE_ROW) {
        breaches = sqlite3_column_int64(st, 0);
        flags = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    long long own = e->warnings.count;
    if (!own && !breaches && !flags) {
        sb_add(f, _("Warnings: none; figures to review: none.\n"));
        return;
    }
    sb_addf(f, _("Warnings: %lld; figures to review: %lld. The first ones:\n"), own + breaches, flags);
    int shown = 0;
    for (int i = 0; i < e->warnings.nmsg && shown < SUMMARY_SHOWN; i++, shown++)
        sb_addf(f, "  %s\n", e->warnings.msg[i]);
    if (sqlite3_prepare_v2(e->db, "SELECT kind, rule, subject, value, json_extract(steps, '$[#-1]') FROM results "
                           "WHERE kind IN ('breach', 'flag') ORDER BY seq", -1, &st, NULL) == SQLITE_OK) {
        while (shown < SUMMARY_SHOWN && sqlite3_step(st) == SQLITE_ROW) {
            const char *kind = (const char *)sqlite3_column_text(st, 0);
            const char *rule = (const char *)sqlite3_column_text(st, 1);
            const char *subject = (const char *)sqlite3_column_text(st, 2);
            const char *value = (const char *)sqlite3_column_text(st, 3);
            const char *why = (const char *)sqlite3_column_text(st, 4);
            const char *label = !strcmp(kind, "flag") ? _("to review") : _("warning");
            /* the database keeps places relative to the rule file's folder; shown from the current one */
            char *shown_rule = rule ? path_join(e->rules_dir, rule) : NULL;
            if (shown_rule) rule = shown_rule;
            if (why && *why)
                sb_addf(f, "  %s: %s: %s\n", rule ? rule : "?", label, why);
            else
                sb_addf(f, "  %s: %s: %s %s\n", rule ? rule : "?", label, subject ? subject : "", value ? value : "");
            free(shown_rule);
            shown++;
        }
    }
    sqlite3_finalize(st);
    long long total = own + breaches + flags;
    if (total > shown)
        sb_addf(f, _("  ... and %lld more (table \"results\" of the results database, or evalrun explain)\n"),
                total - shown);
}

/* "out/quangbinh/: report.md, report.html, 20 CSV files, results.sqlite" */
static void print_written(engine *e, strbuf *f, const char *written)
{
    int ncsv = 0;
    char others[1024] = "";
    size_t olen = 0;
    for (const char *line = written; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char path[1024];
        snprintf(path, sizeof path, "%.*s", (int)len, line);
        size_t pl = strlen(path);
        if (pl > 4 && !strcmp(path + pl - 4, ".csv")) ncsv++;
        else olen += (size_t)snprintf(others + olen, olen < sizeof others ? sizeof others - olen : 0, "%s, ", base_name(path));
        line = end ? end + 1 : line + len;
    }
    if (olen >= sizeof others) olen = sizeof others - 1;
    char csv[64] = "";
    if (ncsv) snprintf(csv, sizeof csv, ngettext("%d CSV file, ", "%d CSV files, ", (unsigned long)ncsv), ncsv);
    sb_addf(f, _("Written to %s/: %s%s%s\n"), e->out_dir, others, csv, e->db_final ? base_name(e->db_final) : "");
}

void summary_print(engine *e, strbuf *f, const char *written)
{
    lua_State *L = e->L;
    const char *title = NULL;
    if (L) {
        decl_push_ruleset(L);
        lua_getfield(L, -1, "title");
        title = lua_tostring(L, -1);
    }
    if (e->year) sb_addf(f, _("%s — year %ld\n"), title ? title : e->ruleset_id, e->year);
    else sb_addf(f, "%s\n", title ? title : e->ruleset_id);
    if (L) lua_pop(L, 2);
    print_loaded(e, f);
    print_tables(e, f);
    print_warnings(e, f);
    print_written(e, f, written);
    if (!e->opt->print_tables)
        sb_addf(f, _("Full tables on the terminal: add --print. Why a result: evalrun explain %s ID\n"), e->opt->rules);
}

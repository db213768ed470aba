/* explain.c — `evalrun explain RULES ID`: the facts about one unit or person
 * (with the file and line each came from) and every result recorded about it,
 * in the order the rules decided them, with the rule's place, its inputs,
 * intermediate values and reasoning. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "i18n.h"
#include "paths.h"

static int print_facts(engine *e, const char *id)
{
    static const char *id_columns[] = { "id", "subject_id", "person_id", "unit_id", NULL };
    int shown = 0;
    for (int t = 0; t < e->ntables; t++) {
        const table_spec *ts = &e->tables[t];
        for (int k = 0; id_columns[k]; k++) {
            int has = 0;
            for (int c = 0; c < ts->ncols; c++) if (strcmp(ts->cols[c].name, id_columns[k]) == 0) has = 1;
            if (!has) continue;
            char sql[512];
            snprintf(sql, sizeof sql, "SELECT s.path, d.* FROM \"%s\" d LEFT JOIN sources s ON s.id = d._src"
                     " WHERE d.\"%s\" = ? ORDER BY d._src, d._line", ts->name, id_columns[k]);
            sqlite3_stmt *st;
            if (sqlite3_prepare_v2(e->db, sql, -1, &st, NULL) != SQLITE_OK) continue;
            sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
            while (sqlite3_step(st) == SQLITE_ROW) {
                if (!shown++) printf(_("Facts\n"));
                /* the database keeps paths from the rule file's folder; shown from the current one */
                const char *src = (const char *)sqlite3_column_text(st, 0);
                char *shown_src = src ? path_join(e->rules_dir, src) : NULL;
                printf("  %s  (%s:%d)\n   ", ts->name, shown_src ? shown_src : "?", sqlite3_column_int(st, 2));
                free(shown_src);
                for (int c = 3; c < sqlite3_column_count(st); c++)
                    if (sqlite3_column_type(st, c) != SQLITE_NULL)
                        printf(" %s=%s", sqlite3_column_name(st, c), (const char *)sqlite3_column_text(st, c));
                printf("\n");
            }
            sqlite3_finalize(st);
            break;
        }
    }
    return shown;
}

/* Prints a JSON object as "key = value" pairs, or an array of reasons as a list,
 * using SQLite's json_each so no JSON parser is needed here. */
static void print_json(sqlite3 *db, const char *label, const unsigned char *json)
{
    if (!json) return;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT key, value, type FROM json_each(?)", -1, &st, NULL) != SQLITE_OK) return;
    sqlite3_bind_text(st, 1, (const char *)json, -1, SQLITE_STATIC);
    int first = 1, pairs = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int is_array_item = sqlite3_column_type(st, 0) == SQLITE_INTEGER;
        const char *v = (const char *)sqlite3_column_text(st, 1);
        if (is_array_item) printf("      - %s\n", v ? v : "");
        else {
            if (first) printf("    %s:", label);
            printf(" %s = %s;", (const char *)sqlite3_column_text(st, 0), v ? v : "nil");
            pairs = 1;
        }
        first = 0;
    }
    if (pairs) printf("\n");
    sqlite3_finalize(st);
}

static int explain(engine *e, void *arg)
{
    const char *id = arg;
    int facts = print_facts(e, id);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(e->db, "SELECT step, kind, subject_kind, year, value, rule, lib, inputs, vals, steps"
                              " FROM results WHERE subject = ? ORDER BY seq", -1, &st, NULL);
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int n = 0;
    const char *last_step = NULL;
    char step_buf[512] = "";
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (!n++) printf(_("%sResults for %s\n"), facts ? "\n" : "", id);
        const char *stepname = (const char *)sqlite3_column_text(st, 0);
        if (stepname && (!last_step || strcmp(step_buf, stepname) != 0)) {
            snprintf(step_buf, sizeof step_buf, "%s", stepname);
            last_step = step_buf;
            printf("\n  [%s]\n", stepname);
        }
        const char *rule = (const char *)sqlite3_column_text(st, 5);
        char *shown_rule = rule ? path_join(e->rules_dir, rule) : NULL;
        printf("  %s = %s   (%s%s%s)\n", (const char *)sqlite3_column_text(st, 1),
               sqlite3_column_type(st, 4) == SQLITE_NULL ? "-" : (const char *)sqlite3_column_text(st, 4),
               shown_rule ? shown_rule : "",
               sqlite3_column_type(st, 6) == SQLITE_NULL ? "" : _(", via "),
               sqlite3_column_type(st, 6) == SQLITE_NULL ? "" : (const char *)sqlite3_column_text(st, 6));
        free(shown_rule);
        print_json(e->db, _("inputs"), sqlite3_column_text(st, 7));
        print_json(e->db, _("values"), sqlite3_column_text(st, 8));
        print_json(e->db, _("steps"), sqlite3_column_text(st, 9));
    }
    sqlite3_finalize(st);
    if (!n && !facts) {
        fprintf(stderr, _("evalrun explain: nothing is known about \"%s\": no fact and no result has this id\n"), id);
        return EXIT_USAGE;
    }
    return 0;
}

after_run_fn explainer(void) { return explain; }

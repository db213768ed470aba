/* main.c — the command line (docs/cli.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "commands.h"
#include "i18n.h"
#include "paths.h"
#include "platform.h"
#include "report.h"

static const char *USAGE = N_(
"evalrun %s — year-end assessment tables from a province's rules and data\n"
"\n"
"Usage:\n"
"  evalrun RULES.lua [options]          run the assessment, write the tables and the results database\n"
"  evalrun check RULES.lua [options]    load and check rules and data, report every problem, write nothing\n"
"  evalrun test FILE.lua|FOLDER         run the expectations written in test files (*.test.lua)\n"
"  evalrun explain RULES.lua ID         why this unit or person got each score, grade, title and rank\n"
"  evalrun extract REPORT [--out F.csv] the figures of a narrative report (.txt, .docx), checked\n"
"  evalrun --help | --version\n"
"\n"
"Options:\n"
"  --data DIR             data folder (default: the rule set's, e.g. data/quangbinh)\n"
"  --year YEAR            assessment year (default: the rule set's)\n"
"  --out DIR              output folder (default: out/<rule set id>)\n"
"  --format LIST          md,csv,json,xlsx,html or all (default: all)\n"
"  --csv DIALECT          excel-vi (';', 20.360, 110,05) or rfc4180 (',', 20360, 110.05)\n"
"                         (default: the rule set's, else rfc4180)\n"
"  --db FILE              results database (default: <out>/results.sqlite)\n"
"  --print                print the tables on the terminal before the summary\n"
"  --rows N               with --print, at most N rows per table (default: all)\n"
"  --quiet                no summary, only the files written\n"
"  --lang vi|en           language of messages (default: Vietnamese; English under an English locale)\n"
"  --max-instructions N   stop a rule after N Lua instructions (default: 500000000 + 5000 per row loaded)\n"
"  --max-memory MB        stop a rule that uses more than MB megabytes (default: 2048 + 1 KB per row\n"
"                         loaded, at most 3/4 of the machine's memory)\n"
"\n"
"Example:\n"
"  evalrun rules/quangbinh.lua --year 2023\n"
"  evalrun explain rules/quangbinh.lua CB01\n"
"\n"
"Exit codes: 0 ok, 1 an expectation failed, 2 usage, 3 data error, 4 rule error\n"
"(including a limit), 5 an output could not be written.\n"
"Guide: docs/vi/ (in Vietnamese), docs/rules.md (rule files), docs/data-formats.md (CSV),\n"
"docs/output-formats.md.\n");

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "evalrun: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s\n", _("Try 'evalrun --help'."));
    return EXIT_USAGE;
}

static int parse_number(const char *s, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < 0) return -1;
    *out = v;
    return 0;
}

/* Parses options from argv[i...]; positional arguments go to pos[]. Returns 0 or an exit code. */
static int parse_args(int argc, char **argv, int i, run_options *o, const char **pos, int *npos)
{
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || !a[1]) { if (*npos < 4) pos[(*npos)++] = a; else return usage_error("too many arguments: %s", a); continue; }
        if (strcmp(a, "--quiet") == 0) { o->quiet = 1; continue; }
        if (strcmp(a, "--print") == 0) { o->print_tables = 1; continue; }
        const char *names[] = { "--data", "--year", "--out", "--format", "--db", "--max-instructions",
                                "--max-memory", "--rows", "--lang", "--csv", NULL };
        int k;
        for (k = 0; names[k] && strcmp(a, names[k]) != 0; k++) {}
        if (!names[k]) return usage_error(_("unknown option %s"), a);
        if (i + 1 >= argc) return usage_error(_("%s needs a value"), a);
        const char *v = argv[++i];
        long long n = 0;
        errlist errs = { 0 };
        switch (k) {
        case 0: o->data_dir = v; break;
        case 1: if (parse_number(v, &n) || n < 1900 || n > 2200) return usage_error(_("--year %s: give a year such as 2023"), v);
                o->year = (long)n; break;
        case 2: o->out_dir = v; break;
        case 3: o->formats = report_parse_formats(v, &errs);
                if (o->formats < 0) { errlist_print(&errs, stderr); errlist_free(&errs); return usage_error("--format %s", v); }
                break;
        case 4: o->db_path = v; break;
        case 5: if (parse_number(v, &n) || n < 1000) return usage_error(_("--max-instructions %s: give a whole number of at least 1000"), v);
                o->max_instructions = n; break;
        case 6: if (parse_number(v, &n) || n < 1) return usage_error(_("--max-memory %s: give megabytes, e.g. 2048"), v);
                o->max_memory = n << 20; break;
        case 7: if (parse_number(v, &n)) return usage_error(_("--rows %s: give a number of rows"), v);
                o->print_rows = (long)n; break;
        case 8: break;     /* --lang: read before anything is printed (main) */
        case 9: if (report_parse_csv_dialect(v) < 0) return usage_error(_("--csv %s: choose excel-vi or rfc4180"), v);
                o->csv_dialect = report_parse_csv_dialect(v) + 1; break;
        }
    }
    return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Collects *.test.lua under dir, recursively, sorted so runs are repeatable. */
static void find_tests(const char *dir, char ***list, int *n)
{
    platform_dir *d = platform_opendir(dir);
    if (!d) return;
    const char *name;
    while ((name = platform_readdir(d))) {
        if (name[0] == '.') continue;
        char *path = path_join(dir, name);
        size_t len = strlen(name);
        if (path_is_dir(path)) { find_tests(path, list, n); free(path); continue; }
        if (len > 9 && strcmp(name + len - 9, ".test.lua") == 0) {
            *list = realloc(*list, (size_t)(*n + 1) * sizeof **list);
            (*list)[(*n)++] = path;
        } else free(path);
    }
    platform_closedir(d);
    qsort(*list, (size_t)*n, sizeof **list, cmp_str);
}

static int cmd_test(run_options *o, const char *target)
{
    char **files = NULL;
    int n = 0;
    if (path_is_dir(target)) find_tests(target, &files, &n);
    else { files = malloc(sizeof *files); files[n++] = strdup(target); }
    if (n == 0) { fprintf(stderr, _("evalrun test: no *.test.lua files in %s\n"), target); free(files); return EXIT_USAGE; }
    test_totals tot = { 0 };
    int worst = 0;
    for (int i = 0; i < n; i++) {
        o->rules = files[i];
        int code = engine_run(o, expect_checker(), &tot);
        tot.files++;
        if (code) {
            tot.failed_files++;
            if (code != EXIT_EXPECT) printf(_("FAIL %s (could not run, exit code %d)\n"), files[i], code);
            if (code != EXIT_EXPECT || !worst) worst = code;
        }
        free(files[i]);
    }
    free(files);
    printf(_("%d test file(s), %d failed; %lld expectation(s), %lld failed\n"), tot.files, tot.failed_files,
           tot.expectations, tot.failed_expectations);
    return worst;
}

/* Levenshtein distance of two short ASCII words (for "did you mean"). */
static int word_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 30 || lb > 30) return 99;
    int d[32][32];
    for (size_t i = 0; i <= la; i++) d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < c) c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c) c = d[i][j - 1] + 1;
            d[i][j] = c;
        }
    return d[la][lb];
}

/* A first word that is neither a command nor a file: "evalrun chek rules/x.lua". */
static int unknown_command(const char *word)
{
    static const char *commands[] = { "check", "test", "explain", "extract", "help" };
    if (strchr(word, '/') || strchr(word, '.') || path_exists(word)) return 0;
    for (const char *p = word; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == '-' || *p == '_')) return 0;
    const char *best = NULL;
    int bestd = 3;
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        int dist = word_distance(word, commands[i]);
        if (dist < bestd) { bestd = dist; best = commands[i]; }
    }
    if (best) fprintf(stderr, _("evalrun: unknown command \"%s\"; did you mean \"%s\"?\n"), word, best);
    else fprintf(stderr, _("evalrun: unknown command \"%s\" (commands: check, test, explain; or give a rule file)\n"), word);
    fprintf(stderr, "%s\n", _("Try 'evalrun --help'."));
    return 1;
}

/* --lang is read first: every message after it is in that language. */
static int choose_language(int argc, char **argv)
{
    const char *lang = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc) lang = argv[i + 1];
        else if (strncmp(argv[i], "--lang=", 7) == 0) lang = argv[i] + 7;
    }
    if (i18n_init(lang) == 0) return 0;
    i18n_init(NULL);
    return usage_error(_("--lang %s: choose vi or en"), lang);
}

int main(int argc, char **argv)
{
    platform_init(&argc, &argv);
    /* One thread uses SQLite: no mutexes, no allocation statistics (both cost time per row). */
    sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    int rc = choose_language(argc, argv);
    if (rc) return rc;
    run_options o = { 0 };
    o.formats = FMT_ALL;
    o.max_instructions = 0;                  /* the default budget, from the rows loaded (sandbox.c) */
    o.max_memory = 0;                        /* the default cap, from the rows loaded (sandbox.c) */
    o.print_rows = -1;
    o.write_files = 1;
    if (argc < 2) { fprintf(stderr, _(USAGE), EVALRUN_VERSION); return EXIT_USAGE; }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        printf(_(USAGE), EVALRUN_VERSION);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) { printf("evalrun %s\n", EVALRUN_VERSION); return EXIT_OK; }
    if (strcmp(argv[1], "extract") == 0) return cmd_extract(argc, argv);
    const char *cmd = "run";
    int first = 1;
    if (strcmp(argv[1], "check") == 0 || strcmp(argv[1], "test") == 0 || strcmp(argv[1], "explain") == 0) {
        cmd = argv[1];
        first = 2;
    } else if (argv[1][0] != '-' && unknown_command(argv[1])) {
        return EXIT_USAGE;
    }
    const char *pos[4];
    int npos = 0;
    rc = parse_args(argc, argv, first, &o, pos, &npos);
    if (rc) return rc;
    if (strcmp(cmd, "run") == 0) {
        if (npos != 1) return usage_error("%s", _("give one rule file, e.g. evalrun rules/quangbinh.lua"));
        o.rules = pos[0];
        return engine_run(&o, NULL, NULL);
    }
    o.write_files = 0;
    o.quiet = 1;
    if (strcmp(cmd, "check") == 0) {
        if (npos != 1) return usage_error("%s", _("check needs one rule file"));
        o.rules = pos[0];
        rc = engine_run(&o, NULL, NULL);
        if (rc == 0) fprintf(stderr, _("evalrun check: %s: rules and data are fine\n"), o.rules);
        return rc;
    }
    if (strcmp(cmd, "test") == 0) {
        if (npos != 1) return usage_error("%s", _("test needs a test file or a folder of *.test.lua files"));
        return cmd_test(&o, pos[0]);
    }
    if (npos != 2) return usage_error("%s", _("explain needs a rule file and an id, e.g. evalrun explain rules/quangbinh.lua CB01"));
    o.rules = pos[0];
    o.saved_run = 1;
    return engine_run(&o, explainer(), (void *)pos[1]);
}

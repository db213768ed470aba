/* test_report.c — the output writers, byte for byte.
 *
 * Builds a results database by hand (the tables report.h lists), writes every
 * format into a temporary folder and compares the files with the bytes an
 * office would get. Also: hostile text (formula injection, <script>, line
 * breaks, quotes), the all-or-nothing write, and determinism.
 */
#include "unit.h"
#include "report.h"

#include <dirent.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *setup_sql =
    "CREATE TABLE run(key TEXT PRIMARY KEY, value TEXT);"
    "INSERT INTO run VALUES ('ruleset_id', 'vidu'), ('ruleset_title', 'Sở LĐTBXH tỉnh Ví dụ'),"
    "  ('year', '2023'), ('engine_version', '0.1.0'), ('started', 'not read by the writers');"
    "CREATE TABLE report_tables(id TEXT PRIMARY KEY, ord INTEGER, title TEXT, grp TEXT, notes TEXT,"
    "  chart_label TEXT, chart_value TEXT, formats TEXT, rule TEXT);"
    "CREATE TABLE report_columns(table_id TEXT, ord INTEGER, key TEXT, title TEXT, type TEXT, decimals INTEGER);"
    /* ranking: every column type, hostile names, a chart */
    "INSERT INTO report_tables VALUES ('ranking', 1, 'Xếp hạng | Khối 1', 'Thi đua',"
    "  '[\"Số liệu minh họa.\", \"Điểm tối đa 1.000.\"]', 'name', 'total', NULL, 'rules/vidu.lua:40');"
    "INSERT INTO report_columns VALUES ('ranking', 1, 'rank', 'Hạng', 'integer', NULL),"
    "  ('ranking', 2, 'name', 'Đơn vị', 'text', NULL), ('ranking', 3, 'total', 'Tổng điểm', 'number', 1),"
    "  ('ranking', 4, 'pct', 'Tỷ lệ đạt', 'percent', 2);"
    "CREATE TABLE t_ranking(_ord INTEGER PRIMARY KEY, rank, name, total, pct);"
    "INSERT INTO t_ranking VALUES (1, 1, 'Văn phòng Sở', 968, 110.05),"
    "  (2, 2, '=HYPERLINK(\"x\")', 20360.25, 99.5),"
    "  (3, 3, '<script>alert(1)</script>', NULL, NULL),"
    "  (4, 4, 'Dòng 1' || char(10) || 'nói \"có\", @x', -0.54, 1.005);"
    /* numbers: the plain number rules, CSV only */
    "INSERT INTO report_tables VALUES ('numbers', 2, 'Số', NULL, NULL, NULL, NULL, '[\"csv\"]', 'rules/vidu.lua:50');"
    "INSERT INTO report_columns VALUES ('numbers', 1, 'x', 'x', 'number', NULL), ('numbers', 2, 'note', '-x', 'text', NULL);"
    "CREATE TABLE t_numbers(_ord INTEGER PRIMARY KEY, x, note);"
    "INSERT INTO t_numbers VALUES (1, 0.1 + 0.2, '+1'), (2, 1e-7, '-'), (3, 1e20, '@a'), (4, -0.0, char(9) || 't'),"
    "  (5, 5, ''), (6, 20360, NULL);"
    /* empty: no rows, no group, notes null */
    "INSERT INTO report_tables VALUES ('empty', 3, 'Bảng trống', NULL, NULL, NULL, NULL, '[\"md\", \"json\"]', NULL);"
    "INSERT INTO report_columns VALUES ('empty', 1, 'a', 'A', 'text', NULL);"
    "CREATE TABLE t_empty(_ord INTEGER PRIMARY KEY, a);";

static sqlite3 *make_db(void)
{
    sqlite3 *db;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        return NULL;
    char *err = NULL;
    if (sqlite3_exec(db, setup_sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "setup: %s\n", err);
        sqlite3_free(err);
    }
    return db;
}

static char *slurp(const char *dir, const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap + 1);
    size_t k;
    while ((k = fread(s + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap)
            s = realloc(s, (cap *= 2) + 1);
    }
    fclose(f);
    s[n] = 0;
    if (len)
        *len = n;
    return s;
}

/* The file names in dir, sorted, one per line. */
static char *listing(const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    static char buf[2048];
    buf[0] = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
            strcat(buf, names[i]->d_name);
            strcat(buf, "\n");
        }
        free(names[i]);
    }
    if (n >= 0)
        free(names);
    return buf;
}

static void check_file(const char *dir, const char *name, const char *want)
{
    char *got = slurp(dir, name, NULL);
    CHECK_STR(got, want);
    free(got);
}

static void test_parse_formats(void)
{
    errlist errs = { 0 };
    CHECK(report_parse_formats("md,csv", &errs) == (FMT_MD | FMT_CSV));
    CHECK(report_parse_formats("all", &errs) == FMT_ALL);
    CHECK(report_parse_formats(" xlsx , html,json", &errs) == (FMT_XLSX | FMT_HTML | FMT_JSON));
    CHECK(errs.count == 0);
    CHECK(report_parse_formats("md,pdf", &errs) == -1);
    CHECK(errs.nmsg == 1);
    CHECK_STR(errs.msg[0], "unknown output format \"pdf\" (choose from md, csv, json, xlsx, html, or all)");
    CHECK(report_parse_formats("md,,csv", &errs) == -1);
    CHECK(report_parse_formats("", &errs) == -1);
    CHECK(report_parse_formats("MD", &errs) == -1);
    errlist_free(&errs);
}

static const char want_md[] =
    "# Báo cáo kết quả đánh giá năm 2023\n"
    "\n"
    "Sở LĐTBXH tỉnh Ví dụ\n"
    "\n"
    "## Xếp hạng | Khối 1\n"
    "\n"
    "| Hạng | Đơn vị                    | Tổng điểm | Tỷ lệ đạt |\n"
    "|-----:|---------------------------|----------:|----------:|\n"
    "|    1 | Văn phòng Sở              |     968,0 |   110,05% |\n"
    "|    2 | =HYPERLINK(\"x\")           |  20.360,3 |    99,50% |\n"
    "|    3 | <script>alert(1)</script> |           |           |\n"
    "|    4 | Dòng 1<br>nói \"có\", @x    |      -0,5 |     1,01% |\n"
    "\n"
    "Số liệu minh họa.\n"
    "\n"
    "Điểm tối đa 1.000.\n"
    "\n"
    "## Bảng trống\n"
    "\n"
    "| A   |\n"
    "|-----|\n"
    "\n"
    "Không có dòng nào.\n";

static const char want_ranking_csv[] =
    "\xEF\xBB\xBF" "Hạng,Đơn vị,Tổng điểm,Tỷ lệ đạt\r\n"
    "1,Văn phòng Sở,968,110.05\r\n"
    "2,\"'=HYPERLINK(\"\"x\"\")\",20360.3,99.5\r\n"
    "3,<script>alert(1)</script>,,\r\n"
    "4,\"Dòng 1\nnói \"\"có\"\", @x\",-0.5,1.01\r\n";

static const char want_numbers_csv[] =
    "\xEF\xBB\xBF" "x,'-x\r\n"
    "0.3,'+1\r\n"
    "0.0000001,'-\r\n"
    "1e+20,'@a\r\n"
    "0,'\tt\r\n"
    "5,\r\n"
    "20360,\r\n";

static const char want_json[] =
    "{\n"
    "  \"schema\": \"evalrun.report/1\",\n"
    "  \"ruleset\": {\"id\": \"vidu\", \"title\": \"Sở LĐTBXH tỉnh Ví dụ\"},\n"
    "  \"year\": 2023,\n"
    "  \"engine_version\": \"0.1.0\",\n"
    "  \"tables\": [\n"
    "    {\n"
    "      \"id\": \"ranking\",\n"
    "      \"title\": \"Xếp hạng | Khối 1\",\n"
    "      \"group\": \"Thi đua\",\n"
    "      \"notes\": [\"Số liệu minh họa.\", \"Điểm tối đa 1.000.\"],\n"
    "      \"chart\": {\"label\": \"name\", \"value\": \"total\"},\n"
    "      \"columns\": [\n"
    "        {\"key\": \"rank\", \"title\": \"Hạng\", \"type\": \"integer\", \"decimals\": null},\n"
    "        {\"key\": \"name\", \"title\": \"Đơn vị\", \"type\": \"text\", \"decimals\": null},\n"
    "        {\"key\": \"total\", \"title\": \"Tổng điểm\", \"type\": \"number\", \"decimals\": 1},\n"
    "        {\"key\": \"pct\", \"title\": \"Tỷ lệ đạt\", \"type\": \"percent\", \"decimals\": 2}\n"
    "      ],\n"
    "      \"rows\": [\n"
    "        {\"rank\": 1, \"name\": \"Văn phòng Sở\", \"total\": 968, \"pct\": 110.05},\n"
    "        {\"rank\": 2, \"name\": \"=HYPERLINK(\\\"x\\\")\", \"total\": 20360.3, \"pct\": 99.5},\n"
    "        {\"rank\": 3, \"name\": \"<script>alert(1)</script>\", \"total\": null, \"pct\": null},\n"
    "        {\"rank\": 4, \"name\": \"Dòng 1\\nnói \\\"có\\\", @x\", \"total\": -0.5, \"pct\": 1.01}\n"
    "      ]\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"empty\",\n"
    "      \"title\": \"Bảng trống\",\n"
    "      \"group\": null,\n"
    "      \"notes\": [],\n"
    "      \"chart\": null,\n"
    "      \"columns\": [\n"
    "        {\"key\": \"a\", \"title\": \"A\", \"type\": \"text\", \"decimals\": null}\n"
    "      ],\n"
    "      \"rows\": []\n"
    "    }\n"
    "  ]\n"
    "}\n";

static void test_formats(sqlite3 *db, const char *dir)
{
    errlist errs = { 0 };
    char *written = NULL;
    CHECK(report_write_all(db, dir, FMT_ALL, &written, &errs) == 0);
    errlist_print(&errs, stderr);
    char want_written[4096];
    snprintf(want_written, sizeof want_written, "%s/report.md\n%s/ranking.csv\n%s/numbers.csv\n"
             "%s/report.json\n%s/report.xlsx\n%s/report.html\n", dir, dir, dir, dir, dir, dir);
    CHECK_STR(written, want_written);
    free(written);
    /* no temporary file left behind, and the csv-only/md-only tables only where asked */
    CHECK_STR(listing(dir), "numbers.csv\nranking.csv\nreport.html\nreport.json\nreport.md\nreport.xlsx\n");

    check_file(dir, "report.md", want_md);
    check_file(dir, "ranking.csv", want_ranking_csv);
    check_file(dir, "numbers.csv", want_numbers_csv);
    check_file(dir, "report.json", want_json);

    char *html = slurp(dir, "report.html", NULL);
    CHECK(html && strstr(html, "<html lang=\"vi\">"));
    CHECK(html && strstr(html, "<meta charset=\"utf-8\">"));
    CHECK(html && strstr(html, "<h1>Báo cáo kết quả đánh giá năm 2023</h1>"));
    CHECK(html && strstr(html, "@page { size: A4 portrait;"));
    CHECK(html && strstr(html, "@page wide { size: A4 landscape;"));
    CHECK(html && strstr(html, "counter(page) \"/\" counter(pages)"));
    CHECK(html && strstr(html, "<h2>Thi đua</h2>"));
    /* the hostile name is shown, never run, in the table and in the chart */
    CHECK(html && !strstr(html, "<script"));
    CHECK(html && strstr(html, "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"));
    CHECK(html && strstr(html, "<td>Dòng 1<br>nói &quot;có&quot;, @x</td>"));
    CHECK(html && strstr(html, "<td class=\"num\">20.360,3</td><td class=\"num\">99,50%</td>"));
    CHECK(html && strstr(html, "<td>=HYPERLINK(&quot;x&quot;)</td>"));
    /* the chart draws the three rows that have a total, and not the empty one */
    CHECK(html && strstr(html, "<svg class=\"chart\""));
    CHECK(html && strstr(html, "<title>Văn phòng Sở: 968,0</title>"));
    CHECK(html && strstr(html, "<title>&lt;script&gt;alert(1)&lt;/script&gt;") == NULL);
    CHECK(html && !strstr(html, "numbers"));   /* csv only */
    /* standalone: nothing fetched (the SVG namespace URI is a name, not a link) */
    CHECK(html && !strstr(html, "https://") && !strstr(html, "src=") && !strstr(html, "<link"));
    free(html);

    /* xlsx: a zip, text cells as shared strings (no formula element anywhere) */
    size_t n;
    char *xlsx = slurp(dir, "report.xlsx", &n);
    CHECK(xlsx && n > 1000 && !memcmp(xlsx, "PK\x03\x04", 4));
    free(xlsx);
    errlist_free(&errs);
}

static void test_print_markdown(sqlite3 *db)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    CHECK(report_print_markdown(db, f, 1) == 0);
    fclose(f);
    CHECK(out && strstr(out, "|    1 | Văn phòng Sở |     968,0 |   110,05% |\n\n"
                             "… còn 3 dòng nữa không in ra đây.\n"));
    CHECK(out && !strstr(out, "HYPERLINK"));
    free(out);
}

static void test_deterministic(sqlite3 *db, const char *a, const char *b)
{
    errlist errs = { 0 };
    CHECK(report_write_all(db, b, FMT_ALL, NULL, &errs) == 0);
    static const char *names[] = { "report.md", "ranking.csv", "numbers.csv", "report.json", "report.xlsx", "report.html" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t na, nb;
        char *fa = slurp(a, names[i], &na), *fb = slurp(b, names[i], &nb);
        CHECK(fa && fb && na == nb && !memcmp(fa, fb, na));
        if (!(fa && fb && na == nb && !memcmp(fa, fb, na)))
            fprintf(stderr, "  %s differs between two runs\n", names[i]);
        free(fa);
        free(fb);
    }
    errlist_free(&errs);
}

/* A failed run leaves the folder as it was: old files untouched, nothing new. */
static void test_all_or_nothing(sqlite3 *db, const char *dir)
{
    errlist errs = { 0 };
    char path[512];

    /* the output folder is a file */
    snprintf(path, sizeof path, "%s/afile", dir);
    FILE *f = fopen(path, "w");
    fputs("keep\n", f);
    fclose(f);
    CHECK(report_write_all(db, path, FMT_ALL, NULL, &errs) == -1);
    CHECK(errs.nmsg == 1 && strstr(errs.msg[0], "afile: cannot write outputs there: it is a file, not a folder"));
    check_file(dir, "afile", "keep\n");
    errlist_free(&errs);

    /* a table breaks after others were written: the temporary files go, report.md stays old */
    snprintf(path, sizeof path, "%s/out", dir);
    mkdir(path, 0777);
    char old[600];
    snprintf(old, sizeof old, "%s/report.md", path);
    f = fopen(old, "w");
    fputs("old\n", f);
    fclose(f);
    sqlite3_exec(db, "INSERT INTO report_tables VALUES ('broken', 9, 'Hỏng', NULL, NULL, NULL, NULL, NULL, NULL);"
                     "INSERT INTO report_columns VALUES ('broken', 1, 'missing', 'M', 'text', NULL);"
                     "CREATE TABLE t_broken(_ord INTEGER PRIMARY KEY, other);", NULL, NULL, NULL);
    CHECK(report_write_all(db, path, FMT_CSV | FMT_JSON | FMT_MD, NULL, &errs) == -1);
    CHECK(errs.nmsg == 1 && strstr(errs.msg[0], "report table \"broken\": no such column: t.missing"));
    CHECK_STR(listing(path), "report.md\n");
    check_file(path, "report.md", "old\n");
    errlist_free(&errs);
    sqlite3_exec(db, "DELETE FROM report_tables WHERE id = 'broken'", NULL, NULL, NULL);

    /* a table id that would leave the folder is refused before anything is written */
    sqlite3_exec(db, "INSERT INTO report_tables VALUES ('../x', 9, 'x', NULL, NULL, NULL, NULL, NULL, NULL);",
                 NULL, NULL, NULL);
    CHECK(report_write_all(db, path, FMT_CSV, NULL, &errs) == -1);
    CHECK(errs.nmsg == 1 && strstr(errs.msg[0], "\"../x\" is not made of a-z, 0-9 and _"));
    CHECK_STR(listing(path), "report.md\n");
    errlist_free(&errs);
    sqlite3_exec(db, "DELETE FROM report_tables WHERE id = '../x'", NULL, NULL, NULL);

    /* and the same folder works again afterwards, replacing the old file */
    CHECK(report_write_all(db, path, FMT_MD, NULL, &errs) == 0);
    check_file(path, "report.md", want_md);
    errlist_free(&errs);
}

static void test_bad_description(sqlite3 *db)
{
    errlist errs = { 0 };
    sqlite3_exec(db, "INSERT INTO report_tables VALUES ('bad', 9, 'x', NULL, '[1', 'a', 'a', '[\"pdf\"]', NULL),"
                     "  ('bad2', 10, 'y', NULL, NULL, 'nope', 'b', NULL, NULL);"
                     "INSERT INTO report_columns VALUES ('bad', 1, 'a', 'A', 'money', 20),"
                     "  ('bad2', 1, 'b', 'B', 'number', NULL);", NULL, NULL, NULL);
    CHECK(report_write_all(db, "/nonexistent-never-made", FMT_MD, NULL, &errs) == -1);
    /* every problem at once, before any folder is made */
    CHECK(errs.nmsg == 5);
    if (errs.nmsg == 5) {
        CHECK_STR(errs.msg[0], "results database: report table \"bad\": notes is not a JSON array of strings: malformed JSON");
        CHECK_STR(errs.msg[1], "results database: report table \"bad\": unknown format \"pdf\" in formats");
        CHECK_STR(errs.msg[2], "results database: report table \"bad\" column \"a\": unknown type \"money\" "
                               "(text, integer, number or percent)");
        CHECK_STR(errs.msg[3], "results database: report table \"bad\" column \"a\": decimals 20 is not between 0 and 15");
        CHECK_STR(errs.msg[4], "results database: report table \"bad2\": chart names column \"nope\", "
                               "which the table does not have");
    }
    struct stat sb;
    CHECK(stat("/nonexistent-never-made", &sb) != 0);
    errlist_free(&errs);
    sqlite3_exec(db, "DELETE FROM report_tables WHERE id IN ('bad', 'bad2')", NULL, NULL, NULL);
}

/* build/test_report OUTDIR also leaves a sample report in OUTDIR, for
 * tests/e2e/check_xlsx.py and tests/e2e/check_html.sh. */
int main(int argc, char **argv)
{
    char dir[] = "/tmp/test_report.XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char a[100], b[100];
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b/nested", dir);   /* also checks mkdir -p */
    sqlite3 *db = make_db();

    test_parse_formats();
    test_formats(db, a);
    test_print_markdown(db);
    test_deterministic(db, a, b);
    test_all_or_nothing(db, dir);
    test_bad_description(db);
    if (argc > 1) {
        /* every table the JSON has is also a sheet, as check_xlsx.py expects */
        sqlite3_exec(db, "UPDATE report_tables SET formats = NULL WHERE id = 'empty';"
                         /* sheet names: a repeated title, and one too long with forbidden characters */
                         "INSERT INTO report_tables VALUES ('dup', 4, 'XẾP HẠNG | KHỐI 1', NULL, NULL, NULL, NULL, NULL, NULL),"
                         "  ('long', 5, 'Bảng [tổng hợp]: điểm * thi đua? / \\ rất dài quá mức', NULL, NULL, NULL, NULL, NULL, NULL),"
                         "  ('long2', 6, 'Bảng [tổng hợp]: điểm * thi đua? / \\ rất dài quá mức', NULL, NULL, NULL, NULL, NULL, NULL);"
                         "INSERT INTO report_columns VALUES ('dup', 1, 'a', 'A', 'text', NULL), ('long', 1, 'a', 'A', 'text', NULL),"
                         "  ('long2', 1, 'a', 'A', 'text', NULL);"
                         "CREATE TABLE t_dup(_ord INTEGER PRIMARY KEY, a); CREATE TABLE t_long(_ord INTEGER PRIMARY KEY, a);"
                         "CREATE TABLE t_long2(_ord INTEGER PRIMARY KEY, a);", NULL, NULL, NULL);
        errlist errs = { 0 };
        CHECK(report_write_all(db, argv[1], FMT_ALL, NULL, &errs) == 0);
        errlist_print(&errs, stderr);
        errlist_free(&errs);
    }

    sqlite3_close(db);
    if (!unit_failures) {
        char cmd[700];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", dir);
    } else {
        fprintf(stderr, "outputs kept in %s\n", dir);
    }
    UNIT_DONE();
}

/* test_loader.c — CSV as offices produce it, into SQLite, with every problem at its place.
 * Run from the repository root (fixtures are under tests/data/loader/). */
#include "unit.h"
#include "loader.h"
#include "text.h"

#include <unistd.h>

/* {{{ the tables, built by hand as the sandbox would */

static column_spec unit_cols[] = {
    { (char *)"id", COL_TEXT, 1, NULL, NULL },
    { (char *)"name", COL_TEXT, 1, NULL, NULL },
    { (char *)"kind", COL_TEXT, 0, NULL, NULL },
    { (char *)"parent_id", COL_TEXT, 0, (char *)"units", (char *)"id" },
};
static int unit_key[] = { 0 };
static table_spec units = { .name = (char *)"units", .cols = unit_cols, .ncols = 4, .key = unit_key, .nkey = 1 };
static char *unit_headers[] = { (char *)"Mã đơn vị", (char *)"Tên đơn vị", (char *)"Loại", (char *)"Trực thuộc" };

static column_spec target_cols[] = {
    { (char *)"unit_id", COL_TEXT, 1, (char *)"units", (char *)"id" },
    { (char *)"year", COL_INTEGER, 1, NULL, NULL },
    { (char *)"indicator_id", COL_TEXT, 1, NULL, NULL },
    { (char *)"plan", COL_NUMBER, 0, NULL, NULL },
    { (char *)"actual", COL_NUMBER, 0, NULL, NULL },
    { (char *)"audited", COL_BOOL, 0, NULL, NULL },
};
static int target_key[] = { 0, 1, 2 };
static table_spec targets = { .name = (char *)"targets", .cols = target_cols, .ncols = 6, .key = target_key,
                               .nkey = 3 };

static int next_src = 1;
static load_checks *checks;   /* the key and reference checks loads feed, or NULL */

static long load(sqlite3 *db, const table_spec *t, const char *path, const char *text, char delim,
                 numfmt f, char **headers, errlist *e)
{
    source_spec s;
    memset(&s, 0, sizeof s);
    s.id = next_src++;
    s.table = t;
    s.path = (char *)path;
    s.text = (char *)text;
    s.textlen = text ? strlen(text) : 0;
    s.delimiter = delim;
    s.numbers = f;
    s.headers = headers;
    s.declared_at = (char *)"rules/test.lua:1";
    return loader_load_source(db, &s, checks, e);
}

/* Inline text with NUL bytes in it. */
static long load_n(sqlite3 *db, const table_spec *t, const char *path, const char *text, size_t len, errlist *e)
{
    source_spec s;
    memset(&s, 0, sizeof s);
    s.id = next_src++;
    s.table = t;
    s.path = (char *)path;
    s.text = (char *)text;
    s.textlen = len;
    s.delimiter = ',';
    s.numbers = NUM_PLAIN;
    s.declared_at = (char *)"rules/test.lua:1";
    return loader_load_source(db, &s, checks, e);
}

static sqlite3 *fresh_db(void)
{
    sqlite3 *db;
    errlist e = { 0 };
    CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
    CHECK(loader_create_table(db, &units, &e) == 0);
    CHECK(loader_create_table(db, &targets, &e) == 0);
    CHECK(e.count == 0);
    errlist_free(&e);
    return db;
}

/* The first column of the first row of sql, as text ("NULL" for NULL). */
static const char *q(sqlite3 *db, const char *sql)
{
    static char out[512];
    sqlite3_stmt *st;
    snprintf(out, sizeof out, "(error)");
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "SQL error: %s\n", sqlite3_errmsg(db));
        return out;
    }
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        snprintf(out, sizeof out, "%s", v ? v : "NULL");
    } else {
        snprintf(out, sizeof out, "(no row)");
    }
    sqlite3_finalize(st);
    return out;
}

/* Checks that errs holds exactly the messages want[] (in order), and shows the difference. */
#define CHECK_ERRS(errs, ...) check_errs(__LINE__, errs, (const char *[]){ __VA_ARGS__, NULL })
#define CHECK_NO_ERRS(errs) check_errs(__LINE__, errs, (const char *[]){ NULL })
static void check_errs(int line, const errlist *e, const char **want)
{
    int n = 0;
    while (want[n])
        n++;
    int ok = e->count == n && e->nmsg == n;
    for (int i = 0; ok && i < n; i++)
        ok = strcmp(e->msg[i], want[i]) == 0;
    unit_checks++;
    if (!ok) {
        unit_failures++;
        fprintf(stderr, "tests/unit/test_loader.c:%d: problems differ\n  got %ld:\n", line, e->count);
        for (int i = 0; i < e->nmsg; i++)
            fprintf(stderr, "    %s\n", e->msg[i]);
        fprintf(stderr, "  want %d:\n", n);
        for (int i = 0; i < n; i++)
            fprintf(stderr, "    %s\n", want[i]);
    }
}

static char *temp_file(const char *content, size_t len)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/evalrun_test_loader_XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    CHECK(write(fd, content, len) == (ssize_t)len);
    close(fd);
    return path;
}

/* }}} */

/* Excel's "CSV UTF-8" in a Vietnamese locale: BOM, CRLF, semicolons, quotes,
 * a name over two lines, an extra column the table does not have. */
static void test_excel_file(void)
{
    sqlite3 *db = fresh_db();
    errlist e = { 0 };
    long n = load(db, &units, "tests/data/loader/units_excel.csv", NULL, ';', NUM_PLAIN, unit_headers, &e);
    CHECK_NO_ERRS(&e);
    CHECK(n == 4);
    CHECK_STR(q(db, "SELECT count(*) FROM units"), "4");
    CHECK_STR(q(db, "SELECT name FROM units WHERE id = 'SO'"), "Sở Lao động – Thương binh và Xã hội");
    CHECK_STR(q(db, "SELECT parent_id FROM units WHERE id = 'SO'"), "NULL");
    CHECK_STR(q(db, "SELECT name FROM units WHERE id = 'TTBTXH'"), "Trung tâm Bảo trợ xã hội\ntỉnh Quảng Bình");
    /* rows start on lines 2, 3, 4 and 6: the quoted name spans lines 4–5 */
    CHECK_STR(q(db, "SELECT group_concat(_line, ',') FROM (SELECT _line FROM units ORDER BY rowid)"), "2,3,4,6");
    CHECK_STR(q(db, "SELECT path || ' ' || rows || ' ' || length(sha256) FROM sources"),
              "tests/data/loader/units_excel.csv 4 64");
    CHECK_STR(q(db, "SELECT group_concat(column_name || '=' || colno || ':' || header, '|') FROM source_columns"),
              "id=1:Mã đơn vị|name=2:Tên đơn vị|kind=3:Loại|parent_id=4:Trực thuộc");
    errlist_free(&e);
    sqlite3_close(db);
}

static void test_inline_forms(void)
{
    sqlite3 *db = fresh_db();
    errlist e = { 0 };
    /* LF, commas, column names as headers in another order, optional "kind" missing,
     * a decomposed "Hòa" stored as NFC, spaces trimmed, a blank spreadsheet row skipped */
    const char *csv = "name,id,parent_id\n"
                      "  Xã Ho\xCC\x80" "a  ,X1,\n"
                      ",,\n"
                      "\n"
                      "Xã Hòa Bình,X2,X1\n";
    CHECK(load(db, &units, "inline.csv", csv, ',', NUM_PLAIN, NULL, &e) == 2);
    CHECK_NO_ERRS(&e);
    CHECK_STR(q(db, "SELECT name FROM units WHERE id = 'X1'"), "Xã H\xC3\xB2" "a");
    CHECK_STR(q(db, "SELECT kind FROM units WHERE id = 'X1'"), "NULL");
    CHECK_STR(q(db, "SELECT _line FROM units WHERE id = 'X2'"), "5");
    CHECK_STR(q(db, "SELECT count(*) FROM units WHERE name = 'Xã Hòa'"), "1");

    /* the delimiter found from the header line: tabs, then semicolons */
    CHECK(load(db, &units, "tabs.tsv", "id\tname\nT1\tMột, hai\n", 0, NUM_PLAIN, NULL, &e) == 1);
    CHECK_STR(q(db, "SELECT name FROM units WHERE id = 'T1'"), "Một, hai");
    CHECK(load(db, &units, "semi.csv", "id;name\r\nS1;Ba, bốn\r\n", 0, NUM_PLAIN, NULL, &e) == 1);
    CHECK_STR(q(db, "SELECT name FROM units WHERE id = 'S1'"), "Ba, bốn");
    /* a last line without its newline, and old Mac line ends */
    CHECK(load(db, &units, "mac.csv", "id,name\rM1,Một\rM2,Hai", 0, NUM_PLAIN, NULL, &e) == 2);
    CHECK_STR(q(db, "SELECT _line FROM units WHERE id = 'M2'"), "3");
    CHECK_NO_ERRS(&e);

    /* the collation is there for ORDER BY */
    CHECK_STR(q(db, "SELECT group_concat(id, ',') FROM (SELECT id FROM units WHERE id IN ('T1', 'S1', 'M1') "
                    "ORDER BY name)"), "S1,M1,T1");   /* Ba < Một < Một, hai */
    errlist_free(&e);
    sqlite3_close(db);
}

static void test_numbers(void)
{
    sqlite3 *db = fresh_db();
    errlist e = { 0 };
    const char *csv = "unit_id;year;indicator_id;plan;actual;audited\n"
                      "SO;2.023;CT1;20.360;1.640.539;x\n"
                      "SO;2023;CT2;110,05;-0,95;không\n"
                      "SO;2023;CT3;;;\n";
    CHECK(load(db, &targets, "targets.csv", csv, ';', NUM_VI, NULL, &e) == 3);
    CHECK_NO_ERRS(&e);
    CHECK_STR(q(db, "SELECT year || ' ' || typeof(year) FROM targets WHERE indicator_id = 'CT1'"), "2023 integer");
    CHECK_STR(q(db, "SELECT plan || ' ' || actual || ' ' || audited FROM targets WHERE indicator_id = 'CT1'"),
              "20360.0 1640539.0 1");
    CHECK_STR(q(db, "SELECT plan = 110.05 AND actual = -0.95 AND audited = 0 FROM targets WHERE indicator_id = 'CT2'"),
              "1");
    CHECK_STR(q(db, "SELECT typeof(plan) || typeof(audited) FROM targets WHERE indicator_id = 'CT3'"), "nullnull");
    errlist_free(&e);
    sqlite3_close(db);
}

/* Every problem of one file, each at its line and field. */
static void test_errors_in_rows(void)
{
    sqlite3 *db = fresh_db();
    errlist e = { 0 };
    const char *csv = "unit_id;year;indicator_id;plan;actual;audited\n"   /* 1 */
                      "SO;2023;CT1;20.360;110,05;x\n"                     /* 2 */
                      "SO;2023;CT2;12,5,0;1;x\n"                          /* 3 */
                      ";2023;CT3;1;1;x\n"                                 /* 4 */
                      "SO;2023,5;CT4;1;1;maybe\n"                         /* 5 */
                      "SO;2023;\"CT5\n"                                   /* 6 */
                      "dài\";110.05;1;x\n"                                /* 7 */
                      "SO;2023;CT6;1;1\n"                                 /* 8 */
                      "SO;2023;CT7;1;1;x;thừa\n"                          /* 9 */
                      "SO;2023;CT8;20.360;1;x\n";                         /* 10 */
    CHECK(load(db, &targets, "data/qb/targets.csv", csv, ';', NUM_VI, NULL, &e) == -1);
    CHECK_ERRS(&e,
               "data/qb/targets.csv:3:4: \"12,5,0\" is not a number (number format vi)",
               "data/qb/targets.csv:4:1: empty value in required column \"unit_id\" (header \"unit_id\")",
               "data/qb/targets.csv:5:2: \"2023,5\" is not a whole number (number format vi)",
               "data/qb/targets.csv:5:6: \"maybe\" is not yes or no (write x, 1, có, yes, true for yes; "
               "0, không, no, false for no; leave it empty if unknown)",
               "data/qb/targets.csv:6:4: \"110.05\" is not a number (number format vi: the decimal mark is a "
               "comma, as in 110,05, and a dot groups thousands, as in 20.360)",
               "data/qb/targets.csv:8: row has 5 fields, the header has 6",
               "data/qb/targets.csv:9: row has 7 fields, the header has 6");
    /* the source is recorded even so; nothing from a bad source is inserted after its first problem */
    CHECK_STR(q(db, "SELECT rows FROM sources WHERE path = 'data/qb/targets.csv'"), "1");
    errlist_free(&e);

    /* plain numbers in a file that writes them the Vietnamese way */
    CHECK(load(db, &targets, "plain.csv", "unit_id,year,indicator_id,plan\nSO,2023,CT1,\"20.360,5\"\n",
               ',', NUM_PLAIN, NULL, &e) == -1);
    CHECK_ERRS(&e, "plain.csv:2:4: \"20.360,5\" is not a number (number format plain; if the file writes "
                   "numbers like 20.360 and 110,05, set numbers = \"vi\" in its source)");
    errlist_free(&e);
    sqlite3_close(db);
}

static void test_errors_in_header(void)
{
    sqlite3 *db = fresh_db();
    errlist e = { 0 };
    /* "Tên đơn vị" missing (required), "Loại" missing (optional: left NULL) */
    CHECK(load(db, &units, "u.csv", "Mã đơn vị;Trực thuộc;Ghi chú\nSO;;\n", ';', NUM_PLAIN, unit_headers, &e) == -1);
    CHECK_ERRS(&e, "u.csv:1: no column \"Tên đơn vị\" in the header (it fills units.name, which is required)");
    errlist_free(&e);

    /* headers match ignoring case; an empty required cell names its header */
    CHECK(load(db, &units, "u2.csv", "MÃ ĐƠN VỊ,tên đơn vị\n,Sở\n", ',', NUM_PLAIN, unit_headers, &e) == -1);
    CHECK_ERRS(&e, "u2.csv:2:1: empty value in required column \"id\" (header \"Mã đơn vị\")");
    errlist_free(&e);

    /* a semicolon file declared with commas */
    CHECK(load(db, &units, "u3.csv", "Mã đơn vị;Tên đơn vị\nSO;Sở\n", ',', NUM_PLAIN, unit_headers, &e) == -1);
    CHECK_ERRS(&e,
               "u3.csv:1: no column \"Mã đơn vị\" in the header (it fills units.id, which is required) (the "
               "header is a single column: the file seems to use \";\" between columns; set delimiter = \";\" "
               "or \"auto\" in its source)",
               "u3.csv:1: no column \"Tên đơn vị\" in the header (it fills units.name, which is required) (the "
               "header is a single column: the file seems to use \";\" between columns; set delimiter = \";\" "
               "or \"auto\" in its source)");
    errlist_free(&e);

    CHECK(load(db, &units, "u4.csv", "id,name,id\nA,B,C\n", ',', NUM_PLAIN, NULL, &e) == -1);
    CHECK_ERRS(&e, "u4.csv:1:3: the header \"id\" appears twice (also column 1); keep one of them");
    errlist_free(&e);
    sqlite3_close(db);
}

static void test_errors_whole_file(void)
{
    sqlite3 *db = fresh_db();
    errlist e = { 0 };
    CHECK(load(db, &units, "empty.csv", "", ',', NUM_PLAIN, NULL, &e) == -1);
    CHECK(load(db, &units, "bom_only.csv", "\xEF\xBB\xBF\r\n  \r\n", ',', NUM_PLAIN, NULL, &e) == -1);
    CHECK(load(db, &units, "tests/data/loader/no_such_file.csv", NULL, ',', NUM_PLAIN, NULL, &e) == -1);
    CHECK_ERRS(&e, "empty.csv: the file is empty", "bom_only.csv: the file is empty",
               "tests/data/loader/no_such_file.csv: cannot open: No such file or directory");
    errlist_free(&e);

    /* a quote opened on line 3, field 2, never closed: the rows after it are swallowed */
    CHECK(load(db, &units, "q.csv", "id,name\nA,An\nB,\"Bình\nC,Chi\nD,Dũng\n", ',', NUM_PLAIN, NULL, &e) == -1);
    CHECK_ERRS(&e, "q.csv:3:2: unterminated quoted field (a \" opened here is never closed)");
    errlist_free(&e);

    /* text after a closing quote: that row is lost, the next rows are still checked */
    CHECK(load(db, &units, "q2.csv", "id,name\nA,\"An\" Bình\nB,\nC,Chi\n", ',', NUM_PLAIN, NULL, &e) == -1);
    CHECK_ERRS(&e, "q2.csv:2:2: a quoted value must end right after its closing \" (write \"\" for a \" inside it, "
                   "as Excel does)",
               "q2.csv:3:2: empty value in required column \"name\" (header \"name\")");
    errlist_free(&e);

    /* a " inside an unquoted value is a character, as Excel reads it */
    CHECK(load(db, &units, "gps.csv", "id,name\nG1,37\xC2\xB0" "36'37.8\"N\nG2,ab\"c\"d\n", ',', NUM_PLAIN, NULL, &e) == 2);
    CHECK_NO_ERRS(&e);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT group_concat(name, '|') FROM units WHERE id IN ('G1', 'G2')", -1, &st, NULL);
    CHECK(sqlite3_step(st) == SQLITE_ROW);
    CHECK_STR((const char *)sqlite3_column_text(st, 0), "37\xC2\xB0" "36'37.8\"N|ab\"c\"d");
    sqlite3_finalize(st);
    errlist_free(&e);

    /* a Windows-1258 file: every bad line, with its first bad byte, the header's and the rows' */
    CHECK(load(db, &units, "tests/data/loader/units_cp1258.csv", NULL, ',', NUM_PLAIN, unit_headers, &e) == -1);
    CHECK_ERRS(&e,
               "tests/data/loader/units_cp1258.csv:1:1: invalid UTF-8: byte 0xDE after \"Ma\" (is the file saved "
               "as Windows-1258 or TCVN3? Save it as CSV UTF-8)",
               "tests/data/loader/units_cp1258.csv:2:2: invalid UTF-8: byte 0xF5 after \"S\" (is the file saved "
               "as Windows-1258 or TCVN3? Save it as CSV UTF-8)",
               "tests/data/loader/units_cp1258.csv:3:2: invalid UTF-8: byte 0xE3 after \"V\" (is the file saved "
               "as Windows-1258 or TCVN3? Save it as CSV UTF-8)");
    errlist_free(&e);

    /* bad bytes in data cells: every bad line up to 20, then a count of the others */
    char csv[4096] = "id,name\n";
    for (int i = 0; i < 25; i++)
        snprintf(csv + strlen(csv), sizeof csv - strlen(csv), "U%d,S\xF5%d\n", i, i);
    CHECK(load(db, &units, "bad.csv", csv, ',', NUM_PLAIN, NULL, &e) == -1);
    CHECK(e.count == 21);
    CHECK(e.nmsg == 21);
    CHECK_STR(e.msg[0], "bad.csv:2:2: invalid UTF-8: byte 0xF5 after \"S\" (is the file saved as Windows-1258 or "
                        "TCVN3? Save it as CSV UTF-8)");
    CHECK_STR(e.msg[19], "bad.csv:21:2: invalid UTF-8: byte 0xF5 after \"S\" (is the file saved as Windows-1258 or "
                         "TCVN3? Save it as CSV UTF-8)");
    CHECK_STR(e.msg[20], "bad.csv: invalid UTF-8 on 5 more lines (the whole file is probably in another encoding: "
                         "open it in Excel and save it as \"CSV UTF-8\")");
    errlist_free(&e);

    /* a NUL byte inside a value is placed, not cut off silently */
    CHECK(load_n(db, &units, "nul.csv", "id,name\nA,Ph\xC3\xB2ng\0 A\nB,B\n", 23, &e) == -1);
    CHECK_ERRS(&e, "nul.csv:2:2: a NUL byte (code 0) at character 6 of the value: the file is damaged or is not a "
                   "text file (open it in Excel and save it as CSV UTF-8)");
    errlist_free(&e);

    /* UTF-16 (Excel's "Unicode Text"), with or without its byte order mark */
    CHECK(load_n(db, &units, "u16.csv", "\xFF\xFEi\0d\0,\0n\0a\0m\0e\0\n\0", 18, &e) == -1);
    CHECK(load_n(db, &units, "u16be.csv", "\0i\0d\0,\0n\0a\0m\0e\0\n\0A\0,\0B\0\n", 22, &e) == -1);
    CHECK_ERRS(&e, "u16.csv: the file is in UTF-16 (Excel's \"Unicode Text\"), not UTF-8: open it in Excel and save "
                   "it as \"CSV UTF-8\"",
               "u16be.csv: the file is in UTF-16 (Excel's \"Unicode Text\"), not UTF-8: open it in Excel and save "
               "it as \"CSV UTF-8\"");
    errlist_free(&e);
    sqlite3_close(db);
}

/* A file on disk with CRLF and a quoted newline: line numbers after it stay right. */
static void test_temp_file_lines(void)
{
    sqlite3 *db = fresh_db();
    errlist e = { 0 };
    const char *csv = "\xEF\xBB\xBFid;name;kind\r\n"
                      "A;\"Hai\r\ndòng\";x\r\n"
                      "B;\"Ba\r\n\r\ndòng\";\r\n"
                      "C;;y\r\n";
    char *path = temp_file(csv, strlen(csv));
    CHECK(path != NULL);
    if (!path)
        return;
    CHECK(load(db, &units, path, NULL, 0, NUM_PLAIN, NULL, &e) == -1);
    char want[128];
    snprintf(want, sizeof want, "%s:7:2: empty value in required column \"name\" (header \"name\")", path);
    CHECK_ERRS(&e, want);
    unlink(path);
    errlist_free(&e);
    sqlite3_close(db);
}

static load_checks *checks_for(int nunits, int ntargets)
{
    const table_spec *tables[] = { &units, &targets };
    int nsources[] = { nunits, ntargets };
    load_checks *c = loader_checks_new(tables, nsources, 2);
    CHECK(c != NULL);
    return c;
}

static void test_integrity(void)
{
    sqlite3 *db = fresh_db();
    errlist e = { 0 };
    checks = checks_for(2, 1);
    CHECK(load(db, &units, "units.csv", "id,name,parent_id\nSO,Sở,\nVP,Văn phòng,SO\nVP,Văn phòng 2,SO\n"
               "KT,Kế toán,XX\n", ',', NUM_PLAIN, NULL, &e) == 4);
    CHECK(load(db, &units, "more_units.csv", "name,parent_id,id\nVăn phòng 3,SOO,VP\n", ',', NUM_PLAIN, NULL, &e) == 1);
    CHECK(load(db, &targets, "targets.csv", "unit_id,year,indicator_id,plan\nVP,2023,CT1,1\nVP,2023,CT1,2\n"
               "VP,2024,CT1,3\nZZ,2023,CT1,4\n", ',', NUM_PLAIN, NULL, &e) == 4);
    CHECK_NO_ERRS(&e);
    int n = loader_checks_finish(db, checks, &e);
    CHECK(n == 6);
    CHECK_ERRS(&e,
               "units.csv:4: duplicate key (\"id\") = (\"VP\") in table units: also at units.csv:3",
               "more_units.csv:2: duplicate key (\"id\") = (\"VP\") in table units: also at units.csv:3",
               "targets.csv:3: duplicate key (\"unit_id\", \"year\", \"indicator_id\") = (\"VP\", 2023, \"CT1\") in "
               "table targets: also at targets.csv:2",
               "units.csv:5:3: unknown unit id \"XX\" (units.id)",
               "more_units.csv:2:2: unknown unit id \"SOO\" (units.id)",
               "targets.csv:5:1: unknown unit id \"ZZ\" (units.id)");
    errlist_free(&e);
    loader_checks_free(checks);
    sqlite3_close(db);

    /* clean data, targets loaded before the units they name (kept and looked up at the end),
       a parent named before it appears */
    db = fresh_db();
    checks = checks_for(1, 1);
    CHECK(load(db, &targets, "targets.csv", "unit_id,year,indicator_id\nVP,2023,CT1\nVP,2024,CT1\nSO,2023,CT1\n",
               ',', NUM_PLAIN, NULL, &e) == 3);
    CHECK(load(db, &units, "units.csv", "id,name,parent_id\nVP,Văn phòng,SO\nSO,Sở,\n", ',', NUM_PLAIN, NULL, &e) == 2);
    CHECK(loader_checks_finish(db, checks, &e) == 0);
    CHECK_NO_ERRS(&e);
    errlist_free(&e);
    loader_checks_free(checks);
    sqlite3_close(db);

    /* the units file is broken: its rows are reported, not every reference to them */
    db = fresh_db();
    checks = checks_for(1, 1);
    CHECK(load(db, &units, "units.csv", "id,name\nVP,Văn phòng,x\n", ',', NUM_PLAIN, NULL, &e) == -1);
    CHECK(load(db, &targets, "targets.csv", "unit_id,year,indicator_id\nVP,2023,CT1\nVP,2023,CT1\n",
               ',', NUM_PLAIN, NULL, &e) == 2);
    CHECK(loader_checks_finish(db, checks, &e) == 1);
    CHECK_ERRS(&e, "units.csv:2: row has 3 fields, the header has 2",
               "targets.csv:3: duplicate key (\"unit_id\", \"year\", \"indicator_id\") = (\"VP\", 2023, \"CT1\") in "
               "table targets: also at targets.csv:2");
    errlist_free(&e);
    loader_checks_free(checks);
    checks = NULL;
    sqlite3_close(db);
}

/* A whole-number column naming text ids: SQLite's own comparison decides (12 = "12"). */
static void test_reference_across_types(void)
{
    static column_spec score_cols[] = {
        { (char *)"unit_no", COL_INTEGER, 1, (char *)"units", (char *)"id" },
        { (char *)"score", COL_NUMBER, 0, NULL, NULL },
    };
    static table_spec scores = { .name = (char *)"scores", .cols = score_cols, .ncols = 2 };
    sqlite3 *db = fresh_db();
    errlist e = { 0 };
    CHECK(loader_create_table(db, &scores, &e) == 0);
    const table_spec *tables[] = { &units, &targets, &scores };
    int nsources[] = { 1, 0, 1 };
    checks = loader_checks_new(tables, nsources, 3);
    CHECK(load(db, &units, "units.csv", "id,name\n12,Phòng 12\nVP,Văn phòng\n", ',', NUM_PLAIN, NULL, &e) == 2);
    CHECK(load(db, &scores, "scores.csv", "score,unit_no\n1,12\n2,13\n", ',', NUM_PLAIN, NULL, &e) == 2);
    CHECK(loader_checks_finish(db, checks, &e) == 1);
    CHECK_ERRS(&e, "scores.csv:3:2: unknown unit id 13 (units.id)");
    errlist_free(&e);
    loader_checks_free(checks);
    checks = NULL;
    sqlite3_close(db);
}

/* The key's index is made on demand, once, and lookups use it. */
static void test_key_index(void)
{
    sqlite3 *db = fresh_db();
    errlist e = { 0 };
    CHECK(load(db, &units, "units.csv", "id,name\nVP,Văn phòng\n", ',', NUM_PLAIN, NULL, &e) == 1);
    CHECK(strcmp(q(db, "SELECT count(*) FROM sqlite_master WHERE name = 'units__key'"), "0") == 0);
    table_spec t = units;
    CHECK(loader_key_index(db, &t) == 0 && t.key_indexed);
    CHECK(loader_key_index(db, &t) == 0);
    CHECK(strcmp(q(db, "SELECT count(*) FROM sqlite_master WHERE name = 'units__key'"), "1") == 0);
    sqlite3_stmt *plan;
    CHECK(sqlite3_prepare_v2(db, "EXPLAIN QUERY PLAN SELECT * FROM units WHERE id = 'VP'", -1, &plan, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(plan) == SQLITE_ROW && strstr((const char *)sqlite3_column_text(plan, 3), "units__key"));
    sqlite3_finalize(plan);
    errlist_free(&e);
    sqlite3_close(db);
}

/* {{{ the loader's own split of plain lines against libcsv */

static unsigned long rng_state = 88172645463325252UL;
static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

static void append_line(char **out, size_t *len, size_t *cap, const char *v)
{
    size_t n = strlen(v);
    while (*len + n + 2 > *cap)
        *out = realloc(*out, *cap *= 2);
    memcpy(*out + *len, v, n);
    *len += n;
    (*out)[(*len)++] = '\n';
    (*out)[*len] = 0;
}

/* Every unit row as text (values quoted by SQLite, with the row's line), then every problem. */
static char *units_and_problems(sqlite3 *db, const errlist *e)
{
    size_t cap = 4096, len = 0;
    char *out = malloc(cap);
    out[0] = 0;
    sqlite3_stmt *st;
    CHECK(sqlite3_prepare_v2(db, "SELECT quote(id) || '|' || quote(name) || '|' || quote(kind) || '|' || "
                             "quote(parent_id) || '|' || _line FROM units ORDER BY rowid", -1, &st, NULL) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW)
        append_line(&out, &len, &cap, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    for (int i = 0; i < e->nmsg; i++)
        append_line(&out, &len, &cap, e->msg[i]);
    return out;
}

/* Random files of units: spaces and tabs around values, empty and white-space-only cells,
 * blank lines, CRLF, a lone CR, quoted values (with the delimiter, a doubled quote, a line
 * break), a quote inside an unquoted value, rows too long or too short, no newline at the
 * end. Each loads with the loader's own split of plain lines and with libcsv alone: the
 * rows, their lines and every problem must be the same. */
static void test_plain_lines_as_libcsv(void)
{
    static const char *cells[] = { "U1", "U2", " U3", "U4 ", " \tU5\t ", "Hòa Bình", "Hoà Bình", "a b",
        "", " ", "\t", "\"U6\"", "\"a, b; c\"", "\"say \"\"hi\"\"\"", "x\"y", "\"two\nlines\"",
        " \"q\" ", "Sở", "\xc2\xa0nb\xc2\xa0", "U1" };
    static const char *ends[] = { "\n", "\n", "\n", "\r\n", "\r\n", "\r", "\n\n", "\n  \n", "\n\t\n" };
    static const char delims[] = { ',', ';', '\t' };
    char text[4096];
    int differ = 0;
    for (int round = 0; round < 3000; round++) {
        char d = delims[rnd(3)];
        size_t len = (size_t)snprintf(text, sizeof text, "Mã đơn vị%cTên đơn vị%cLoại%cTrực thuộc%s",
                                      d, d, d, rnd(4) ? "\n" : "\r\n");
        int rows = 1 + (int)rnd(6);
        for (int r = 0; r < rows; r++) {
            int fields = 3 + (int)rnd(3);
            for (int f = 0; f < fields; f++) {
                /* the first row has a value, so no file is only a header (a warning on stderr) */
                const char *c = r == 0 && f == 0 ? "U0" : cells[rnd(sizeof cells / sizeof *cells)];
                len += (size_t)snprintf(text + len, sizeof text - len, "%s%s", f ? (char[]){ d, 0 } : "", c);
            }
            if (r < rows - 1 || rnd(3))
                len += (size_t)snprintf(text + len, sizeof text - len, "%s", ends[rnd(sizeof ends / sizeof *ends)]);
        }
        char *got[2];
        for (int way = 0; way < 2; way++) {
            loader_set_plain_lines(way == 0);
            sqlite3 *db = fresh_db();
            errlist e = { 0 };
            load(db, &units, "u.csv", text, d, NUM_PLAIN, unit_headers, &e);
            got[way] = units_and_problems(db, &e);
            errlist_free(&e);
            sqlite3_close(db);
        }
        loader_set_plain_lines(1);
        if (strcmp(got[0], got[1]) != 0 && differ++ == 0)
            fprintf(stderr, "tests/unit/test_loader.c: the file\n---\n%s\n---\nloads as\n%s\nwith the loader's "
                    "split of plain lines and as\n%s\nwith libcsv alone\n", text, got[0], got[1]);
        free(got[0]);
        free(got[1]);
    }
    CHECK(differ == 0);
}

/* }}} */

int main(void)
{
    test_excel_file();
    test_inline_forms();
    test_numbers();
    test_errors_in_rows();
    test_errors_in_header();
    test_errors_whole_file();
    test_temp_file_lines();
    test_integrity();
    test_key_index();
    test_reference_across_types();
    test_plain_lines_as_libcsv();
    UNIT_DONE();
}

/* csvparse.c — the floor for loading: a bare libcsv parse that only counts fields and rows.
 *
 *   bench/work/csvparse FILE...     prints "<rows> rows, <fields> fields" per file
 *
 * bench/run.sh times it next to evalrun and the sqlite3 shell on the same files, so the
 * report shows how much of evalrun's load is parsing and how much is typing, checking and
 * storing. Semicolon-separated, as the benchmark's files are.
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct counts { unsigned long fields, rows; };

static void on_field(void *s, size_t len, void *data) { (void)s; (void)len; ((struct counts *)data)->fields++; }
static void on_row(int c, void *data) { (void)c; ((struct counts *)data)->rows++; }

static int parse_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); return -1; }
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) { fclose(f); return -1; }
    csv_set_delim(&p, ';');
    struct counts c = { 0, 0 };
    static char buf[1 << 16];
    size_t n;
    int rc = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (csv_parse(&p, buf, n, on_field, on_row, &c) != n) {
            fprintf(stderr, "%s: %s\n", path, csv_strerror(csv_error(&p)));
            rc = -1;
            break;
        }
    }
    if (rc == 0) csv_fini(&p, on_field, on_row, &c);
    csv_free(&p);
    fclose(f);
    if (rc == 0) printf("%s: %lu rows, %lu fields\n", path, c.rows, c.fields);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) { fputs("usage: csvparse FILE...\n", stderr); return 2; }
    int rc = 0;
    for (int i = 1; i < argc; i++)
        if (parse_file(argv[i]) != 0) rc = 1;
    return rc;
}

/* report.c — choosing the output formats and writing them all or none.
 *
 * The files are written under their final names into a staging folder that
 * takes the output folder's place only when every one of them was written
 * without error (publish.c). A failed run (a bad table, a full disk) leaves
 * the previous outputs exactly as they were.
 */
#define _GNU_SOURCE   /* asprintf */
#include "report.h"
#include "report_internal.h"
#include "publish.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "platform.h"
#include "i18n.h"

int report_parse_formats(const char *list, errlist *errs)
{
    int bits = 0, bad = 0;
    const char *p = list ? list : "";
    for (;;) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, ",");
        size_t end = len;
        while (end && p[end - 1] == ' ')
            end--;
        int bit = end == 3 && !memcmp(p, "all", 3) ? FMT_ALL : report_format_bit(p, end);
        if (!bit) {
            errlist_add(errs, _("unknown output format \"%.*s\" (choose from md, csv, json, xlsx, html, or all)"),
                        (int)end, p);
            bad = 1;
        }
        bits |= bit;
        if (!p[len])
            break;
        p += len + 1;
    }
    return bad ? -1 : bits;
}

int report_parse_csv_dialect(const char *name)
{
    if (!name || !strcmp(name, "rfc4180"))
        return CSV_RFC4180;
    if (!strcmp(name, "excel-vi"))
        return CSV_EXCEL_VI;
    return -1;
}

/* ---- output files ------------------------------------------------------ */

typedef struct outfile {
    char *path;    /* "<dir>/report.md": where it is written */
    char *shown;   /* "<shown dir>/report.md": how messages name it */
} outfile;

typedef struct outset {
    const char *dir, *shown;
    outfile *files;
    int nfiles;
    errlist *errs;
} outset;

/* Adds a file to the set and returns it, or NULL (errs filled). */
static outfile *outset_add(outset *o, const char *name)
{
    outfile *files = realloc(o->files, (o->nfiles + 1) * sizeof *files);
    if (!files) {
        errlist_add(o->errs, _("%s/%s: out of memory"), o->shown, name);
        return NULL;
    }
    o->files = files;
    outfile *of = &o->files[o->nfiles];
    if (asprintf(&of->path, "%s/%s", o->dir, name) < 0)
        of->path = NULL;
    if (asprintf(&of->shown, "%s/%s", o->shown, name) < 0)
        of->shown = NULL;
    if (!of->path || !of->shown) {
        free(of->path);
        free(of->shown);
        errlist_add(o->errs, _("%s/%s: out of memory"), o->shown, name);
        return NULL;
    }
    o->nfiles++;
    return of;
}

/* A new file: never one already there (two outputs with one name, or a link planted in the folder). */
static FILE *open_new(const outfile *of, errlist *errs)
{
    int fd = platform_open(of->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0666);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f) {
        errlist_add(errs, _("%s: cannot write: %s"), of->shown, strerror(errno));
        if (fd >= 0)
            close(fd);
    }
    return f;
}

static int close_new(FILE *f, const outfile *of, errlist *errs)
{
    int bad = fflush(f) != 0 || ferror(f);
    int err = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        err = errno;
    }
    if (bad)
        errlist_add(errs, _("%s: cannot write: %s"), of->shown, strerror(err));
    return bad ? -1 : 0;
}

/* Writes one stream-based file: md, json, html, or one table's csv. */
static int write_stream(sqlite3 *db, const rreport *r, const rtable *t, int fmt, outset *o, const char *name)
{
    outfile *of = outset_add(o, name);
    if (!of)
        return -1;
    FILE *f = open_new(of, o->errs);
    if (!f)
        return -1;
    int rc;
    switch (fmt) {
    case FMT_MD:   rc = report_md_write(db, r, f, -1, of->shown, o->errs); break;
    case FMT_CSV:  rc = report_csv_write(db, t, report_parse_csv_dialect(r->csv_dialect), f, of->shown, o->errs); break;
    case FMT_JSON: rc = report_json_write(db, r, f, of->shown, o->errs); break;
    default:       rc = report_html_write(db, r, f, of->shown, o->errs); break;
    }
    return close_new(f, of, o->errs) < 0 ? -1 : rc;
}

static int write_xlsx(sqlite3 *db, const rreport *r, outset *o)
{
    outfile *of = outset_add(o, "report.xlsx");
    if (!of)
        return -1;
    if (platform_lexists(of->path)) {
        errlist_add(o->errs, _("%s: cannot write: %s"), of->shown, strerror(EEXIST));
        return -1;
    }
    return report_xlsx_write(db, r, of->path, of->shown, o->errs);
}

static int write_formats(sqlite3 *db, const rreport *r, int formats, outset *o)
{
    if ((formats & FMT_MD) && write_stream(db, r, NULL, FMT_MD, o, "report.md") < 0)
        return -1;
    if (formats & FMT_CSV)
        for (int i = 0; i < r->ntables; i++) {
            const rtable *t = &r->tables[i];
            if (!(t->formats & FMT_CSV))
                continue;
            char name[300];
            snprintf(name, sizeof name, "%s.csv", t->id);
            if (write_stream(db, r, t, FMT_CSV, o, name) < 0)
                return -1;
        }
    if ((formats & FMT_JSON) && write_stream(db, r, NULL, FMT_JSON, o, "report.json") < 0)
        return -1;
    if ((formats & FMT_XLSX) && write_xlsx(db, r, o) < 0)
        return -1;
    if ((formats & FMT_HTML) && write_stream(db, r, NULL, FMT_HTML, o, "report.html") < 0)
        return -1;
    return 0;
}

static void outset_free(outset *o)
{
    for (int i = 0; i < o->nfiles; i++) {
        free(o->files[i].path);
        free(o->files[i].shown);
    }
    free(o->files);
}

static char *list_written(const outset *o)
{
    size_t len = 1;
    for (int i = 0; i < o->nfiles; i++)
        len += strlen(o->files[i].shown) + 1;
    char *s = malloc(len), *p = s;
    if (!s)
        return NULL;
    for (int i = 0; i < o->nfiles; i++)
        p += sprintf(p, "%s\n", o->files[i].shown);
    *p = 0;
    return s;
}

int report_write_into(sqlite3 *db, const char *dir, const char *shown_dir, int formats, char **written, errlist *errs)
{
    if (written)
        *written = NULL;
    if (formats <= 0 || (formats & ~FMT_ALL)) {
        errlist_add(errs, _("no output format chosen"));
        return -1;
    }
    rreport r;
    if (report_load(db, &r, errs) < 0) {
        report_free(&r);
        return -1;
    }
    outset o = { .dir = dir, .shown = shown_dir, .errs = errs };
    int rc = write_formats(db, &r, formats, &o);
    if (rc == 0 && written)
        *written = list_written(&o);
    outset_free(&o);
    report_free(&r);
    return rc;
}

int report_write_all(sqlite3 *db, const char *outdir, int formats, char **written, errlist *errs)
{
    if (written)
        *written = NULL;
    if (!outdir || !*outdir) {
        errlist_add(errs, _("no output folder given"));
        return -1;
    }
    /* the tables' problems first, before any folder is made */
    rreport r;
    int rc = report_load(db, &r, errs);
    report_free(&r);
    if (rc < 0)
        return -1;
    publish *p = publish_begin(outdir, NULL, NULL, errs);
    if (!p)
        return -1;
    rc = report_write_into(db, publish_dir(p), outdir, formats, written, errs);
    if (rc == 0)
        rc = publish_commit(p, errs);
    if (rc != 0 && written) {
        free(*written);
        *written = NULL;
    }
    publish_end(p);
    return rc;
}

long report_xlsx_long_cells(sqlite3 *db, errlist *warnings)
{
    errlist errs = { 0 };
    rreport r;
    long found = 0;
    if (report_load(db, &r, &errs) == 0)
        for (int i = 0; i < r.ntables; i++) {
            const rtable *t = &r.tables[i];
            if (!(t->formats & FMT_XLSX))
                continue;
            long in_table = 0;
            for (int c = 0; c < t->ncols; c++) {
                char *sql = sqlite3_mprintf("SELECT n, len FROM (SELECT row_number() OVER (ORDER BY _ord) AS n, "
                                            "length(\"%w\") AS len FROM \"t_%w\") WHERE len > %d",
                                            t->cols[c].key, t->id, XLSX_CELL_MAX);
                sqlite3_stmt *st = NULL;
                if (sql && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK)
                    while (sqlite3_step(st) == SQLITE_ROW) {
                        found++;
                        if (++in_table <= 5)
                            errlist_add(warnings, _("report.xlsx: table \"%s\" row %lld column \"%s\": %lld characters, "
                                        "cut to 32767 (the most an Excel cell holds); the CSV and JSON files have it whole"),
                                        t->id, sqlite3_column_int64(st, 0), t->cols[c].title, sqlite3_column_int64(st, 1));
                    }
                sqlite3_finalize(st);
                sqlite3_free(sql);
            }
        }
    report_free(&r);
    errlist_free(&errs);
    return found;
}

/* Errors are not printed here: the run calls report_write_all next, which
 * reads the same tables and reports the same problems with their place, and
 * printing them twice would only confuse. */
int report_print_markdown(sqlite3 *db, FILE *f, long max_rows)
{
    errlist errs = { 0 };
    rreport r;
    int rc = report_load(db, &r, &errs);
    if (rc == 0)
        rc = report_md_write(db, &r, f, max_rows, "(terminal)", &errs);
    errlist_free(&errs);
    report_free(&r);
    return rc;
}

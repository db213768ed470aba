/* report.c — choosing the output formats and writing them all or none.
 *
 * Every output file is first written as "<outdir>/.<name>.<pid>.tmp", flushed
 * to disk, and renamed over its final name only after every file of the run
 * was written without error. A failed run (a bad table, a full disk) removes
 * its temporary files and leaves the previous outputs exactly as they were.
 * Renames inside one folder do not fail in practice; if one does, the error
 * says which files are already new.
 */
#define _GNU_SOURCE   /* asprintf */
#include "report.h"
#include "report_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
            errlist_add(errs, "unknown output format \"%.*s\" (choose from md, csv, json, xlsx, html, or all)",
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

/* ---- output files ------------------------------------------------------ */

typedef struct outfile {
    char *final;   /* "<outdir>/report.md" */
    char *tmp;     /* "<outdir>/.report.md.<pid>.tmp", NULL once renamed */
} outfile;

typedef struct outset {
    const char *outdir;
    outfile *files;
    int nfiles;
    errlist *errs;
} outset;

/* mkdir -p: the default out/<ruleset id>/ usually needs out/ as well. */
static int make_dirs(const char *dir, errlist *errs)
{
    char *path = strdup(dir);
    if (!path) {
        errlist_add(errs, "%s: out of memory", dir);
        return -1;
    }
    int rc = 0;
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p)
            continue;
        char c = *p;
        *p = 0;
        struct stat sb;
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            errlist_add(errs, "%s: cannot create the output folder: %s", path, strerror(errno));
            rc = -1;
        } else if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            errlist_add(errs, "%s: cannot write outputs there: it is a file, not a folder", path);
            rc = -1;
        }
        *p = c;
        if (rc < 0 || !c)
            break;
    }
    free(path);
    return rc;
}

/* Adds a file to the set and returns it, or NULL (errs filled). */
static outfile *outset_add(outset *o, const char *name)
{
    outfile *files = realloc(o->files, (o->nfiles + 1) * sizeof *files);
    if (!files) {
        errlist_add(o->errs, "%s/%s: out of memory", o->outdir, name);
        return NULL;
    }
    o->files = files;
    outfile *of = &o->files[o->nfiles];
    if (asprintf(&of->final, "%s/%s", o->outdir, name) < 0)
        of->final = NULL;
    if (asprintf(&of->tmp, "%s/.%s.%ld.tmp", o->outdir, name, (long)getpid()) < 0)
        of->tmp = NULL;
    if (!of->final || !of->tmp) {
        free(of->final);
        free(of->tmp);
        errlist_add(o->errs, "%s/%s: out of memory", o->outdir, name);
        return NULL;
    }
    o->nfiles++;
    return of;
}

static FILE *open_tmp(const outfile *of, errlist *errs)
{
    int fd = open(of->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f) {
        errlist_add(errs, "%s: cannot write: %s", of->final, strerror(errno));
        if (fd >= 0)
            close(fd);
    }
    return f;
}

/* Flushes the file to disk, so a crash after the rename cannot leave an empty one. */
static int sync_path(const char *path, const char *shown, errlist *errs)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) {
        errlist_add(errs, "%s: cannot write: %s", shown, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

static int close_tmp(FILE *f, const outfile *of, errlist *errs)
{
    int bad = fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0;
    int err = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        err = errno;
    }
    if (bad)
        errlist_add(errs, "%s: cannot write: %s", of->final, strerror(err));
    return bad ? -1 : 0;
}

/* Writes one stream-based file: md, json, html, or one table's csv. */
static int write_stream(sqlite3 *db, const rreport *r, const rtable *t, int fmt, outset *o, const char *name)
{
    outfile *of = outset_add(o, name);
    if (!of)
        return -1;
    FILE *f = open_tmp(of, o->errs);
    if (!f)
        return -1;
    int rc;
    switch (fmt) {
    case FMT_MD:   rc = report_md_write(db, r, f, -1, of->final, o->errs); break;
    case FMT_CSV:  rc = report_csv_write(db, t, f, of->final, o->errs); break;
    case FMT_JSON: rc = report_json_write(db, r, f, of->final, o->errs); break;
    default:       rc = report_html_write(db, r, f, of->final, o->errs); break;
    }
    return close_tmp(f, of, o->errs) < 0 ? -1 : rc;
}

static int write_xlsx(sqlite3 *db, const rreport *r, outset *o)
{
    outfile *of = outset_add(o, "report.xlsx");
    if (!of)
        return -1;
    if (report_xlsx_write(db, r, of->tmp, of->final, o->errs) < 0)
        return -1;
    return sync_path(of->tmp, of->final, o->errs);
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

/* Renames every temporary file over its final name, in the order written. */
static int publish(outset *o)
{
    for (int i = 0; i < o->nfiles; i++) {
        outfile *of = &o->files[i];
        if (rename(of->tmp, of->final) != 0) {
            errlist_add(o->errs, "%s: cannot replace it: %s%s", of->final, strerror(errno),
                        i ? " (the files before it in the list of outputs are already new)" : "");
            return -1;
        }
        free(of->tmp);
        of->tmp = NULL;
    }
    /* The renames themselves reach the disk with the folder. */
    int fd = open(o->outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    return 0;
}

static void outset_free(outset *o)
{
    for (int i = 0; i < o->nfiles; i++) {
        if (o->files[i].tmp) {
            unlink(o->files[i].tmp);
            free(o->files[i].tmp);
        }
        free(o->files[i].final);
    }
    free(o->files);
}

static char *list_written(const outset *o)
{
    size_t len = 1;
    for (int i = 0; i < o->nfiles; i++)
        len += strlen(o->files[i].final) + 1;
    char *s = malloc(len), *p = s;
    if (!s)
        return NULL;
    for (int i = 0; i < o->nfiles; i++)
        p += sprintf(p, "%s\n", o->files[i].final);
    *p = 0;
    return s;
}

int report_write_all(sqlite3 *db, const char *outdir, int formats, char **written, errlist *errs)
{
    if (written)
        *written = NULL;
    if (formats <= 0 || (formats & ~FMT_ALL)) {
        errlist_add(errs, "no output format chosen");
        return -1;
    }
    if (!outdir || !*outdir) {
        errlist_add(errs, "no output folder given");
        return -1;
    }
    rreport r;
    if (report_load(db, &r, errs) < 0) {
        report_free(&r);
        return -1;
    }
    int rc = -1;
    outset o = { .outdir = outdir, .errs = errs };
    if (make_dirs(outdir, errs) == 0 && write_formats(db, &r, formats, &o) == 0 && publish(&o) == 0) {
        rc = 0;
        if (written)
            *written = list_written(&o);
    }
    outset_free(&o);   /* removes whatever temporary file is left */
    report_free(&r);
    return rc;
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

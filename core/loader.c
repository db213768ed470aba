/* loader.c — CSV files into SQLite tables (see loader.h).
 *
 * A file is read whole and handed to libcsv one physical line at a time, so
 * the loader always knows which line it is on: a row's LINE is the line where
 * it starts, even when a quoted field before it spanned several lines. libcsv
 * calls field_done for every field and row_done at the end of every row.
 * Each field of a mapped column is checked and converted at once into a
 * reusable row buffer; at the end of the row its key and references are
 * checked (integrity.c) and it is copied into a batch of rows.
 *
 * Parsing and storing run side by side on the two cores: a parsing thread
 * fills batches, the calling thread binds each row to one prepared INSERT
 * (text SQLITE_STATIC from the batch) and steps it, and hands the batch back.
 * SQLite is only ever called from the calling thread. Nothing is allocated
 * per row.
 *
 * Problems go to the errlist with their place and loading goes on, so one
 * run lists every bad cell; once a source has a problem its rows are still
 * checked but no longer inserted (the caller rolls the transaction back).
 */
#include "loader.h"

#include <csv.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

#include "date.h"
#include "loadrow.h"
#include "mapfile.h"
#include "number.h"
#include "platform.h"
#include "progress.h"
#include "sha256.h"
#include "text.h"
#include "i18n.h"

/* a file written in Windows-1258 or TCVN3 is bad on almost every line: each
 * bad line is shown (its first bad cell, with the bad byte) up to this many,
 * then one line with the count of the others; the same for NUL bytes */
#define LINES_SHOWN 20
/* values quoted in messages are cut to this many bytes */
#define VALUE_SHOWN 60

/* rows handed from the parsing thread to the storing one at a time, and
 * batches in flight: enough to keep both cores busy, little memory */
#define BATCH_ROWS 2048
#define NBATCH 4
/* rows read before estimating how many the file holds */
#define ROWS_TO_ESTIMATE 4096
/* a mapped file is let go of in steps of this many bytes (a multiple of the page size) */
#define DROP_STEP (8u << 20)

typedef struct {
    int n;
    long line[BATCH_ROWS];
    row_value *vals;         /* [BATCH_ROWS * ncols] */
    char *arena;             /* their text values */
    size_t arena_len, arena_cap;
} batch;

typedef struct sha_job {
    const char *buf;
    size_t len;
    char hex[65];
    _Atomic size_t done;     /* bytes hashed so far */
    _Atomic size_t parsed;   /* bytes the parser is past (SIZE_MAX when it has finished) */
    int shrank;              /* the file got shorter while it was hashed */
} sha_job;

/* The hash keeps at most SHA_AHEAD bytes ahead of the parser: pages of a big
 * file are then held only between the two (see drop_behind). */
#define SHA_AHEAD (32u << 20)

static void sha_step_done(size_t done, void *arg)
{
    sha_job *j = arg;
    atomic_store_explicit(&j->done, done, memory_order_release);
    struct timespec pause = { 0, 1000000 };
    while (done > SHA_AHEAD && done - SHA_AHEAD > atomic_load_explicit(&j->parsed, memory_order_acquire))
        nanosleep(&pause, NULL);
}

/* Full batches go to the storing thread in order; it gives them back empty. */
typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t changed;
    batch b[NBATCH];
    int full[NBATCH], full_head, nfull;
    int empty[NBATCH], nempty;
    int done;                /* the parser has handed over its last batch */
} batch_queue;

typedef struct {
    sqlite3 *db;
    const source_spec *src;
    const table_spec *t;
    errlist *errs;
    const char *path;        /* as named in messages */
    char delim;

    /* where the parser is */
    long line;               /* physical line being fed to libcsv */
    long row_line;           /* line where the current row starts */
    size_t row_off;          /* byte offset where the current row starts */
    int awaiting_row;        /* the next non-blank line starts a row */
    int nfield;              /* fields seen so far in the current row */
    int row_has_value;       /* some field of the row is not blank */
    int row_bad;             /* a problem in this row: do not insert it */

    /* the header */
    int in_header;
    char **header;           /* [nheader] field texts, trimmed and NFC */
    int nheader, header_cap;
    int *col_of_field;       /* [nheader]: table column filled by the field, or -1 */
    int *field_of_col;       /* [ncols]: 1-based field number, 0 = not in the file */
    int *next_same;          /* [ncols]: the next column the same field fills (value maps), or -1 */
    const source_column *cs; /* [ncols]: value maps, constants, computed columns; or NULL */

    /* the row's cells as text, kept only for computed columns */
    char *raw;
    size_t raw_len, raw_cap;
    size_t *raw_off;         /* [nheader] */
    int compute_stopped;     /* a limit stopped a rule function: no more calls */

    /* the row being read */
    row_value *vals;         /* [ncols] */
    char *arena;             /* text values of the row, back to back */
    size_t arena_len, arena_cap;

    load_checks *checks;     /* keys and references, or NULL */
    batch_queue *q;
    batch *cur;              /* the batch the parser is filling */
    int threaded;            /* 0: the parser stores each full batch itself */

    sqlite3_stmt *insert;
    char *store_error;       /* the first row SQLite refused (storing thread) */
    int store_rc;            /* and SQLite's code for it */
    long store_errors;
    long rows;               /* rows inserted */
    long rows_read;          /* rows read, inserted or not */
    const char *data;        /* the file after its BOM */
    size_t data_len;         /* its length */
    struct csv_parser csv;   /* libcsv's state (here, so a stopped parse can free it) */
    int csv_live;            /* csv holds memory */
    int file_shrank;         /* the mapped file got shorter while it was parsed */
    const char *map;         /* the mapped file, or NULL when it was read or inline */
    size_t map_dropped;      /* bytes of it let go of (drop_behind) */
    size_t next_drop;        /* where the parser next tries to */
    struct sha_job *sha;     /* the hash of the mapped file, kept in step with the parser */
    double parse_cpu;        /* CPU seconds of the parsing thread */
    long problems;           /* problems found in this source */
    long utf8_problems;      /* cells with invalid UTF-8 */
    long utf8_lines;         /* lines with some */
    long utf8_line_last;     /* the last line counted */
    long nul_lines, nul_line_last;
    int out_of_memory;
} loader;

/* {{{ small helpers */

static int is_blank_byte(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Trims ASCII white space and Excel's no-break space U+00A0 at both ends. */
static void trim(const char **ps, size_t *plen)
{
    const unsigned char *s = (const unsigned char *)*ps;
    size_t len = *plen;
    for (;;) {
        if (len && is_blank_byte(s[0])) { s++; len--; }
        else if (len >= 2 && s[0] == 0xC2 && s[1] == 0xA0) { s += 2; len -= 2; }
        else break;
    }
    for (;;) {
        if (len && is_blank_byte(s[len - 1])) len--;
        else if (len >= 2 && s[len - 2] == 0xC2 && s[len - 1] == 0xA0) len -= 2;
        else break;
    }
    *ps = (const char *)s;
    *plen = len;
}

/* A value as shown in a message: cut on a character boundary, newlines shown as spaces. */
static void value_shown(const char *s, size_t len, char out[VALUE_SHOWN + 8])
{
    size_t n = len;
    if (n > VALUE_SHOWN) {
        n = VALUE_SHOWN;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = (s[i] == '\n' || s[i] == '\r') ? ' ' : s[i];
    if (n < len) {
        memcpy(out + n, "…", 3);
        n += 3;
    }
    out[n] = 0;
}

/* "path:LINE:COL" of a cell, or "path:LINE" for a value no cell holds (fieldno 0). */
static const char *cell_at(const loader *L, int fieldno, char *buf, size_t size)
{
    if (fieldno > 0)
        snprintf(buf, size, "%s:%ld:%d", L->path, L->row_line, fieldno);
    else
        snprintf(buf, size, "%s:%ld", L->path, L->row_line);
    return buf;
}

static void problem(loader *L)
{
    L->problems++;
    L->row_bad = 1;
}

static const char *numfmt_name(numfmt f)
{
    return f == NUM_VI ? "vi" : "plain";
}

static const char *header_of(const source_spec *s, int col)
{
    return s->headers && s->headers[col] ? s->headers[col] : s->table->cols[col].name;
}

/* }}} */
/* {{{ values */

static int arena_append(loader *L, const char *s, size_t len, size_t *off)
{
    if (L->arena_len + len + 1 > L->arena_cap) {
        size_t cap = L->arena_cap ? L->arena_cap : 4096;
        while (cap < L->arena_len + len + 1)
            cap *= 2;
        char *a = realloc(L->arena, cap);
        if (!a) {
            L->out_of_memory = 1;
            return 0;
        }
        L->arena = a;
        L->arena_cap = cap;
    }
    *off = L->arena_len;
    memcpy(L->arena + L->arena_len, s, len);
    L->arena_len += len;
    L->arena[L->arena_len++] = 0;
    return 1;
}

/* Booleans as offices write them; compared after ASCII lower-casing, and
 * the Vietnamese words also in upper case as Excel's UPPER() leaves them. */
static int bool_parse(const char *s, size_t len, long long *out)
{
    static const char *const yes[] = { "x", "1", "có", "Có", "CÓ", "yes", "true", "đúng", "Đúng", "ĐÚNG", NULL };
    static const char *const no[] = { "0", "không", "Không", "KHÔNG", "no", "false", "sai", "Sai", "SAI", NULL };
    char low[16];
    if (len >= sizeof low)
        return 0;
    for (size_t i = 0; i < len; i++)
        low[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    low[len] = 0;
    for (int i = 0; yes[i]; i++)
        if (strcmp(low, yes[i]) == 0) { *out = 1; return 1; }
    for (int i = 0; no[i]; i++)
        if (strcmp(low, no[i]) == 0) { *out = 0; return 1; }
    return 0;
}

/* Reports a value that is not a number, with a hint when it would have been
 * one in the other number format (the usual cause). */
static void report_not_number(loader *L, int fieldno, const char *v, size_t len, int whole)
{
    char shown[VALUE_SHOWN + 8];
    value_shown(v, len, shown);
    numfmt f = L->src->numbers;
    double d;
    const char *what = whole ? _("a whole number") : _("a number");
    char at[1200];
    cell_at(L, fieldno, at, sizeof at);
    if (f == NUM_PLAIN && number_parse(v, len, NUM_VI, &d) == NUMBER_OK)
        errlist_add(L->errs, _("%s: \"%s\" is not %s (number format plain; if the file writes numbers "
                    "like 20.360 and 110,05, set numbers = \"vi\" in its source)"), at, shown, what);
    else if (f == NUM_VI && number_parse(v, len, NUM_PLAIN, &d) == NUMBER_OK)
        errlist_add(L->errs, _("%s: \"%s\" is not %s (number format vi: the decimal mark is a comma, "
                    "as in 110,05, and a dot groups thousands, as in 20.360)"), at, shown, what);
    else
        errlist_add(L->errs, _("%s: \"%s\" is not %s (number format %s)"), at, shown, what, numfmt_name(f));
    problem(L);
}

/* Invalid UTF-8 in the cell v[0..len) of field `fieldno`, first bad byte at
 * the 1-based offset bad_at: shown once per line, LINES_SHOWN lines at most. */
static void report_bad_utf8(loader *L, long line, int fieldno, const char *v, size_t len, size_t bad_at)
{
    L->utf8_problems++;
    problem(L);
    if (L->utf8_line_last == line)
        return;
    L->utf8_line_last = line;
    if (++L->utf8_lines > LINES_SHOWN)
        return;
    char before[VALUE_SHOWN + 8];
    size_t start = bad_at - 1 > 24 ? bad_at - 1 - 24 : 0;
    while (start > 0 && ((unsigned char)v[start] & 0xC0) == 0x80)
        start++;
    value_shown(v + start, bad_at - 1 - start, before);
    (void)len;
    errlist_add(L->errs, _("%s:%ld:%d: invalid UTF-8: byte 0x%02X after \"%s%s\" (is the file saved as Windows-1258 "
                "or TCVN3? Save it as CSV UTF-8)"), L->path, line, fieldno, (unsigned char)v[bad_at - 1],
                start ? "…" : "", before);
}

/* A NUL byte inside a cell: text would be cut there without a word. */
static int check_nul(loader *L, int fieldno, const char *v, size_t len)
{
    const char *z = memchr(v, 0, len);
    if (!z)
        return 0;
    problem(L);
    if (L->nul_line_last != L->row_line) {
        L->nul_line_last = L->row_line;
        long at = 1;
        for (const char *c = v; c < z; c++)
            at += ((unsigned char)*c & 0xC0) != 0x80;
        if (++L->nul_lines <= LINES_SHOWN)
            errlist_add(L->errs, _("%s:%ld:%d: a NUL byte (code 0) at character %ld of the value: the file is damaged "
                        "or is not a text file (open it in Excel and save it as CSV UTF-8)"),
                        L->path, L->row_line, fieldno, at);
    }
    return 1;
}

/* A value the rule file gave (a constant, a word of a value map) into L->vals[col]. */
static void value_fixed(loader *L, int col, const fixed_value *f)
{
    row_value *rv = &L->vals[col];
    switch (f->kind) {
    case FIXED_INT: rv->kind = VAL_INT; rv->i = f->i; break;
    case FIXED_REAL: rv->kind = VAL_REAL; rv->d = f->d; break;
    case FIXED_TEXT:
        rv->kind = arena_append(L, f->text, f->len, &rv->off) ? VAL_TEXT : VAL_BAD;
        rv->len = f->len;
        break;
    default: rv->kind = VAL_NULL; break;
    }
}

static int map_compare(const void *key, const void *entry)
{
    const map_entry *k = key, *e = entry;
    size_t n = k->folded_len < e->folded_len ? k->folded_len : e->folded_len;
    int c = n ? memcmp(k->folded, e->folded, n) : 0;   /* an empty cell's key has no bytes (NULL) */
    return c ? c : (k->folded_len > e->folded_len) - (k->folded_len < e->folded_len);
}

/* A cell through its column's value map: the word's value, or a problem for a word not in it. */
static void value_mapped(loader *L, int col, int fieldno, const char *v, size_t len)
{
    const source_column *cs = &L->cs[col];
    map_entry key = { 0 };
    key.folded = len ? text_fold(v, len, &key.folded_len) : NULL;
    if (len && !key.folded) {
        L->out_of_memory = 1;
        return;
    }
    const map_entry *e = bsearch(&key, cs->map, (size_t)cs->nmap, sizeof *cs->map, map_compare);
    free(key.folded);
    if (e) {
        value_fixed(L, col, &e->value);
        return;
    }
    if (len == 0)
        return;                 /* empty and no word for it: empty */
    char shown[VALUE_SHOWN + 8], at[1200];
    value_shown(v, len, shown);
    errlist_add(L->errs, _("%s: \"%s\" is not one of the words for %s (header \"%s\"): %s"),
                cell_at(L, fieldno, at, sizeof at), shown, L->t->cols[col].name, header_of(L->src, col),
                cs->map_words ? cs->map_words : "");
    problem(L);
    L->vals[col].kind = VAL_BAD;
}

/* Checks and converts one cell (or a computed text) of table column `col` into L->vals[col],
 * through the column's value map when `use_map` and it has one. */
static void value_text(loader *L, int col, int fieldno, const char *v, size_t len, int use_map)
{
    row_value *rv = &L->vals[col];
    const column_spec *c = &L->t->cols[col];
    trim(&v, &len);
    rv->kind = VAL_NULL;
    int mapped = use_map && L->cs && L->cs[col].map;
    if (len == 0 && !mapped)
        return;                 /* empty: NULL, or an error at the end of the row if required */
    size_t bad_at;
    int check = len ? text_check(v, len, &bad_at) : TEXT_NFC_QUICK;
    if (check == TEXT_BAD_UTF8) {
        report_bad_utf8(L, L->row_line, fieldno, v, len, bad_at);
        rv->kind = VAL_BAD;     /* not empty: no second message about a required column */
        return;
    }
    if (mapped) {
        value_mapped(L, col, fieldno, v, len);
        return;
    }
    number_status st;
    switch (c->type) {
    case COL_DATE: {
        char iso[11];
        unsigned formats = L->cs && L->cs[col].dates ? L->cs[col].dates : L->src->dates ? L->src->dates : DATE_DEFAULT;
        if (date_parse(v, len, formats, iso)) {
            if (arena_append(L, iso, 10, &rv->off)) {
                rv->len = 10;
                rv->kind = VAL_TEXT;
            }
            return;
        }
        char shown[VALUE_SHOWN + 8], ex[200], at[1200];
        value_shown(v, len, shown);
        date_formats_shown(formats, ex, sizeof ex);
        errlist_add(L->errs, _("%s: \"%s\" is not a date (write it as %s)"), cell_at(L, fieldno, at, sizeof at), shown, ex);
        problem(L);
        rv->kind = VAL_BAD;
        return;
    }
    case COL_TEXT: {
        size_t nlen;
        char *nfc = check == TEXT_NFC_MAYBE ? text_nfc(v, len, &nlen) : NULL;
        if (nfc) {
            if (arena_append(L, nfc, nlen, &rv->off))
                rv->len = nlen;
            free(nfc);
        } else if (arena_append(L, v, len, &rv->off)) {
            rv->len = len;
        }
        rv->kind = VAL_TEXT;
        return;
    }
    case COL_INTEGER:
        st = integer_parse(v, len, L->src->numbers, &rv->i);
        if (st == NUMBER_OK) {
            rv->kind = VAL_INT;
            return;
        }
        break;
    case COL_NUMBER:
        st = number_parse(v, len, L->src->numbers, &rv->d);
        if (st == NUMBER_OK) {
            rv->kind = VAL_REAL;
            return;
        }
        break;
    case COL_BOOL:
        if (bool_parse(v, len, &rv->i)) {
            rv->kind = VAL_INT;
            return;
        }
        {
            char shown[VALUE_SHOWN + 8], at[1200];
            value_shown(v, len, shown);
            errlist_add(L->errs, _("%s: \"%s\" is not yes or no (write x, 1, có, yes, true for yes; "
                        "0, không, no, false for no; leave it empty if unknown)"),
                        cell_at(L, fieldno, at, sizeof at), shown);
            problem(L);
            rv->kind = VAL_BAD;
            return;
        }
    }
    report_not_number(L, fieldno, v, len, c->type == COL_INTEGER);
    rv->kind = VAL_BAD;
}

static void value_convert(loader *L, int col, int fieldno, const char *v, size_t len)
{
    value_text(L, col, fieldno, v, len, 1);
}

/* }}} */
/* {{{ the header */

static int header_add(loader *L, const char *v, size_t len)
{
    if (L->nheader == L->header_cap) {
        int cap = L->header_cap ? L->header_cap * 2 : 16;
        char **h = realloc(L->header, (size_t)cap * sizeof *h);
        if (!h)
            return 0;
        L->header = h;
        L->header_cap = cap;
    }
    trim(&v, &len);
    char *copy = NULL;
    size_t bad_at = utf8_invalid_at(v, len);
    if (bad_at) {
        report_bad_utf8(L, L->row_line, L->nheader + 1, v, len, bad_at);
    } else if (!check_nul(L, L->nheader + 1, v, len)) {
        size_t nlen;
        copy = text_nfc(v, len, &nlen);
    }
    if (!copy) {
        copy = malloc(len + 1);
        if (!copy)
            return 0;
        memcpy(copy, v, len);
        copy[len] = 0;
    }
    L->header[L->nheader++] = copy;
    return 1;
}

/* Headers match exactly, else ignoring case ("Mã đơn vị" = "MÃ ĐƠN VỊ"). */
static int header_matches(const char *have, const char *want)
{
    if (strcmp(have, want) == 0)
        return 1;
    utf8proc_uint8_t *a = NULL, *b = NULL;
    utf8proc_ssize_t na = utf8proc_map((const utf8proc_uint8_t *)have, 0, &a,
                                       UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    utf8proc_ssize_t nb = utf8proc_map((const utf8proc_uint8_t *)want, 0, &b,
                                       UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    int same = na >= 0 && nb >= 0 && na == nb && memcmp(a, b, (size_t)na) == 0;
    free(a);
    free(b);
    return same;
}

/* When the whole header is one field that contains another delimiter, the
 * source's delimiter is almost surely wrong: say so. */
static const char *delimiter_hint(const loader *L)
{
    if (L->nheader != 1)
        return "";
    const char *h = L->header[0];
    if (L->delim != ';' && strchr(h, ';'))
        return " (the header is a single column: the file seems to use \";\" between columns; "
               "set delimiter = \";\" or \"auto\" in its source)";
    if (L->delim != ',' && strchr(h, ','))
        return " (the header is a single column: the file seems to use \",\" between columns; "
               "set delimiter = \",\" or \"auto\" in its source)";
    if (L->delim != '\t' && strchr(h, '\t'))
        return " (the header is a single column: the file seems to use tabs between columns; "
               "set delimiter = \"\\t\" or \"auto\" in its source)";
    return "";
}

/* Maps header fields to table columns. Missing required columns are problems.
 * Columns the source names a header for come first, and several may share one
 * header (a status column filling both `excused` and `suspended`); a column
 * looked up by its own name takes a header no named column took. */
static int header_map(loader *L)
{
    const table_spec *t = L->t;
    L->col_of_field = malloc((size_t)(L->nheader ? L->nheader : 1) * sizeof *L->col_of_field);
    L->next_same = malloc((size_t)(t->ncols ? t->ncols : 1) * sizeof *L->next_same);
    if (!L->col_of_field || !L->next_same)
        return 0;
    if (L->src->computes) {
        L->raw_off = calloc((size_t)(L->nheader ? L->nheader : 1), sizeof *L->raw_off);
        L->raw = malloc(1024);
        if (!L->raw_off || !L->raw)
            return 0;
        L->raw_cap = 1024;
        L->raw[0] = 0;
    }
    for (int i = 0; i < L->nheader; i++)
        L->col_of_field[i] = -1;
    for (int c = 0; c < t->ncols; c++) {
        L->field_of_col[c] = 0;
        L->next_same[c] = -1;
    }
    for (int pass = 0; pass < 2; pass++)
    for (int c = 0; c < t->ncols; c++) {
        int named = L->src->headers && L->src->headers[c];
        if (named != (pass == 0))
            continue;
        column_from from = L->cs ? L->cs[c].from : FROM_FILE;
        if (from == FROM_VALUE || from == FROM_LINE || (from == FROM_COMPUTE && !named))
            continue;           /* no cell of the file: filled at the end of each row */
        const char *want = header_of(L->src, c);
        for (int i = 0; i < L->nheader; i++) {
            if (!header_matches(L->header[i], want))
                continue;
            if (L->field_of_col[c]) {
                errlist_add(L->errs, _("%s:1:%d: the header \"%s\" appears twice (also column %d); "
                            "keep one of them"), L->path, i + 1, want, L->field_of_col[c]);
                L->problems++;
                continue;
            }
            if (from == FROM_COMPUTE) {
                L->field_of_col[c] = i + 1;     /* the cell its function is given */
                continue;
            }
            if (L->col_of_field[i] >= 0) {
                if (!named)
                    continue;   /* taken by a column the source named */
                int last = L->col_of_field[i];
                while (L->next_same[last] >= 0)
                    last = L->next_same[last];
                L->next_same[last] = c;
            } else {
                L->col_of_field[i] = c;
            }
            L->field_of_col[c] = i + 1;
        }
        /* a header in another encoding cannot match: its UTF-8 message says it all */
        if (!L->field_of_col[c] && t->cols[c].required && !L->utf8_problems) {
            errlist_add(L->errs, _("%s:1: no column \"%s\" in the header (it fills %s.%s, which is required)%s"),
                        L->path, want, t->name, t->cols[c].name, delimiter_hint(L));
            L->problems++;
        }
    }
    return 1;
}

/* }}} */
/* {{{ rows */

static int insert_prepare(loader *L)
{
    const table_spec *t = L->t;
    sqlite3_str *sql = sqlite3_str_new(L->db);
    sqlite3_str_appendf(sql, "INSERT INTO \"%w\"(_src, _line", t->name);
    for (int c = 0; c < t->ncols; c++)
        sqlite3_str_appendf(sql, ", \"%w\"", t->cols[c].name);
    sqlite3_str_appendall(sql, ") VALUES (?, ?");
    for (int c = 0; c < t->ncols; c++)
        sqlite3_str_appendall(sql, ", ?");
    sqlite3_str_appendall(sql, ")");
    char *text = sqlite3_str_finish(sql);
    int rc = text ? sqlite3_prepare_v3(L->db, text, -1, SQLITE_PREPARE_PERSISTENT, &L->insert, NULL) : SQLITE_NOMEM;
    if (rc != SQLITE_OK) {
        errlist_add(L->errs, _("%s: cannot load into table %s: %s"), L->path, t->name, sqlite3_errmsg(L->db));
        L->problems++;
    }
    sqlite3_free(text);
    return rc == SQLITE_OK;
}

/* {{{ storing, on the calling thread */

static void batch_store(loader *L, batch *b)
{
    sqlite3_stmt *st = L->insert;
    int ncols = L->t->ncols;
    for (int r = 0; r < b->n && !L->store_errors; r++) {
        const row_value *vals = b->vals + (size_t)r * ncols;
        sqlite3_bind_int64(st, 1, L->src->id);
        sqlite3_bind_int64(st, 2, b->line[r]);
        for (int c = 0; c < ncols; c++) {
            const row_value *v = &vals[c];
            int i = c + 3;
            switch (v->kind) {
            case VAL_INT: sqlite3_bind_int64(st, i, v->i); break;
            case VAL_REAL: sqlite3_bind_double(st, i, v->d); break;
            case VAL_TEXT: sqlite3_bind_text(st, i, b->arena + v->off, (int)v->len, SQLITE_STATIC); break;
            default: sqlite3_bind_null(st, i); break;
            }
        }
        if (sqlite3_step(st) == SQLITE_DONE) {
            L->rows++;
        } else {
            /* the disk is full, most likely: say it once, store no more */
            L->store_errors++;
            L->store_rc = sqlite3_errcode(L->db);
            L->store_error = sqlite3_mprintf("%s:%ld: cannot store the row: %s", L->path, b->line[r],
                                             sqlite3_errmsg(L->db));
        }
        sqlite3_reset(st);
    }
    b->n = 0;
    b->arena_len = 0;
}

static batch *queue_take_full(batch_queue *q)
{
    pthread_mutex_lock(&q->mu);
    while (!q->nfull && !q->done)
        pthread_cond_wait(&q->changed, &q->mu);
    batch *b = NULL;
    if (q->nfull) {
        b = &q->b[q->full[q->full_head]];
        q->full_head = (q->full_head + 1) % NBATCH;
        q->nfull--;
    }
    pthread_mutex_unlock(&q->mu);
    return b;
}

static void queue_give_empty(batch_queue *q, batch *b)
{
    pthread_mutex_lock(&q->mu);
    q->empty[q->nempty++] = (int)(b - q->b);
    pthread_cond_broadcast(&q->changed);
    pthread_mutex_unlock(&q->mu);
}

/* }}} */
/* {{{ handing rows over, on the parsing thread */

static batch *queue_take_empty(batch_queue *q)
{
    pthread_mutex_lock(&q->mu);
    while (!q->nempty)
        pthread_cond_wait(&q->changed, &q->mu);
    batch *b = &q->b[q->empty[--q->nempty]];
    pthread_mutex_unlock(&q->mu);
    return b;
}

static void queue_give_full(batch_queue *q, batch *b)
{
    pthread_mutex_lock(&q->mu);
    q->full[(q->full_head + q->nfull) % NBATCH] = (int)(b - q->b);
    q->nfull++;
    pthread_cond_broadcast(&q->changed);
    pthread_mutex_unlock(&q->mu);
}

static void batch_hand_over(loader *L)
{
    if (!L->threaded) {
        batch_store(L, L->cur);     /* no second thread: store it here */
        return;
    }
    queue_give_full(L->q, L->cur);
    L->cur = queue_take_empty(L->q);
}

/* Copies the row just read into the batch being filled. */
static void row_hand_over(loader *L)
{
    batch *b = L->cur;
    int ncols = L->t->ncols;
    if (b->arena_len + L->arena_len > b->arena_cap) {
        size_t cap = b->arena_cap ? b->arena_cap : 65536;
        while (cap < b->arena_len + L->arena_len)
            cap *= 2;
        char *a = realloc(b->arena, cap);
        if (!a) {
            L->out_of_memory = 1;
            return;
        }
        b->arena = a;
        b->arena_cap = cap;
    }
    if (L->arena_len)
        memcpy(b->arena + b->arena_len, L->arena, L->arena_len);
    row_value *vals = b->vals + (size_t)b->n * ncols;
    for (int c = 0; c < ncols; c++) {
        vals[c] = L->vals[c];
        vals[c].off += b->arena_len;
    }
    b->arena_len += L->arena_len;
    b->line[b->n++] = L->row_line;
    if (b->n == BATCH_ROWS)
        batch_hand_over(L);
}

/* }}} */

static void row_clear(loader *L)
{
    for (int c = 0; c < L->t->ncols; c++)
        L->vals[c].kind = VAL_NULL;
    L->arena_len = 0;
    L->nfield = 0;
    if (L->raw_off) {
        L->raw_len = 0;
        for (int i = 0; i < L->nheader; i++)
            L->raw_off[i] = 0;
        if (L->raw_cap)
            L->raw[0] = 0;
    }
    L->row_has_value = 0;
    L->row_bad = 0;
}

/* A computed column: the rule function's value, converted as a cell of the column would be. */
static void value_computed(loader *L, int col)
{
    const source_column *cs = &L->cs[col];
    if (L->compute_stopped || !L->src->compute)
        return;
    const char *stack_cells[64];
    const char **cells = L->nheader <= 64 ? stack_cells : malloc((size_t)L->nheader * sizeof *cells);
    if (!cells) {
        L->out_of_memory = 1;
        return;
    }
    for (int i = 0; i < L->nheader; i++)
        cells[i] = L->raw + L->raw_off[i];
    computed_value out;
    memset(&out, 0, sizeof out);
    int field = L->field_of_col[col];
    int rc = L->src->compute(L->src->compute_arg, cs->compute_ref, L->row_line, L->nheader, L->header, cells,
                             field, &out);
    if (cells != stack_cells)
        free(cells);
    char at[1200];
    if (rc != 0) {
        errlist_add(L->errs, "%s: %s: %s", cell_at(L, field, at, sizeof at), L->t->cols[col].name, out.err);
        problem(L);
        L->vals[col].kind = VAL_BAD;
        if (rc == -2)
            L->compute_stopped = 1;
        return;
    }
    row_value *rv = &L->vals[col];
    coltype type = L->t->cols[col].type;
    switch (out.kind) {
    case COMPUTED_TEXT:
        /* text goes through the column's own checks (numbers in the source's format, dates, yes/no) */
        value_text(L, col, field, out.text, out.len, 0);
        return;
    case COMPUTED_BOOL:
        if (type == COL_BOOL) { rv->kind = VAL_INT; rv->i = out.i; return; }
        break;
    case COMPUTED_INT:
        if (type == COL_INTEGER || type == COL_NUMBER) {
            if (type == COL_NUMBER) { rv->kind = VAL_REAL; rv->d = (double)out.i; } else { rv->kind = VAL_INT; rv->i = out.i; }
            return;
        }
        if (type == COL_TEXT) {
            char buf[32];
            int n = snprintf(buf, sizeof buf, "%lld", out.i);
            if (arena_append(L, buf, (size_t)n, &rv->off)) { rv->kind = VAL_TEXT; rv->len = (size_t)n; }
            return;
        }
        break;
    case COMPUTED_REAL:
        if (type == COL_NUMBER) { rv->kind = VAL_REAL; rv->d = out.d; return; }
        if (type == COL_INTEGER && out.d == (double)(long long)out.d) { rv->kind = VAL_INT; rv->i = (long long)out.d; return; }
        break;
    default:
        rv->kind = VAL_NULL;
        return;
    }
    errlist_add(L->errs, _("%s: %s: the function gave a %s, and the column holds %s"), cell_at(L, field, at, sizeof at),
                L->t->cols[col].name,
                out.kind == COMPUTED_BOOL ? "boolean" : out.kind == COMPUTED_INT ? "whole number" : "number",
                coltype_name(type));
    problem(L);
    rv->kind = VAL_BAD;
}

/* Columns no cell of the file fills: constants, the line number, computed columns. */
static void row_fill_other(loader *L)
{
    const table_spec *t = L->t;
    for (int c = 0; c < t->ncols; c++) {
        switch (L->cs[c].from) {
        case FROM_VALUE:
            value_fixed(L, c, &L->cs[c].value);
            break;
        case FROM_LINE: {
            char buf[32];
            int n = snprintf(buf, sizeof buf, "%ld", L->row_line);
            value_convert(L, c, 0, buf, (size_t)n);
            break;
        }
        case FROM_COMPUTE:
            value_computed(L, c);
            if (t->cols[c].required && L->vals[c].kind == VAL_NULL) {
                char at[1200];
                errlist_add(L->errs, _("%s: %s: the function gave no value, and the column is required"),
                            cell_at(L, L->field_of_col[c], at, sizeof at), t->cols[c].name);
                problem(L);
            }
            break;
        default:
            break;
        }
    }
}

static void row_finish(loader *L)
{
    const table_spec *t = L->t;
    if (L->nfield != L->nheader) {
        errlist_add(L->errs, _("%s:%ld: row has %d field%s, the header has %d%s"), L->path, L->row_line,
                    L->nfield, L->nfield == 1 ? "" : "s", L->nheader,
                    L->nfield == 1 && L->nheader > 1 ? _(" (is the delimiter right?)") : "");
        problem(L);
        return;
    }
    if (L->cs)
        row_fill_other(L);
    for (int c = 0; c < t->ncols; c++) {
        if (t->cols[c].required && L->field_of_col[c] && L->vals[c].kind == VAL_NULL) {
            errlist_add(L->errs, _("%s:%ld:%d: empty value in required column \"%s\" (header \"%s\")"),
                        L->path, L->row_line, L->field_of_col[c], t->cols[c].name, header_of(L->src, c));
            problem(L);
        }
    }
    if (L->checks) {
        /* from the first rows' length, how many the file holds: the key sets are sized once */
        if (++L->rows_read == ROWS_TO_ESTIMATE && L->row_off > 0)
            checks_expect_rows(L->checks, (size_t)((double)L->data_len / (double)L->row_off * ROWS_TO_ESTIMATE * 1.05));
        checks_row(L->checks, L->field_of_col, L->vals, L->arena, L->row_line);
    }
    if (!L->row_bad && L->problems == 0 && L->insert)
        row_hand_over(L);
}

/* Keeps a cell's text (trimmed, NFC) for the rule functions of computed columns. */
static void raw_keep(loader *L, int i, const char *v, size_t len)
{
    trim(&v, &len);
    size_t nlen = len;
    char *nfc = NULL;
    if (utf8_invalid_at(v, len))
        len = nlen = 0;         /* reported where the cell is converted, or not at all if unused */
    else
        nfc = text_nfc(v, len, &nlen);
    const char *t = nfc ? nfc : v;
    if (L->raw_len + nlen + 1 > L->raw_cap) {
        size_t cap = L->raw_cap ? L->raw_cap : 1024;
        while (cap < L->raw_len + nlen + 1)
            cap *= 2;
        char *r = realloc(L->raw, cap);
        if (!r) {
            free(nfc);
            L->out_of_memory = 1;
            return;
        }
        L->raw = r;
        L->raw_cap = cap;
    }
    L->raw_off[i] = L->raw_len;
    memcpy(L->raw + L->raw_len, t, nlen);
    L->raw_len += nlen;
    L->raw[L->raw_len++] = 0;
    free(nfc);
}

/* libcsv: one field has been read. */
static void field_done(void *field, size_t len, void *data)
{
    loader *L = data;
    const char *v = field ? field : "";
    if (L->in_header) {
        if (!header_add(L, v, len))
            L->out_of_memory = 1;
        return;
    }
    int i = L->nfield++;
    if (!L->row_has_value) {
        for (size_t k = 0; k < len; k++)
            if (!is_blank_byte((unsigned char)v[k])) {
                L->row_has_value = 1;
                break;
            }
    }
    if (L->raw_off && i < L->nheader)
        raw_keep(L, i, v, len);
    if (check_nul(L, i + 1, v, len)) {
        if (i < L->nheader)
            for (int c = L->col_of_field[i]; c >= 0; c = L->next_same[c])
                L->vals[c].kind = VAL_BAD;   /* not empty: no second message */
        return;
    }
    if (i < L->nheader && L->col_of_field[i] >= 0) {
        for (int c = L->col_of_field[i]; c >= 0; c = L->next_same[c])
            value_convert(L, c, i + 1, v, len);
    } else {
        /* a column no table uses: still checked, so a file in another encoding shows on every bad line */
        size_t bad_at = utf8_invalid_at(v, len);
        if (bad_at)
            report_bad_utf8(L, L->row_line, i + 1, v, len, bad_at);
    }
}

/* libcsv: a row has ended. */
static void row_done(int term, void *data)
{
    loader *L = data;
    L->awaiting_row = 1;
    if (L->in_header) {
        L->in_header = 0;
        if (!header_map(L))
            L->out_of_memory = 1;
        row_clear(L);
        return;
    }
    /* a row of empty cells (";;;;" from blank spreadsheet rows) is not data */
    if (L->row_has_value)
        row_finish(L);
    row_clear(L);
}

/* }}} */
/* {{{ parsing a buffer line by line */

/* 0 gives every line to libcsv (loader_set_plain_lines): the tests compare the two ways */
static int plain_lines = 1;

void loader_set_plain_lines(int on)
{
    plain_lines = on;
}

/* libcsv skips spaces and tabs around unquoted fields; in a tab-separated
 * file a tab is the delimiter, not space. (Elsewhere libcsv's built-in test
 * is kept: a function call per byte costs 5% of a load.) */
static int space_no_tab(unsigned char c) { return c == CSV_SPACE; }

/* The delimiter that occurs most often outside quotes in the first line. */
static char delimiter_detect(const char *s, size_t len)
{
    size_t comma = 0, semi = 0, tab = 0;
    int quoted = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '"') quoted = !quoted;
        else if (quoted) continue;
        else if (c == '\n' || c == '\r') break;
        else if (c == ',') comma++;
        else if (c == ';') semi++;
        else if (c == '\t') tab++;
    }
    if (semi > comma && semi >= tab)
        return ';';
    if (tab > comma && tab > semi)
        return '\t';
    return ',';
}

static int line_is_blank(const loader *L, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\r' || c == '\n' || (c == '\t' && L->delim != '\t'))
            continue;
        return 0;
    }
    return 1;
}

/* After libcsv found a quoted field never closed: find where it opened,
 * scanning the rows from the start of the unfinished one. */
static void report_unterminated(loader *L, const char *buf, size_t len)
{
    long line = L->row_line, open_line = L->row_line;
    int field = 1, open_field = 1, quoted = 0, at_field_start = 1;
    for (size_t i = L->row_off; i < len; i++) {
        char c = buf[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < len && buf[i + 1] == '"') i++;
                else quoted = 0;
            } else if (c == '\n') {
                line++;
            }
            continue;
        }
        if (c == '"' && at_field_start) {
            quoted = 1;
            open_line = line;
            open_field = field;
        } else if (c == L->delim) {
            field++;
            at_field_start = 1;
            continue;
        } else if (c == '\n') {
            line++;
            field = 1;
            at_field_start = 1;
            continue;
        } else if (c == ' ' || c == '\r') {
            continue;
        }
        at_field_start = 0;
    }
    errlist_add(L->errs, _("%s:%ld:%d: unterminated quoted field (a \" opened here is never closed)"),
                L->path, open_line, open_field);
    L->problems++;
}

/* Lets go of the pages of a mapped file that both the parser and the hash
 * are done with, so that loading a 500 MB file does not hold 500 MB. (The
 * current row is kept: a message about it may quote it.) */
static void drop_behind(loader *L, const char *data)
{
    size_t parsed = (size_t)(data - L->map) + L->row_off;
    atomic_store_explicit(&L->sha->parsed, parsed, memory_order_release);
    size_t hashed = atomic_load_explicit(&L->sha->done, memory_order_acquire);
    size_t upto = (parsed < hashed ? parsed : hashed) & ~(size_t)(DROP_STEP - 1);
    if (upto > L->map_dropped) {
        mapfile_drop(L->map, L->map_dropped, upto, 1);
        L->map_dropped = upto;
    }
}

/* csv_parse, except that a " inside an unquoted value is kept as a
 * character, as Excel reads it (37°36'37.8"N): libcsv's strict mode stops
 * there, and that one character is given to it in lenient mode. Returns the
 * bytes parsed (clen unless a real error). */
static size_t csv_feed(loader *L, const char *chunk, size_t clen)
{
    struct csv_parser *p = &L->csv;
    size_t pos = 0;
    for (;;) {
        size_t done = csv_parse(p, chunk + pos, clen - pos, field_done, row_done, L);
        pos += done;
        if (pos >= clen || csv_error(p) != CSV_EPARSE || p->quoted || chunk[pos] != '"')
            return pos;
        p->status = CSV_SUCCESS;
        csv_set_opts(p, CSV_STRICT_FINI);
        csv_parse(p, chunk + pos, 1, field_done, row_done, L);
        csv_set_opts(p, CSV_STRICT | CSV_STRICT_FINI);
        pos++;
    }
}

/* libcsv's white space around an unquoted value: space and tab, or space alone when the tab
 * is the delimiter (space_no_tab) */
static int csv_space(const loader *L, unsigned char c)
{
    return c == ' ' || (c == '\t' && L->delim != '\t');
}

/* Most lines of an office's file have no quote: for such a line, begun where a row begins and
 * ended by "\n" or "\r\n" with no other "\r", the fields are found here with memchr and handed
 * to the same callbacks, trimmed as libcsv trims an unquoted value. libcsv reads a byte at a
 * time and copies each field into its own buffer, a third of the parsing thread; every other
 * line (a quote, an old-Mac "\r", the file's last line without "\n", a row still open)
 * goes to libcsv. Returns 0 when the line is not such a line. */
static int split_plain_line(loader *L, const char *s, size_t len)
{
    if (!plain_lines || len == 0 || s[len - 1] != '\n')
        return 0;
    size_t n = len - 1;
    if (n && s[n - 1] == '\r')
        n--;
    if (memchr(s, '"', n) || memchr(s, '\r', n))
        return 0;
    const char *p = s, *end = s + n;
    while (p < end && csv_space(L, (unsigned char)*p))
        p++;
    if (p == end)
        return 1;               /* white space only: libcsv makes no row of it */
    p = s;
    for (;;) {
        const char *d = memchr(p, L->delim, (size_t)(end - p));
        const char *fe = d ? d : end;
        while (p < fe && csv_space(L, (unsigned char)*p))
            p++;
        const char *fb = fe;
        while (fb > p && csv_space(L, (unsigned char)fb[-1]))
            fb--;
        field_done((void *)p, (size_t)(fb - p), L);
        if (!d)
            break;
        p = d + 1;
    }
    row_done(n < len - 1 ? '\r' : '\n', L);
    return 1;
}

static void parse_buffer(loader *L, const char *buf, size_t len)
{
    struct csv_parser *p = &L->csv;
    if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        L->out_of_memory = 1;
        return;
    }
    L->csv_live = 1;
    csv_set_delim(p, (unsigned char)L->delim);
    if (L->delim == '\t')
        csv_set_space_func(p, space_no_tab);

    /* lines end at '\n'; a file with no '\n' at all but '\r' is an old Mac file */
    char eol = memchr(buf, '\n', len) || !memchr(buf, '\r', len) ? '\n' : '\r';
    L->line = 1;
    L->awaiting_row = 1;
    L->in_header = 1;
    size_t pos = 0;
    while (pos < len && !L->out_of_memory) {
        const char *nl = memchr(buf + pos, eol, len - pos);
        size_t end = nl ? (size_t)(nl - buf) + 1 : len;
        const char *chunk = buf + pos;
        size_t clen = end - pos;
        int row_start = L->awaiting_row;
        if (L->awaiting_row && !line_is_blank(L, chunk, clen)) {
            L->awaiting_row = 0;
            L->row_line = L->line;
            L->row_off = pos;
        }
        size_t done = row_start && split_plain_line(L, chunk, clen) ? clen : csv_feed(L, chunk, clen);
        if (done < clen) {
            if (csv_error(p) == CSV_EPARSE) {
                errlist_add(L->errs, _("%s:%ld:%d: a quoted value must end right after its closing \" "
                            "(write \"\" for a \" inside it, as Excel does)"),
                            L->path, L->line, L->nfield + 1);
                L->problems++;
            } else {
                L->out_of_memory = 1;
            }
            /* start afresh on the next line; this row is lost */
            csv_free(p);
            L->csv_live = 0;
            if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
                L->out_of_memory = 1;
                return;
            }
            L->csv_live = 1;
            csv_set_delim(p, (unsigned char)L->delim);
            if (L->delim == '\t')
                csv_set_space_func(p, space_no_tab);
            if (L->in_header) {
                /* what was read of the header is kept; its mapping is made now */
                L->in_header = 0;
                if (!header_map(L))
                    L->out_of_memory = 1;
            }
            row_clear(L);
            L->awaiting_row = 1;
        }
        pos = end;
        L->line++;
        if (L->map && pos >= L->next_drop) {
            drop_behind(L, buf);
            L->next_drop = pos + DROP_STEP;
        }
    }
    if (csv_fini(p, field_done, row_done, L) != 0) {
        if (csv_error(p) == CSV_EPARSE)
            report_unterminated(L, buf, len);
        else
            L->out_of_memory = 1;
    }
    csv_free(p);
    L->csv_live = 0;
}

/* parse_buffer under the guard: a file that got shorter is reported, not a crash */
static void parse_guarded_run(void *arg)
{
    loader *L = arg;
    parse_buffer(L, L->data, L->data_len);
}

static void parse_guarded(loader *L)
{
    if (mapfile_guard(parse_guarded_run, L) != 0) {
        L->file_shrank = 1;
        if (L->csv_live)
            csv_free(&L->csv);
        L->csv_live = 0;
    }
}

/* }}} */
/* {{{ sources */

static void source_record(sqlite3 *db, const source_spec *s, const loader *L, const char *sha)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO sources(id, table_name, path, rows, sha256) "
                           "VALUES (?, ?, ?, ?, ?)", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int(st, 1, s->id);
        sqlite3_bind_text(st, 2, s->table->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, s->path, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, L->rows);
        sqlite3_bind_text(st, 5, sha, -1, SQLITE_STATIC);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    st = NULL;
    sqlite3_stmt *del = NULL;
    if (sqlite3_prepare_v2(db, "DELETE FROM source_columns WHERE src = ?", -1, &del, NULL) == SQLITE_OK) {
        sqlite3_bind_int(del, 1, s->id);
        sqlite3_step(del);
    }
    sqlite3_finalize(del);
    if (!L->field_of_col)
        return;
    if (sqlite3_prepare_v2(db, "INSERT INTO source_columns(src, column_name, colno, header) VALUES (?, ?, ?, ?)",
                           -1, &st, NULL) != SQLITE_OK)
        return;
    for (int c = 0; c < s->table->ncols; c++) {
        if (!L->field_of_col[c])
            continue;
        sqlite3_bind_int(st, 1, s->id);
        sqlite3_bind_text(st, 2, s->table->cols[c].name, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, L->field_of_col[c]);
        sqlite3_bind_text(st, 4, L->header[L->field_of_col[c] - 1], -1, SQLITE_STATIC);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
}

static void loader_free(loader *L)
{
    if (L->q) {
        for (int i = 0; i < NBATCH; i++) {
            free(L->q->b[i].vals);
            free(L->q->b[i].arena);
        }
        pthread_mutex_destroy(&L->q->mu);
        pthread_cond_destroy(&L->q->changed);
        free(L->q);
    }
    sqlite3_free(L->store_error);
    for (int i = 0; i < L->nheader; i++)
        free(L->header[i]);
    free(L->header);
    free(L->col_of_field);
    free(L->next_same);
    free(L->raw);
    free(L->raw_off);
    free(L->field_of_col);
    free(L->vals);
    free(L->arena);
    sqlite3_finalize(L->insert);
}

/* The file's SHA-256 is computed on the second core while the first parses:
 * it is a few percent of a load done in line. */
static void sha_job_steps(void *arg)
{
    sha_job *j = arg;
    sha256_hex_steps(j->buf, j->len, j->hex, sha_step_done, j);
}

static void *sha_job_run(void *arg)
{
    sha_job *j = arg;
    if (mapfile_guard(sha_job_steps, j) != 0)
        j->shrank = 1;
    return NULL;
}

typedef struct {
    loader *L;
    const char *data;
    size_t len;
} parse_job;

/* CPU seconds used so far by the calling thread. */
static double thread_cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void *parse_job_run(void *arg)
{
    parse_job *j = arg;
    loader *L = j->L;
    parse_guarded(L);
    L->parse_cpu = thread_cpu();
    if (L->cur->n)
        queue_give_full(L->q, L->cur);
    else
        queue_give_empty(L->q, L->cur);
    pthread_mutex_lock(&L->q->mu);
    L->q->done = 1;
    pthread_cond_broadcast(&L->q->changed);
    pthread_mutex_unlock(&L->q->mu);
    return NULL;
}

static int queue_init(loader *L)
{
    batch_queue *q = calloc(1, sizeof *q);
    if (!q)
        return 0;
    L->q = q;
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->changed, NULL);
    size_t ncols = (size_t)(L->t->ncols ? L->t->ncols : 1);
    for (int i = 0; i < NBATCH; i++) {
        q->b[i].vals = malloc(BATCH_ROWS * ncols * sizeof *q->b[i].vals);
        if (!q->b[i].vals)
            return 0;
        q->empty[q->nempty++] = i;
    }
    L->cur = &q->b[q->empty[--q->nempty]];
    return 1;
}

/* Parses on a second thread while this one stores; alone if no thread can be made. */
static void parse_and_store(loader *L, const char *data, size_t len)
{
    if (!queue_init(L)) {
        L->out_of_memory = 1;
        return;
    }
    L->data = data;
    L->data_len = len;
    parse_job job = { L, data, len };
    pthread_t parser;
    /* rule functions of computed columns run in Lua, which lives on this thread */
    L->threaded = !L->src->computes && pthread_create(&parser, NULL, parse_job_run, &job) == 0;
    if (!L->threaded) {
        parse_guarded(L);
        batch_store(L, L->cur);
        return;
    }
    double cpu0 = thread_cpu();
    batch *b;
    progress_load(L->path, 0, 0, len);
    while ((b = queue_take_full(L->q)) != NULL) {
        batch_store(L, b);
        queue_give_empty(L->q, b);
        progress_load(L->path, L->rows, L->sha ? atomic_load(&L->sha->parsed) : 0, L->sha ? len : 0);
    }
    pthread_join(parser, NULL);
    /* EVALRUN_TIMING=1: where a load's time goes, for the benchmarks (docs/benchmarks.md) */
    if (getenv("EVALRUN_TIMING"))
        fprintf(stderr, "evalrun: loaded %s: %ld rows, parsing and checking %.3f s CPU, storing %.3f s CPU\n",
                L->path, L->rows, L->parse_cpu, thread_cpu() - cpu0);
}

static int buffer_is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!is_blank_byte((unsigned char)s[i]))
            return 0;
    return 1;
}

/* The first look at a file (under the guard: it reads mapped bytes): its
 * encoding, whether it holds anything, its delimiter. */
typedef struct {
    const char *buf;
    size_t len;
    const char *data;        /* after the BOM */
    size_t dlen;
    int utf16, blank;
    char delim;              /* the source's, or 0: detected here */
} first_look;

static void first_look_run(void *arg)
{
    first_look *f = arg;
    const unsigned char *b = (const unsigned char *)f->buf;
    /* Excel's "Unicode Text" is UTF-16 with a byte order mark; without one, NUL in every other byte */
    if (f->len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
        f->utf16 = 1;
        return;
    }
    if (f->len >= 4) {
        size_t n = f->len < 64 ? f->len & ~(size_t)1 : 64, even = 0, odd = 0;
        for (size_t i = 0; i < n; i += 2) {
            even += b[i] == 0;
            odd += b[i + 1] == 0;
        }
        if ((odd * 4 >= n && even == 0) || (even * 4 >= n && odd == 0)) {
            f->utf16 = 1;
            return;
        }
    }
    /* Excel's "CSV UTF-8" starts with a byte order mark */
    f->data = f->buf;
    f->dlen = f->len;
    if (f->dlen >= 3 && memcmp(f->data, "\xEF\xBB\xBF", 3) == 0) {
        f->data += 3;
        f->dlen -= 3;
    }
    f->blank = buffer_is_blank(f->data, f->dlen);
    if (!f->blank && !f->delim)
        f->delim = delimiter_detect(f->data, f->dlen);
}

long loader_load_source(sqlite3 *db, const source_spec *s, load_checks *checks, errlist *errs)
{
    const char *path = s->path ? s->path : "(inline csv)";
    char *owned = NULL;
    int mapped = 0;
    const char *buf;
    size_t len;
    if (s->text) {
        buf = s->text;
        len = s->textlen;
    } else {
        owned = mapfile_open(path, &len, &mapped, errs);
        if (!owned)
            return -1;
        buf = owned;
    }
    sha_job sha = { .buf = buf, .len = len };
    pthread_t sha_thread;
    int sha_threaded = pthread_create(&sha_thread, NULL, sha_job_run, &sha) == 0;
    if (!sha_threaded)
        sha_job_run(&sha);

    loader L;
    memset(&L, 0, sizeof L);
    L.db = db;
    L.src = s;
    L.t = s->table;
    L.errs = errs;
    L.path = path;
    L.checks = checks;
    L.cs = s->cols;
    if (mapped) {
        L.map = buf;
        L.sha = &sha;
    }
    if (checks)
        checks_source_begin(checks, s);

    first_look look = { .buf = buf, .len = len, .delim = s->delimiter };
    const char *data = NULL;
    size_t dlen = 0;
    if (mapfile_guard(first_look_run, &look) != 0) {
        L.file_shrank = 1;
    } else if (look.utf16) {
        errlist_add(errs, _("%s: the file is in UTF-16 (Excel's \"Unicode Text\"), not UTF-8: open it in Excel "
                    "and save it as \"CSV UTF-8\""), path);
        L.problems++;
    } else if (look.blank) {
        errlist_add(errs, _("%s: the file is empty"), path);
        L.problems++;
    } else {
        data = look.data;
        dlen = look.dlen;
    }
    if (data) {
        L.delim = look.delim;
        int ncols = L.t->ncols;
        L.field_of_col = calloc((size_t)(ncols ? ncols : 1), sizeof *L.field_of_col);
        L.vals = calloc((size_t)(ncols ? ncols : 1), sizeof *L.vals);
        if (!L.field_of_col || !L.vals)
            L.out_of_memory = 1;
        else if (insert_prepare(&L))
            parse_and_store(&L, data, dlen);
        if (L.store_errors) {
            errlist_add(errs, "%s", L.store_error ? L.store_error : "cannot store a row");
            L.problems++;
        }
        if (L.out_of_memory) {
            errlist_add(errs, _("%s: out of memory while loading"), path);
            L.problems++;
        }
        if (L.utf8_lines > LINES_SHOWN)
            errlist_add(errs, _("%s: invalid UTF-8 on %ld more lines (the whole file is probably in another "
                        "encoding: open it in Excel and save it as \"CSV UTF-8\")"),
                        path, L.utf8_lines - LINES_SHOWN);
        if (L.nul_lines > LINES_SHOWN)
            errlist_add(errs, _("%s: NUL bytes on %ld more lines"), path, L.nul_lines - LINES_SHOWN);
        if (!L.problems && L.rows == 0 && L.nheader > 0)
            fprintf(stderr, _("evalrun: warning: %s: the file has a header but no rows: table %s gets no rows from it\n"),
                    path, L.t->name);
    }
    atomic_store_explicit(&sha.parsed, SIZE_MAX, memory_order_release);   /* the hash may finish */
    if (sha_threaded)
        pthread_join(sha_thread, NULL);
    if (L.file_shrank || sha.shrank) {
        errlist_add(errs, _("%s: the file got shorter while it was being read (is another program writing it? "
                    "load it again once it is saved)"), path);
        L.problems++;
    }
    if (checks)
        checks_source_end(checks, L.problems > 0);
    source_record(db, s, &L, sha.hex);
    int disk = (L.store_rc & 0xff) == SQLITE_FULL || (L.store_rc & 0xff) == SQLITE_IOERR;
    long result = L.problems ? (disk ? -2 : -1) : L.rows;
    loader_free(&L);
    if (owned)
        mapfile_close(owned, len, mapped);
    return result;
}

/* }}} */
/* {{{ tables */

const char *coltype_name(coltype t)
{
    static const char *const names[] = { "text", "integer", "number", "bool", "date" };
    return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

static const char *sql_type(coltype t)
{
    switch (t) {
    case COL_TEXT: return "TEXT";   /* no COLLATE vi here: any SQLite tool must open the file; db.rows adds it */
    case COL_INTEGER: return "INTEGER";
    case COL_NUMBER: return "REAL";
    case COL_BOOL: return "INTEGER";
    case COL_DATE: return "TEXT";
    }
    return "";
}

int loader_create_table(sqlite3 *db, const table_spec *t, errlist *errs)
{
    text_register_collation(db);
    char *err = NULL;
    if (sqlite3_exec(db,
                     "CREATE TABLE IF NOT EXISTS sources(id INTEGER PRIMARY KEY, table_name TEXT, path TEXT, "
                     "rows INTEGER, sha256 TEXT);"
                     "CREATE TABLE IF NOT EXISTS source_columns(src INTEGER, column_name TEXT, colno INTEGER, "
                     "header TEXT);",
                     NULL, NULL, &err) != SQLITE_OK) {
        errlist_add(errs, _("cannot create the bookkeeping tables: %s"), err ? err : "?");
        sqlite3_free(err);
        return -1;
    }
    sqlite3_str *sql = sqlite3_str_new(db);
    sqlite3_str_appendf(sql, "CREATE TABLE \"%w\"(_src INTEGER, _line INTEGER", t->name);
    for (int c = 0; c < t->ncols; c++)
        sqlite3_str_appendf(sql, ", \"%w\" %s", t->cols[c].name, sql_type(t->cols[c].type));
    sqlite3_str_appendall(sql, ")");
    char *text = sqlite3_str_finish(sql);
    int rc = text ? sqlite3_exec(db, text, NULL, NULL, &err) : SQLITE_NOMEM;
    sqlite3_free(text);
    if (rc != SQLITE_OK) {
        errlist_add(errs, _("cannot create table %s: %s"), t->name, err ? err : sqlite3_errstr(rc));
        sqlite3_free(err);
        return -1;
    }
    return 0;
}

/* }}} */

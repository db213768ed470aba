/* integrity.c — duplicate keys and unknown references (loader_checks_* in loader.h).
 *
 * Checked while the loader's values pass through (checks_row, on the loader's
 * parsing thread): each table's key goes into a hash set, whose "already
 * there" answer is a duplicate with the place of the first; each referencing
 * value is looked up in the set of the referenced table's key (or of the
 * referenced column). No index, no second pass over millions of rows.
 *
 * A reference into a table not yet completely loaded (a later file, or the
 * table itself: units.parent_id -> units.id) is kept, value and place, and
 * looked up at the end. A reference between columns of different types
 * (where SQLite's own comparison rules apply) is checked with SQL instead.
 * Problems are collected per table and per column and reported at the end in
 * a fixed order, each bucket sorted by place, so the list reads the same
 * whatever order the files were loaded in.
 */
#include "loader.h"
#include "loadrow.h"
#include "keyset.h"
#include "strbuf.h"
#include "i18n.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    sqlite3 *db;
    errlist *errs;
    char **path;         /* [npath] by source id; NULL when unknown */
    int npath;
    int problems;
} checker;

/* {{{ places */

static void paths_load(checker *k)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(k->db, "SELECT id, path FROM sources WHERE id >= 0 ORDER BY id", -1, &st, NULL) != SQLITE_OK)
        return;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int id = sqlite3_column_int(st, 0);
        if (id >= k->npath) {
            int n = id + 16;
            char **p = realloc(k->path, (size_t)n * sizeof *p);
            if (!p)
                break;
            memset(p + k->npath, 0, (size_t)(n - k->npath) * sizeof *p);
            k->path = p;
            k->npath = n;
        }
        const char *text = (const char *)sqlite3_column_text(st, 1);
        free(k->path[id]);
        k->path[id] = text ? strdup(text) : NULL;
    }
    sqlite3_finalize(st);
}

static const char *path_of(const checker *k, int src)
{
    return src >= 0 && src < k->npath && k->path[src] ? k->path[src] : "(unknown file)";
}

/* Field number of `column` in source `src`, 0 when not recorded. */
static int colno_of(const checker *k, int src, const char *column)
{
    sqlite3_stmt *st;
    int colno = 0;
    if (sqlite3_prepare_v2(k->db, "SELECT colno FROM source_columns WHERE src = ? AND column_name = ?",
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_int(st, 1, src);
    sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        colno = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return colno;
}

/* A key value as shown in a message: text in quotes, numbers as they are. */
static void value_append(sqlite3_str *out, sqlite3_value *v)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_NULL: sqlite3_str_appendall(out, "empty"); break;
    case SQLITE_TEXT: sqlite3_str_appendf(out, "\"%s\"", (const char *)sqlite3_value_text(v)); break;
    default: sqlite3_str_appendall(out, (const char *)sqlite3_value_text(v)); break;
    }
}

static int exec_or_report(checker *k, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(k->db, sql, NULL, NULL, &err) == SQLITE_OK)
        return 1;
    errlist_add(k->errs, _("cannot check the loaded data: %s"), err ? err : sqlite3_errmsg(k->db));
    sqlite3_free(err);
    k->problems++;
    return 0;
}

/* }}} */
/* {{{ problems, kept until the end */

typedef struct {
    int src;
    long line;
    char *msg;
} problem_at;

typedef struct {
    problem_at *at;      /* the first ERRLIST_MAX found: the errlist shows no more anyway */
    int n;
    long count;          /* all found */
} bucket;

static void bucket_add(bucket *b, int src, long line, char *msg)
{
    b->count++;
    if (!msg)
        return;
    if (b->n == 0)
        b->at = malloc(ERRLIST_MAX * sizeof *b->at);
    if (!b->at || b->n >= ERRLIST_MAX) {
        free(msg);
        return;
    }
    b->at[b->n++] = (problem_at){ src, line, msg };
}

static int by_place(const void *a, const void *b)
{
    const problem_at *x = a, *y = b;
    if (x->src != y->src)
        return x->src < y->src ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Moves the bucket's problems to errs, in order of place. */
static long bucket_flush(bucket *b, errlist *errs)
{
    if (b->n > 1)
        qsort(b->at, (size_t)b->n, sizeof *b->at, by_place);
    for (int i = 0; i < b->n; i++) {
        errlist_add(errs, "%s", b->at[i].msg);
        free(b->at[i].msg);
    }
    errs->count += b->count - b->n;
    long n = b->count;
    free(b->at);
    *b = (bucket){ 0 };
    return n;
}

static void bucket_free(bucket *b)
{
    for (int i = 0; i < b->n; i++)
        free(b->at[i].msg);
    free(b->at);
}

/* }}} */
/* {{{ values as set members */

/* A value's bytes in a set: a type tag, then the value. Text is NFC already
 * and compared byte by byte, as SQLite's = compares it. */
typedef struct {
    unsigned char *p;
    size_t len, cap;
    unsigned char local[256];
} valbuf;

static int vb_put(valbuf *b, const void *s, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap * 2;
        while (cap < b->len + n)
            cap *= 2;
        unsigned char *q = b->p == b->local ? malloc(cap) : realloc(b->p, cap);
        if (!q)
            return 0;
        if (b->p == b->local)
            memcpy(q, b->local, b->len);
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    return 1;
}

static void vb_init(valbuf *b)
{
    b->p = b->local;
    b->len = 0;
    b->cap = sizeof b->local;
}

static void vb_free(valbuf *b)
{
    if (b->p != b->local)
        free(b->p);
}

static int vb_varint(valbuf *b, uint64_t u)
{
    unsigned char v[10];
    int n = 0;
    do {
        v[n] = (unsigned char)(u & 0x7F);
        u >>= 7;
        if (u)
            v[n] |= 0x80;
        n++;
    } while (u);
    return vb_put(b, v, (size_t)n);
}

static const unsigned char *varint_get(const unsigned char *p, uint64_t *u)
{
    *u = 0;
    for (int shift = 0;; shift += 7) {
        *u |= (uint64_t)(*p & 0x7F) << shift;
        if (!(*p++ & 0x80))
            return p;
    }
}

/* Compact, so that most ids and keys fit in a set's slot whole: text as
 * 't', length, bytes; a whole number as 'i' and a zig-zag varint. */
static int vb_value(valbuf *b, const row_value *v, const char *arena)
{
    unsigned char tag;
    switch (v->kind) {
    case VAL_INT: {
        uint64_t u = v->i < 0 ? ~((uint64_t)v->i << 1) : (uint64_t)v->i << 1;
        tag = 'i';
        return vb_put(b, &tag, 1) && vb_varint(b, u);
    }
    case VAL_REAL: {
        double d = v->d == 0 ? 0.0 : v->d;   /* -0 = 0 */
        tag = 'r';
        return vb_put(b, &tag, 1) && vb_put(b, &d, sizeof d);
    }
    case VAL_TEXT:
        tag = 't';
        return vb_put(b, &tag, 1) && vb_varint(b, v->len) && vb_put(b, arena + v->off, v->len);
    default:
        return 0;
    }
}

/* Appends one member value as a message shows it: text in quotes, numbers as SQLite prints them. */
static const unsigned char *value_show(strbuf *out, const unsigned char *p)
{
    uint64_t u;
    if (*p == 'i') {
        p = varint_get(p + 1, &u);
        long long i = (u & 1) ? (long long)~(u >> 1) : (long long)(u >> 1);
        sb_addf(out, "%lld", i);
        return p;
    }
    if (*p == 'r') {
        double d;
        memcpy(&d, p + 1, sizeof d);
        char num[40];
        snprintf(num, sizeof num, "%.15g", d);
        sb_add(out, num);
        if (strspn(num, "-0123456789") == strlen(num))
            sb_add(out, ".0");          /* as SQLite shows a real: 2023.0 */
        return p + 1 + sizeof d;
    }
    p = varint_get(p + 1, &u);
    sb_addc(out, '"');
    sb_addn(out, (const char *)p, (size_t)u);
    sb_addc(out, '"');
    return p + u;
}

/* }}} */
/* {{{ the checks' state */

typedef struct ref_check ref_check;
typedef struct queued queued;

typedef struct {
    const table_spec *t;
    keyset *key;          /* the key's values, NULL when the table has no key */
    keyset **values;      /* [ncols]: values of a column some reference points to (not the key) */
    int sources_left;     /* sources still to load */
    int bad;              /* one of its sources had problems */
    bucket dups;
} table_check;

typedef struct {
    int src;
    long line;
    int colno;
    size_t off, len;      /* the value's bytes in the pending arena */
} pending_ref;

struct ref_check {
    int table, col;       /* the referencing column */
    int ref;              /* the referenced table, -1 if there is none */
    int ref_col;          /* the referenced column in it, -1 if there is none */
    keyset *set;          /* where its values must be */
    int by_sql;           /* the columns' types differ: SQL compares them at the end */
    char *noun;           /* "unit id" */
    int pending_now;      /* the current source keeps its values for the end */
    pending_ref *pend;
    size_t npend, pend_cap;
    unsigned char *parena;
    size_t parena_len, parena_cap;
    unsigned char *last_ok;   /* the last value found: rows often repeat it */
    size_t last_len, last_cap;
    bucket problems;
};

struct load_checks {
    table_check *tables;
    int ntables;
    ref_check *refs;
    int nrefs;
    char **path;          /* [npath] by source id */
    int npath;
    /* the source being loaded */
    int cur;              /* table index, -1 when none */
    int src;
    const char *cur_path;
    queued *q;            /* values waiting for their sets (checks_flush) */
    int nq, qcap, qrows;
    unsigned char *qb;
    size_t qb_len, qb_cap;
    int out_of_memory;
};

static int table_index(const load_checks *c, const char *name)
{
    for (int i = 0; i < c->ntables; i++)
        if (strcmp(c->tables[i].t->name, name) == 0)
            return i;
    return -1;
}

static int column_index(const table_spec *t, const char *name)
{
    for (int i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i].name, name) == 0)
            return i;
    return -1;
}

/* "unit id" for units.id, "person id" for people.id: what an office user calls it. */
static char *ref_noun(const char *table, const char *column)
{
    size_t n = strlen(table);
    if (strcmp(table, "people") == 0)
        return sqlite3_mprintf("person %s", column);
    if (n > 1 && table[n - 1] == 's')
        return sqlite3_mprintf("%.*s %s", (int)(n - 1), table, column);
    return sqlite3_mprintf("%s %s", table, column);
}

/* Where the values of a reference must be: the referenced table's key set
 * when the column is its whole key, else a set of that column's values. */
static int ref_resolve(load_checks *c, ref_check *r)
{
    const column_spec *col = &c->tables[r->table].t->cols[r->col];
    r->noun = ref_noun(col->ref_table, col->ref_column);
    r->ref = table_index(c, col->ref_table);
    if (r->ref < 0)
        return 1;
    table_check *rt = &c->tables[r->ref];
    r->ref_col = column_index(rt->t, col->ref_column);
    if (r->ref_col < 0)
        return 1;
    if (rt->t->cols[r->ref_col].type != col->type) {
        r->by_sql = 1;
        return 1;
    }
    if (rt->key && rt->t->nkey == 1 && rt->t->key[0] == r->ref_col) {
        r->set = rt->key;
        return 1;
    }
    if (!rt->values[r->ref_col])
        rt->values[r->ref_col] = keyset_new();
    r->set = rt->values[r->ref_col];
    return r->set != NULL;
}

load_checks *loader_checks_new(const table_spec *const *tables, const int *nsources, int ntables)
{
    load_checks *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->cur = -1;
    c->tables = calloc((size_t)(ntables ? ntables : 1), sizeof *c->tables);
    int ok = c->tables != NULL;
    c->ntables = ok ? ntables : 0;
    int nrefs = 0;
    for (int i = 0; ok && i < ntables; i++) {
        table_check *tc = &c->tables[i];
        tc->t = tables[i];
        tc->sources_left = nsources[i];
        tc->values = calloc((size_t)(tc->t->ncols ? tc->t->ncols : 1), sizeof *tc->values);
        ok = tc->values && (tc->t->nkey == 0 || (tc->key = keyset_new()) != NULL);
        for (int k = 0; k < tc->t->ncols; k++)
            nrefs += tc->t->cols[k].ref_table != NULL;
    }
    c->refs = ok ? calloc((size_t)(nrefs ? nrefs : 1), sizeof *c->refs) : NULL;
    ok = ok && c->refs;
    for (int i = 0; ok && i < ntables; i++)
        for (int k = 0; ok && k < tables[i]->ncols; k++) {
            if (!tables[i]->cols[k].ref_table)
                continue;
            ref_check *r = &c->refs[c->nrefs++];
            r->table = i;
            r->col = k;
            r->ref = r->ref_col = -1;
            ok = ref_resolve(c, r);
        }
    if (!ok) {
        loader_checks_free(c);
        return NULL;
    }
    return c;
}

void loader_checks_free(load_checks *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->ntables; i++) {
        table_check *tc = &c->tables[i];
        keyset_free(tc->key);
        for (int k = 0; tc->values && k < tc->t->ncols; k++)
            keyset_free(tc->values[k]);
        free(tc->values);
        bucket_free(&tc->dups);
    }
    free(c->tables);
    for (int i = 0; i < c->nrefs; i++) {
        ref_check *r = &c->refs[i];
        sqlite3_free(r->noun);
        free(r->pend);
        free(r->parena);
        free(r->last_ok);
        bucket_free(&r->problems);
    }
    free(c->refs);
    free(c->q);
    free(c->qb);
    for (int i = 0; i < c->npath; i++)
        free(c->path[i]);
    free(c->path);
    free(c);
}

static const char *path_at(const load_checks *c, int src)
{
    return src >= 0 && src < c->npath && c->path[src] ? c->path[src] : "(unknown file)";
}

/* }}} */
/* {{{ row by row, on the loader's thread */

void checks_source_begin(load_checks *c, const source_spec *s)
{
    c->cur = table_index(c, s->table->name);
    c->src = s->id;
    c->cur_path = s->path ? s->path : "(inline csv)";
    if (s->id >= c->npath) {
        int n = s->id + 16;
        char **p = realloc(c->path, (size_t)n * sizeof *p);
        if (!p) {
            c->out_of_memory = 1;
            return;
        }
        memset(p + c->npath, 0, (size_t)(n - c->npath) * sizeof *p);
        c->path = p;
        c->npath = n;
    }
    if (s->id >= 0 && !c->path[s->id])
        c->path[s->id] = strdup(c->cur_path);
    for (int i = 0; i < c->nrefs; i++) {
        ref_check *r = &c->refs[i];
        if (r->table == c->cur && r->ref >= 0)
            r->pending_now = c->tables[r->ref].sources_left > 0;
    }
}

static void checks_flush(load_checks *c);

/* The loader's estimate of the rows still to come in this source: the sets grow once. */
void checks_expect_rows(load_checks *c, size_t more)
{
    if (c->cur < 0)
        return;
    table_check *tc = &c->tables[c->cur];
    if (tc->key && keyset_reserve(tc->key, more) != 0)
        c->out_of_memory = 1;
    for (int k = 0; k < tc->t->ncols; k++)
        if (tc->values[k] && keyset_reserve(tc->values[k], more) != 0)
            c->out_of_memory = 1;
}

void checks_source_end(load_checks *c, int had_problems)
{
    if (c->cur < 0)
        return;
    checks_flush(c);
    table_check *tc = &c->tables[c->cur];
    tc->sources_left--;
    if (had_problems)
        tc->bad = 1;
    c->cur = -1;
}

static void ref_missing(ref_check *r, const load_checks *c, int src, long line, int colno, const unsigned char *value)
{
    const column_spec *col = &c->tables[r->table].t->cols[r->col];
    strbuf m = { 0 };
    sb_addf(&m, "%s:%ld", path_at(c, src), line);
    if (colno)
        sb_addf(&m, ":%d", colno);
    sb_addf(&m, ": unknown %s ", r->noun ? r->noun : col->ref_column);
    value_show(&m, value);
    sb_addf(&m, " (%s.%s)", col->ref_table, col->ref_column);
    bucket_add(&r->problems, src, line, m.s);
}

/* A value waiting for its set: queued with its hash, its slot asked for at
 * once, looked at AHEAD_ROWS rows later when the slot is in the cache. */
#define AHEAD_ROWS 16

enum { Q_KEY = -1, Q_VALUES = -2 };

struct queued {
    keyset *set;
    uint64_t h;
    size_t off, len;      /* bytes in the queue's arena */
    int what;             /* Q_KEY, Q_VALUES, or the index of a reference check */
    long line;
    int colno;
};

static void enqueue(load_checks *c, keyset *set, const valbuf *b, int what, long line, int colno)
{
    if (c->nq == c->qcap) {
        int cap = c->qcap ? c->qcap * 2 : 64;
        queued *q = realloc(c->q, (size_t)cap * sizeof *q);
        if (!q) {
            c->out_of_memory = 1;
            return;
        }
        c->q = q;
        c->qcap = cap;
    }
    if (c->qb_len + b->len > c->qb_cap) {
        size_t cap = c->qb_cap ? c->qb_cap * 2 : 4096;
        while (cap < c->qb_len + b->len)
            cap *= 2;
        unsigned char *a = realloc(c->qb, cap);
        if (!a) {
            c->out_of_memory = 1;
            return;
        }
        c->qb = a;
        c->qb_cap = cap;
    }
    memcpy(c->qb + c->qb_len, b->p, b->len);
    uint64_t h = keyset_hash(b->p, b->len);
    keyset_prefetch(set, h);
    c->q[c->nq++] = (queued){ set, h, c->qb_len, b->len, what, line, colno };
    c->qb_len += b->len;
}

static void duplicate_found(load_checks *c, table_check *tc, const unsigned char *key, long line, keyset_place first)
{
    const table_spec *t = tc->t;
    strbuf m = { 0 };
    sb_addf(&m, "%s:%ld: duplicate key (", c->cur_path, line);
    for (int i = 0; i < t->nkey; i++)
        sb_addf(&m, "%s\"%s\"", i ? ", " : "", t->cols[t->key[i]].name);
    sb_add(&m, ") = (");
    for (int i = 0; i < t->nkey; i++) {
        if (i)
            sb_add(&m, ", ");
        key = value_show(&m, key);
    }
    sb_addf(&m, ") in table %s: also at %s:%ld", t->name, path_at(c, first.src), first.line);
    bucket_add(&tc->dups, c->src, line, m.s);
}

static void remember_found(ref_check *r, const unsigned char *b, size_t len)
{
    if (len > r->last_cap) {
        unsigned char *q = realloc(r->last_ok, len);
        if (!q)
            return;
        r->last_ok = q;
        r->last_cap = len;
    }
    memcpy(r->last_ok, b, len);
    r->last_len = len;
}

/* Looks every queued value up, in the order the rows came. */
static void checks_flush(load_checks *c)
{
    for (int i = 0; i < c->nq; i++) {
        const queued *q = &c->q[i];
        const unsigned char *b = c->qb + q->off;
        keyset_place first;
        if (q->what == Q_KEY) {
            int added = keyset_add_h(q->set, q->h, b, q->len, (keyset_place){ c->src, q->line }, &first);
            if (added < 0)
                c->out_of_memory = 1;
            else if (added == 0)
                duplicate_found(c, &c->tables[c->cur], b, q->line, first);
        } else if (q->what == Q_VALUES) {
            if (keyset_add_h(q->set, q->h, b, q->len, (keyset_place){ c->src, q->line }, NULL) < 0)
                c->out_of_memory = 1;
        } else {
            ref_check *r = &c->refs[q->what];
            if (keyset_has_h(q->set, q->h, b, q->len))
                remember_found(r, b, q->len);
            else if (!c->tables[r->ref].bad)
                ref_missing(r, c, c->src, q->line, q->colno, b);
        }
    }
    c->nq = 0;
    c->qb_len = 0;
    c->qrows = 0;
}

static int pending_keep(ref_check *r, int src, long line, int colno, const valbuf *b)
{
    if (r->npend == r->pend_cap) {
        size_t cap = r->pend_cap ? r->pend_cap * 2 : 256;
        pending_ref *p = realloc(r->pend, cap * sizeof *p);
        if (!p)
            return 0;
        r->pend = p;
        r->pend_cap = cap;
    }
    if (r->parena_len + b->len > r->parena_cap) {
        size_t cap = r->parena_cap ? r->parena_cap * 2 : 4096;
        while (cap < r->parena_len + b->len)
            cap *= 2;
        unsigned char *a = realloc(r->parena, cap);
        if (!a)
            return 0;
        r->parena = a;
        r->parena_cap = cap;
    }
    memcpy(r->parena + r->parena_len, b->p, b->len);
    r->pend[r->npend++] = (pending_ref){ src, line, colno, r->parena_len, b->len };
    r->parena_len += b->len;
    return 1;
}

void checks_row(load_checks *c, const int *field_of_col, const row_value *vals, const char *arena, long line)
{
    if (c->cur < 0)
        return;
    table_check *tc = &c->tables[c->cur];
    const table_spec *t = tc->t;
    valbuf b;
    vb_init(&b);
    if (tc->key) {
        int ok = 1;
        for (int i = 0; ok && i < t->nkey; i++)
            ok = vb_value(&b, &vals[t->key[i]], arena);   /* empty or bad: no key to compare */
        if (ok)
            enqueue(c, tc->key, &b, Q_KEY, line, 0);
    }
    for (int k = 0; k < t->ncols; k++) {
        b.len = 0;
        if (tc->values[k] && vb_value(&b, &vals[k], arena))
            enqueue(c, tc->values[k], &b, Q_VALUES, line, 0);
    }
    for (int i = 0; i < c->nrefs; i++) {
        ref_check *r = &c->refs[i];
        if (r->table != c->cur || !r->set || r->by_sql)
            continue;
        b.len = 0;
        if (!vb_value(&b, &vals[r->col], arena))
            continue;                       /* empty or bad: nothing to look up */
        if (r->last_ok && r->last_len == b.len && memcmp(r->last_ok, b.p, b.len) == 0)
            continue;                       /* rows often repeat the value just found */
        if (r->pending_now) {
            if (!pending_keep(r, c->src, line, field_of_col[r->col], &b))
                c->out_of_memory = 1;
        } else {
            enqueue(c, r->set, &b, i, line, field_of_col[r->col]);
        }
    }
    vb_free(&b);
    if (++c->qrows == AHEAD_ROWS)
        checks_flush(c);
}

/* }}} */
/* {{{ references between columns of different types: SQL */

static void check_reference(checker *k, const table_spec *t, const column_spec *c)
{
    char *index = sqlite3_mprintf("CREATE INDEX IF NOT EXISTS \"%w__%w\" ON \"%w\"(\"%w\")",
                                  c->ref_table, c->ref_column, c->ref_table, c->ref_column);
    int ok = index && exec_or_report(k, index);
    sqlite3_free(index);
    if (!ok)
        return;
    char *sql = sqlite3_mprintf("SELECT _src, _line, \"%w\" FROM \"%w\" AS t WHERE \"%w\" IS NOT NULL "
                                "AND NOT EXISTS (SELECT 1 FROM \"%w\" AS r WHERE r.\"%w\" = t.\"%w\") "
                                "ORDER BY _src, _line",
                                c->name, t->name, c->name, c->ref_table, c->ref_column, c->name);
    sqlite3_stmt *st = NULL;
    if (!sql || sqlite3_prepare_v2(k->db, sql, -1, &st, NULL) != SQLITE_OK) {
        errlist_add(k->errs, _("cannot check %s.%s against %s.%s: %s"), t->name, c->name, c->ref_table,
                    c->ref_column, sqlite3_errmsg(k->db));
        k->problems++;
        sqlite3_free(sql);
        return;
    }
    sqlite3_free(sql);
    char *noun = ref_noun(c->ref_table, c->ref_column);
    int last_src = -1, colno = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int src = sqlite3_column_int(st, 0);
        long line = (long)sqlite3_column_int64(st, 1);
        if (src != last_src) {
            colno = colno_of(k, src, c->name);
            last_src = src;
        }
        sqlite3_str *value = sqlite3_str_new(k->db);
        value_append(value, sqlite3_column_value(st, 2));
        char *shown = sqlite3_str_finish(value);
        if (colno)
            errlist_add(k->errs, _("%s:%ld:%d: unknown %s %s (%s.%s)"), path_of(k, src), line, colno,
                        noun ? noun : c->ref_column, shown ? shown : "", c->ref_table, c->ref_column);
        else
            errlist_add(k->errs, _("%s:%ld: unknown %s %s (%s.%s)"), path_of(k, src), line,
                        noun ? noun : c->ref_column, shown ? shown : "", c->ref_table, c->ref_column);
        sqlite3_free(shown);
        k->problems++;
    }
    sqlite3_free(noun);
    sqlite3_finalize(st);
}

/* }}} */

/* {{{ at the end */

static void pending_resolve(load_checks *c, ref_check *r)
{
    if (r->ref >= 0 && !c->tables[r->ref].bad)
        for (size_t i = 0; i < r->npend; i++) {
            const pending_ref *p = &r->pend[i];
            if (!keyset_has(r->set, r->parena + p->off, p->len))
                ref_missing(r, c, p->src, p->line, p->colno, r->parena + p->off);
        }
    free(r->pend);
    free(r->parena);
    r->pend = NULL;
    r->parena = NULL;
    r->npend = r->pend_cap = r->parena_len = r->parena_cap = 0;
}

int loader_checks_finish(sqlite3 *db, load_checks *c, errlist *errs)
{
    long problems = 0;
    if (c->out_of_memory) {
        errlist_add(errs, _("out of memory while checking keys and references"));
        problems++;
    }
    for (int i = 0; i < c->ntables; i++)
        problems += bucket_flush(&c->tables[i].dups, errs);
    checker k = { db, errs, NULL, 0, 0 };
    for (int i = 0; i < c->nrefs; i++) {
        ref_check *r = &c->refs[i];
        const table_spec *t = c->tables[r->table].t;
        const column_spec *col = &t->cols[r->col];
        if (r->ref < 0 || r->ref_col < 0) {
            errlist_add(errs, _("table %s: column %s refers to %s.%s, but there is no %s %s"), t->name, col->name,
                        col->ref_table, col->ref_column, r->ref < 0 ? "table" : "column",
                        r->ref < 0 ? col->ref_table : col->ref_column);
            problems++;
            continue;
        }
        if (r->by_sql) {
            if (c->tables[r->ref].bad || c->tables[r->table].bad)
                continue;
            if (!k.path)
                paths_load(&k);
            check_reference(&k, t, col);
            continue;
        }
        pending_resolve(c, r);
        problems += bucket_flush(&r->problems, errs);
    }
    problems += k.problems;
    for (int i = 0; i < k.npath; i++)
        free(k.path[i]);
    free(k.path);
    return problems > 0x7fffffff ? 0x7fffffff : (int)problems;
}

int loader_key_index(sqlite3 *db, table_spec *t)
{
    if (t->nkey <= 0 || t->key_indexed)
        return 0;
    sqlite3_str *sql = sqlite3_str_new(db);
    sqlite3_str_appendf(sql, "CREATE INDEX IF NOT EXISTS \"%w__key\" ON \"%w\"(", t->name, t->name);
    for (int i = 0; i < t->nkey; i++)
        sqlite3_str_appendf(sql, "%s\"%w\"", i ? ", " : "", t->cols[t->key[i]].name);
    sqlite3_str_appendall(sql, ")");
    char *text = sqlite3_str_finish(sql);
    int rc = text ? sqlite3_exec(db, text, NULL, NULL, NULL) : SQLITE_NOMEM;
    sqlite3_free(text);
    t->key_indexed = rc == SQLITE_OK;
    return rc == SQLITE_OK ? 0 : -1;
}

/* }}} */

/* schema.h — the shape of a table the loader fills, and of a source that fills it.
 *
 * Both are built by the sandbox from the rule file's define_table{} and
 * source{} calls (see docs/rules.md); the loader only reads them.
 */
#ifndef EVALRUN_SCHEMA_H
#define EVALRUN_SCHEMA_H

#include <stddef.h>

/* COL_DATE is stored as ISO text, YYYY-MM-DD, from any of the source's date formats (date.h). */
typedef enum { COL_TEXT, COL_INTEGER, COL_NUMBER, COL_BOOL, COL_DATE } coltype;

typedef struct column_spec {
    char *name;        /* canonical column name: [a-z_][a-z0-9_]* */
    coltype type;
    int required;      /* an empty cell is an error */
    char *ref_table;   /* NULL, or the table whose key this column references */
    char *ref_column;
} column_spec;

typedef struct table_spec {
    char *name;
    column_spec *cols;
    int ncols;
    int *key;          /* indexes into cols; nkey == 0: no key */
    int nkey;
    char **indexes;    /* extra indexes the rules asked for: each a quoted column list, "\"a\",\"b\"" */
    int nindexes;
    int key_indexed;   /* the key's index "<name>__key" exists (made on first lookup: loader_key_index) */
} table_spec;

typedef enum { NUM_PLAIN, NUM_VI } numfmt;

/* A value a rule file gave for a column (a constant, or the result of a value map), already of
 * the column's type: NULL, an integer (integer and bool columns), a number, or text (text and
 * date columns; dates as YYYY-MM-DD). */
typedef struct fixed_value {
    int kind;                  /* FIXED_NULL, FIXED_INT, FIXED_REAL, FIXED_TEXT */
    long long i;
    double d;
    char *text;
    size_t len;
} fixed_value;
enum { FIXED_NULL, FIXED_INT, FIXED_REAL, FIXED_TEXT };

/* One word of a value map: the cell's text as the office writes it → the library's value. */
typedef struct map_entry {
    char *word;                /* as the rule file wrote it (for messages) */
    char *folded;              /* NFC and case-folded: what a cell is compared by */
    size_t folded_len;
    fixed_value value;
} map_entry;

/* Where a column's values come from, when not simply from its header's cells. */
typedef enum {
    FROM_FILE,                 /* the cell of its header (through `map` when there is one) */
    FROM_VALUE,                /* the same value on every row: `value` */
    FROM_LINE,                 /* the row's line number in the file */
    FROM_COMPUTE               /* a rule function of the row's cells (source_spec.compute) */
} column_from;

typedef struct source_column {
    column_from from;
    map_entry *map;            /* sorted by folded; NULL: the cell as it is */
    int nmap;
    char *map_words;           /* the words, for the message about a word not in the map */
    fixed_value value;         /* FROM_VALUE */
    unsigned dates;            /* DATE_* formats a date column accepts (0: the source's) */
    int compute_ref;           /* FROM_COMPUTE: the function, for source_spec.compute */
} source_column;

/* The result of a computed column, as the rule function returned it. */
typedef struct computed_value {
    int kind;                  /* COMPUTED_NIL, _TEXT, _INT, _REAL, _BOOL */
    long long i;
    double d;
    const char *text;          /* valid until the next call */
    size_t len;
    char err[512];             /* the message when the function failed */
} computed_value;
enum { COMPUTED_NIL, COMPUTED_TEXT, COMPUTED_INT, COMPUTED_REAL, COMPUTED_BOOL };

/* Calls the rule function of column `col` for the row at `line`. header[i] and cell[i] (NUL
 * terminated, trimmed, NFC) are the file's headers and the row's cells; `field` is the 1-based
 * field of the column's own header, 0 if it names none. Returns 0, -1 when the function failed
 * (message in out->err), -2 when the run must stop (a limit: message in out->err). */
typedef int (*compute_fn)(void *arg, int ref, long line, int nfields, char *const *header,
                          const char *const *cell, int field, computed_value *out);

typedef struct source_spec {
    int id;                    /* 1-based, stored in each row's _src */
    const table_spec *table;
    char *path;                /* file as named in messages, e.g. "data/quangbinh/targets.csv";
                                  for inline text: "rules/x.lua:LINE (inline csv)" */
    char *text;                /* inline CSV text, or NULL to read `path` */
    size_t textlen;
    char delimiter;            /* ',', ';', '\t', or 0 = detect from the header line */
    numfmt numbers;
    char **headers;            /* [table->ncols]: header text for each column, NULL = the column's own name */
    char *declared_at;         /* "rules/x.lua:12", where source{} was called */
    unsigned dates;            /* DATE_* formats its date columns accept */
    source_column *cols;       /* [table->ncols], or NULL when every column is read as it is */
    int computes;              /* some column is FROM_COMPUTE: parsed on the calling thread */
    compute_fn compute;
    void *compute_arg;
} source_spec;

const char *coltype_name(coltype t);

#endif

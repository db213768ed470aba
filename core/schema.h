/* schema.h — the shape of a table the loader fills, and of a source that fills it.
 *
 * Both are built by the sandbox from the rule file's define_table{} and
 * source{} calls (see docs/rules.md); the loader only reads them.
 */
#ifndef EVALRUN_SCHEMA_H
#define EVALRUN_SCHEMA_H

#include <stddef.h>

typedef enum { COL_TEXT, COL_INTEGER, COL_NUMBER, COL_BOOL } coltype;

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
} source_spec;

const char *coltype_name(coltype t);

#endif

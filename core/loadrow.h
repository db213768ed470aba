/* loadrow.h — one row as the loader typed it, shared by loader.c and the
 * key and reference checks in integrity.c. Internal to the loader. */
#ifndef EVALRUN_LOADROW_H
#define EVALRUN_LOADROW_H

#include <stddef.h>

typedef enum {
    VAL_NULL,     /* empty cell (or a column the file does not have) */
    VAL_INT,
    VAL_REAL,
    VAL_TEXT,     /* off, len: bytes in the row's arena, NFC, NUL after them */
    VAL_BAD       /* a problem already reported: not empty, but no value to check */
} val_kind;

typedef struct {
    val_kind kind;
    long long i;
    double d;
    size_t off, len;
} row_value;

/* The key and reference checks, fed by the loader row by row (integrity.c).
 * All run on the loader's parsing thread; loader_checks_finish on the caller's. */
struct load_checks;
struct source_spec;
void checks_source_begin(struct load_checks *c, const struct source_spec *s);
void checks_row(struct load_checks *c, const int *field_of_col, const row_value *vals, const char *arena, long line);
void checks_expect_rows(struct load_checks *c, size_t more);
void checks_source_end(struct load_checks *c, int had_problems);

#endif

/* date.h — dates as offices type them: 20/06/2009, 1/7/2025, 2009-06-20.
 * A date column stores them as ISO text, YYYY-MM-DD (docs/data-formats.md). */
#ifndef EVALRUN_DATE_H
#define EVALRUN_DATE_H

#include <stddef.h>

enum {
    DATE_DMY2 = 1,       /* dd/mm/yyyy: 20/06/2009 (two-digit day and month) */
    DATE_DMY = 2,        /* d/m/yyyy: 1/7/2025 and 20/06/2009 */
    DATE_ISO = 4,        /* yyyy-mm-dd: 2009-06-20 */
    DATE_DMY_DASH = 8,   /* dd-mm-yyyy: 20-06-2009 */
    DATE_DMY_DOT = 16,   /* dd.mm.yyyy: 20.06.2009 */
};
/* What a date column takes when its source names no format. */
#define DATE_DEFAULT (DATE_DMY | DATE_ISO)

/* Parses s[0..len) in one of the formats in `formats`; writes "YYYY-MM-DD" and a NUL into
 * out[11]. Returns 1, or 0 when it is not a date in those formats or no such day exists. */
int date_parse(const char *s, size_t len, unsigned formats, char out[11]);

/* The format named by a rule file ("dd/mm/yyyy", "d/m/yyyy", "yyyy-mm-dd", "dd-mm-yyyy",
 * "dd.mm.yyyy"), or 0. */
unsigned date_format_named(const char *name);

/* The formats as examples for a message: "20/06/2009, 1/7/2025 or 2009-06-20". */
void date_formats_shown(unsigned formats, char *out, size_t size);

#endif

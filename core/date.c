/* date.c — dates as offices type them (see date.h). */
#include "date.h"

#include <stdio.h>
#include <string.h>

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int valid_day(int y, int m, int d)
{
    static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (y < 1 || m < 1 || m > 12 || d < 1) return 0;
    return d <= mdays[m - 1] + (m == 2 && leap(y));
}

/* Reads 1..max digits at *p; returns the count read (0: none), the number in *v. */
static int digits(const char **p, const char *end, int max, int *v)
{
    int n = 0;
    *v = 0;
    while (*p < end && n < max && **p >= '0' && **p <= '9') { *v = *v * 10 + (**p - '0'); (*p)++; n++; }
    return n;
}

/* d{sep}m{sep}yyyy, with 1 or 2 digits for d and m (exactly 2 when `two`). */
static int parse_dmy(const char *s, const char *end, char sep, int two, int *y, int *m, int *d)
{
    const char *p = s;
    int nd = digits(&p, end, 2, d);
    if (!nd || (two && nd != 2) || p >= end || *p++ != sep) return 0;
    int nm = digits(&p, end, 2, m);
    if (!nm || (two && nm != 2) || p >= end || *p++ != sep) return 0;
    return digits(&p, end, 4, y) == 4 && p == end;
}

int date_parse(const char *s, size_t len, unsigned formats, char out[11])
{
    const char *end = s + len;
    int y = 0, m = 0, d = 0, ok = 0;
    if (!ok && (formats & DATE_ISO)) {
        const char *p = s;
        ok = digits(&p, end, 4, &y) == 4 && p < end && *p++ == '-' && digits(&p, end, 2, &m) == 2 && p < end &&
             *p++ == '-' && digits(&p, end, 2, &d) == 2 && p == end;
    }
    if (!ok && (formats & DATE_DMY)) ok = parse_dmy(s, end, '/', 0, &y, &m, &d);
    if (!ok && (formats & DATE_DMY2)) ok = parse_dmy(s, end, '/', 1, &y, &m, &d);
    if (!ok && (formats & DATE_DMY_DASH)) ok = parse_dmy(s, end, '-', 1, &y, &m, &d);
    if (!ok && (formats & DATE_DMY_DOT)) ok = parse_dmy(s, end, '.', 1, &y, &m, &d);
    if (!ok || !valid_day(y, m, d)) return 0;
    /* y < 10000, m and d checked: exactly ten characters */
    out[0] = (char)('0' + y / 1000); out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10); out[3] = (char)('0' + y % 10); out[4] = '-';
    out[5] = (char)('0' + m / 10); out[6] = (char)('0' + m % 10); out[7] = '-';
    out[8] = (char)('0' + d / 10); out[9] = (char)('0' + d % 10); out[10] = 0;
    return 1;
}

static const struct { const char *name; unsigned bit; const char *example; } FORMATS[] = {
    { "dd/mm/yyyy", DATE_DMY2, "20/06/2009" },
    { "d/m/yyyy", DATE_DMY, "1/7/2025" },
    { "yyyy-mm-dd", DATE_ISO, "2009-06-20" },
    { "dd-mm-yyyy", DATE_DMY_DASH, "20-06-2009" },
    { "dd.mm.yyyy", DATE_DMY_DOT, "20.06.2009" },
};
#define NFORMATS (sizeof FORMATS / sizeof FORMATS[0])

unsigned date_format_named(const char *name)
{
    for (size_t i = 0; name && i < NFORMATS; i++)
        if (strcmp(name, FORMATS[i].name) == 0) return FORMATS[i].bit;
    return 0;
}

void date_formats_shown(unsigned formats, char *out, size_t size)
{
    const char *shown[NFORMATS];
    int n = 0;
    for (size_t i = 0; i < NFORMATS; i++) {
        if (!(formats & FORMATS[i].bit)) continue;
        /* d/m/yyyy takes dd/mm/yyyy too: show both kinds of day */
        if (FORMATS[i].bit == DATE_DMY2 && (formats & DATE_DMY)) continue;
        if (FORMATS[i].bit == DATE_DMY) shown[n++] = "20/06/2009, 1/7/2025";
        else shown[n++] = FORMATS[i].example;
    }
    size_t at = 0;
    out[0] = 0;
    for (int i = 0; i < n && at < size; i++)
        at += (size_t)snprintf(out + at, size - at, "%s%s", i == 0 ? "" : i == n - 1 ? " or " : ", ", shown[i]);
}

/* number.h — numbers as offices type them.
 *
 * plain: 20360, -0.95, 110.05, 1e3 is NOT accepted (offices never type it).
 * vi:    20.360, 1.640.539 (dots group thousands, groups of exactly three),
 *        110,05 and -0,95 (comma is the decimal mark); amounts in words as
 *        offices write them: "1.640 tỷ 539 triệu" (1640539000000), "62 nghìn",
 *        "05 nghìn 700" (nghìn/ngàn 10^3, triệu 10^6, tỷ/tỉ 10^9, NFC or NFD).
 * Both:  surrounding spaces ignored; a trailing '%' (with optional space) ignored,
 *        so a printed percentage "110,05%" reads as 110.05; a leading '+' allowed.
 */
#ifndef EVALRUN_NUMBER_H
#define EVALRUN_NUMBER_H

#include <stddef.h>
#include "schema.h"

typedef enum {
    NUMBER_OK = 0,     /* *out set */
    NUMBER_EMPTY,      /* only spaces: the caller decides (NULL, or required error) */
    NUMBER_BAD         /* not a number in this format */
} number_status;

/* Parses s[0..len) in format fmt into *out. Never reads past len. */
number_status number_parse(const char *s, size_t len, numfmt fmt, double *out);
/* Same for whole numbers: "2.023" in vi is 2023; "12,5" is NUMBER_BAD. */
number_status integer_parse(const char *s, size_t len, numfmt fmt, long long *out);

/* Room for any double written by number_format_vi: 309 digits, their 102 dots, a sign, the
 * comma and 17 decimals. */
#define NUMBER_VI_MAX 448

/* Formats x the Vietnamese way into buf: 20360 -> "20.360", 110.05 (2 decimals) -> "110,05".
 * decimals < 0: as many as needed up to 6, trailing zeros dropped. Returns buf. */
char *number_format_vi(double x, int decimals, char *buf, size_t size);
/* What snprintf "%.*f" writes (decimals from 0), without printf for the usual figures. */
int number_fixed(char *out, size_t size, int decimals, double x);
/* The fewest decimal places, up to 6, that hold x exactly as a double (n / 10^k with n below
 * 1e15): 110.05 -> 2, 968 -> 0; -1 for longer fractions, NaN, infinities and huge figures. */
int number_places(double x);
/* x as "%.15g" writes it, into out (32 bytes), when x is a decimal of at most 6 places between
 * 1e-4 and 1e15; else 0 and nothing written. Returns the length. */
size_t number_short_g15(double x, char *out);
/* The same, with decimals < 0 meaning as many as needed up to `upto`. */
char *number_format_vi_upto(double x, int decimals, int upto, char *buf, size_t size);

#endif

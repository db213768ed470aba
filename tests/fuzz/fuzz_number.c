/* fuzz_number.c — libFuzzer target for the number parser (core/number.c).
 *
 * Any bytes, in both formats: the parser must never read past the end (ASan),
 * never do undefined arithmetic (UBSan), accept only finite numbers, and
 * agree with itself: a whole number it reads in vi format, printed the vi way
 * and read again, is the same number.
 *   make fuzz        (each target for a few minutes; make test runs a few seconds)
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a copy of exactly `size` bytes: a read past it is caught */
    char *s = malloc(size ? size : 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    for (int f = 0; f < 2; f++) {
        numfmt fmt = f ? NUM_VI : NUM_PLAIN;
        double d;
        if (number_parse(s, size, fmt, &d) == NUMBER_OK && !isfinite(d))
            abort();
        long long i;
        if (integer_parse(s, size, fmt, &i) == NUMBER_OK && fmt == NUM_VI && llabs(i) < 1000000000000000LL) {
            char buf[64];
            number_format_vi((double)i, 0, buf, sizeof buf);
            long long back;
            if (integer_parse(buf, strlen(buf), NUM_VI, &back) != NUMBER_OK || back != i)
                abort();
        }
    }
    free(s);
    return 0;
}

/* unit.h — the smallest test harness that prints what failed and where. */
#ifndef EVALRUN_UNIT_H
#define EVALRUN_UNIT_H
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

static int unit_failures, unit_checks;

#define CHECK(cond) do { unit_checks++; if (!(cond)) { unit_failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_STR(got, want) do { unit_checks++; const char *g_ = (got), *w_ = (want); \
    if (!g_ || strcmp(g_, w_) != 0) { unit_failures++; \
    fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, g_ ? g_ : "(null)", w_); } } while (0)
#define CHECK_NUM(got, want) do { unit_checks++; double g_ = (got), w_ = (want); \
    if (!(g_ - w_ < 1e-9 && w_ - g_ < 1e-9)) { unit_failures++; \
    fprintf(stderr, "%s:%d: got %.10g, want %.10g\n", __FILE__, __LINE__, g_, w_); } } while (0)
#define UNIT_DONE() do { printf("%d checks, %d failed\n", unit_checks, unit_failures); \
    return unit_failures ? 1 : 0; } while (0)
#endif

/* profile.c — see profile.h. A sampling profile of the rules' Lua code for rule authors and
 * for evalrun's own library: EVALRUN_PROFILE=1 (or =N, the number of lines printed) charges the
 * CPU time between two budget checks (every 1,000 Lua instructions) to the line running at the
 * second, so a line that calls into C (emit, string.format, db.*) is charged for that work too. */
#include "profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLOTS 4096             /* distinct lines kept; more are counted as "other" */

typedef struct { const char *source; int line; double seconds; long samples; } profile_line;

static profile_line lines[SLOTS];
static double other;
static double last = -1;
static int enabled = -1;
static int shown = 40;         /* lines printed: EVALRUN_PROFILE=N for another number (1 means 40) */

static double now(void) { return (double)clock() / CLOCKS_PER_SEC; }   /* CPU time, on every OS */

int profile_enabled(void)
{
    if (enabled < 0) {
        const char *v = getenv("EVALRUN_PROFILE");
        enabled = v != NULL;
        long n = v ? strtol(v, NULL, 10) : 0;
        if (n > 1) shown = n < SLOTS ? (int)n : SLOTS;
    }
    return enabled;
}

void profile_start(void) { last = now(); }

void profile_sample(lua_State *L)
{
    double t = now();
    double spent = last < 0 ? 0 : t - last;
    last = t;
    lua_Debug ar;
    if (!lua_getstack(L, 0, &ar) || !lua_getinfo(L, "Sl", &ar)) { other += spent; return; }
    /* the source text is owned by the function's prototype, which the loaded chunk keeps */
    size_t h = ((size_t)ar.source * 31 + (size_t)ar.currentline) % SLOTS;
    for (int probe = 0; probe < SLOTS; probe++, h = (h + 1) % SLOTS) {
        profile_line *p = &lines[h];
        if (!p->source) { p->source = ar.source; p->line = ar.currentline; }
        if (p->source == ar.source && p->line == ar.currentline) {
            p->seconds += spent;
            p->samples++;
            return;
        }
    }
    other += spent;
}

static int by_time(const void *a, const void *b)
{
    const profile_line *x = a, *y = b;
    return (x->seconds < y->seconds) - (x->seconds > y->seconds);
}

void profile_report(void)
{
    if (!profile_enabled()) return;
    double total = other;
    for (int i = 0; i < SLOTS; i++) total += lines[i].seconds;
    qsort(lines, SLOTS, sizeof lines[0], by_time);
    fprintf(stderr, "evalrun: profile of the rules, %.3f s in Lua and what it called; the lines that took most:\n", total);
    for (int i = 0; i < shown && lines[i].source; i++) {
        const char *src = lines[i].source[0] == '@' ? lines[i].source + 1 : "(chunk)";
        fprintf(stderr, "  %6.3f s %5.1f%%  %s:%d\n", lines[i].seconds,
                total > 0 ? 100 * lines[i].seconds / total : 0, src, lines[i].line);
    }
}

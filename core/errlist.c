/* errlist.c — see errlist.h. */
#define _GNU_SOURCE
#include "errlist.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void errlist_add(errlist *e, const char *fmt, ...)
{
    e->count++;
    if (e->nmsg >= ERRLIST_MAX)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    if (s)
        e->msg[e->nmsg++] = s;
}

void errlist_print(const errlist *e, FILE *f)
{
    for (int i = 0; i < e->nmsg; i++)
        fprintf(f, "%s\n", e->msg[i]);
    if (e->count > e->nmsg)
        fprintf(f, "... and %ld more problems\n", e->count - e->nmsg);
}

void errlist_free(errlist *e)
{
    for (int i = 0; i < e->nmsg; i++)
        free(e->msg[i]);
    e->nmsg = 0;
    e->count = 0;
}

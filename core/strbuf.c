/* strbuf.c — see strbuf.h. */
#include "strbuf.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void grow(strbuf *b, size_t need)
{
    if (b->len + need + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + need + 1) cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) abort();                 /* out of memory while formatting: nothing sensible to do */
    b->s = s;
    b->cap = cap;
}

void sb_addn_grow(strbuf *b, const char *s, size_t n)
{
    grow(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

void sb_add(strbuf *b, const char *s) { sb_addn(b, s, strlen(s)); }
void sb_addc_grow(strbuf *b, char c) { sb_addn_grow(b, &c, 1); }

void sb_addf(strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    grow(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void sb_free(strbuf *b) { free(b->s); b->s = NULL; b->len = b->cap = 0; }

/* strbuf.h — a growing byte buffer (the Lua buffer cannot be used while values are pushed). */
#ifndef EVALRUN_STRBUF_H
#define EVALRUN_STRBUF_H
#include <stddef.h>
#include <string.h>
typedef struct strbuf { char *s; size_t len, cap; } strbuf;
/* The slow halves: the buffer grows first. */
void sb_addn_grow(strbuf *b, const char *s, size_t n);
void sb_addc_grow(strbuf *b, char c);
/* Inline: JSON and CSV add a byte or a few at a time, millions of times a run. The text stays
 * NUL-terminated. */
static inline void sb_addn(strbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) { sb_addn_grow(b, s, n); return; }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}
static inline void sb_addc(strbuf *b, char c)
{
    if (b->len + 2 > b->cap) { sb_addc_grow(b, c); return; }
    b->s[b->len++] = c;
    b->s[b->len] = 0;
}
void sb_add(strbuf *b, const char *s);
void sb_addf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_free(strbuf *b);
#endif

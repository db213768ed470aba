/* strbuf.h — a growing byte buffer (the Lua buffer cannot be used while values are pushed). */
#ifndef EVALRUN_STRBUF_H
#define EVALRUN_STRBUF_H
#include <stddef.h>
typedef struct strbuf { char *s; size_t len, cap; } strbuf;
void sb_addn(strbuf *b, const char *s, size_t n);
void sb_add(strbuf *b, const char *s);
void sb_addc(strbuf *b, char c);
void sb_addf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_free(strbuf *b);
#endif

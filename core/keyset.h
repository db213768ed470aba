/* keyset.h — a set of byte strings, each with the place it was first seen.
 *
 * The loader checks keys and references while the values pass through it:
 * one set per table key (a duplicate finds the place of the first) and one
 * per referenced column. At national size a set holds millions of ids, so
 * it is lean and a lookup touches one cache line: an open-addressed table
 * of 32-byte slots holding the value itself (ids are short) and its place;
 * a longer value goes to an arena.
 * Written by hand because no packaged hash table keeps a slot this small
 * or lets the arena be freed in one call.
 */
#ifndef EVALRUN_KEYSET_H
#define EVALRUN_KEYSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct keyset keyset;

typedef struct {
    int src;      /* source id */
    long line;    /* line the row starts on */
} keyset_place;

keyset *keyset_new(void);
/* The same, its memory taken from alloc (Lua's lua_Alloc contract: alloc(ud, ptr, old size,
 * new size), new size 0 frees), so that a set rules build counts against their memory cap and
 * a refused allocation fails the set's growth (-1) instead of passing the cap. */
typedef void *(*keyset_alloc)(void *ud, void *ptr, size_t osize, size_t nsize);
keyset *keyset_new_with(keyset_alloc alloc, void *ud);
void keyset_free(keyset *k);

/* Adds `bytes`. Returns 1 if it was new, 0 if it was already there (then
 * *first is where it was first added), -1 when out of memory. */
int keyset_add(keyset *k, const void *bytes, size_t len, keyset_place at, keyset_place *first);

/* 1 if `bytes` is in the set. */
int keyset_has(const keyset *k, const void *bytes, size_t len);

size_t keyset_count(const keyset *k);

/* Makes room for `more` values at once (growing step by step rehashes
 * every value several times). 0, or -1 when out of memory. */
int keyset_reserve(keyset *k, size_t more);

/* The same, in two halves, so a caller with many values at hand can ask for
 * the slots of the next ones while it looks at this one (the lookups are
 * memory-bound: the sets are far bigger than the caches). */
uint64_t keyset_hash(const void *bytes, size_t len);
void keyset_prefetch(const keyset *k, uint64_t h);
int keyset_add_h(keyset *k, uint64_t h, const void *bytes, size_t len, keyset_place at, keyset_place *first);
int keyset_has_h(const keyset *k, uint64_t h, const void *bytes, size_t len);

#endif

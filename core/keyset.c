/* keyset.c — see keyset.h. */
#include "keyset.h"

#include <stdlib.h>
#include <string.h>

#include "platform.h"

/* A slot: most ids fit in it whole, so a lookup touches one cache line;
 * a longer value lives in the arena. len == 0 marks an empty slot. */
#define INLINE_MAX 21
#define OUT_OF_LINE 255

typedef struct {
    uint32_t tag;          /* the hash's high half */
    uint32_t line;         /* lines past 4 billion are shown as 4294967295 */
    uint16_t src;
    uint8_t len;           /* 1..INLINE_MAX inline, OUT_OF_LINE, 0 empty */
    union {
        unsigned char b[INLINE_MAX];
        struct __attribute__((packed)) { uint32_t len; uint64_t off; } out;
    } v;
} __attribute__((packed)) slot_t;

struct keyset {
    slot_t *slot;
    size_t mask;        /* slots - 1 (a power of two) */
    size_t count;
    unsigned char *arena;
    size_t arena_len, arena_cap;
    keyset_alloc alloc; /* NULL: the C library's */
    void *ud;
};

/* {{{ memory: the C library's, or the caller's allocator (which may refuse) */

static void *ks_zalloc(keyset *k, size_t bytes)
{
    void *p = k->alloc(k->ud, NULL, 0, bytes);
    if (p) memset(p, 0, bytes);
    return p;
}

static void ks_free(keyset *k, void *p, size_t bytes)
{
    if (!k->alloc) free(p);
    else if (p) k->alloc(k->ud, p, bytes, 0);
}

static void *ks_realloc(keyset *k, void *p, size_t old, size_t bytes)
{
    return k->alloc ? k->alloc(k->ud, p, p ? old : 0, bytes) : realloc(p, bytes);
}

/* }}} */

/* 64-bit hash, eight bytes at a time (ids are short: this is most of the cost). */
static uint64_t hash_bytes(const unsigned char *p, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (len * 0xC2B2AE3D27D4EB4Full);
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 29;
        p += 8;
        len -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, p, len);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 32;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 29;
    return h;
}

/* Big tables ask for transparent huge pages: fewer TLB misses on random lookups. */
static slot_t *slots_new(keyset *k, size_t n)
{
    size_t bytes = n * sizeof(slot_t);
    if (k->alloc)
        return ks_zalloc(k, bytes);
    if (bytes < (2u << 20))
        return calloc(n, sizeof(slot_t));
    return platform_huge_zalloc(bytes);
}

keyset *keyset_new_with(keyset_alloc alloc, void *ud)
{
    keyset *k = alloc ? alloc(ud, NULL, 0, sizeof *k) : malloc(sizeof *k);
    if (!k)
        return NULL;
    memset(k, 0, sizeof *k);
    k->alloc = alloc;
    k->ud = ud;
    k->mask = 1023;
    k->slot = slots_new(k, k->mask + 1);
    if (!k->slot) {
        ks_free(k, k, sizeof *k);
        return NULL;
    }
    return k;
}

keyset *keyset_new(void)
{
    return keyset_new_with(NULL, NULL);
}

void keyset_free(keyset *k)
{
    if (!k)
        return;
    ks_free(k, k->slot, (k->mask + 1) * sizeof(slot_t));
    ks_free(k, k->arena, k->arena_cap);
    ks_free(k, k, sizeof *k);
}

size_t keyset_count(const keyset *k)
{
    return k->count;
}

static const unsigned char *slot_bytes(const keyset *k, const slot_t *s, size_t *len)
{
    if (s->len == OUT_OF_LINE) {
        *len = s->v.out.len;
        return k->arena + s->v.out.off;
    }
    *len = s->len;
    return s->v.b;
}

/* The slot holding `bytes`, or the empty slot where it would go. */
static size_t find(const keyset *k, uint64_t h, const void *bytes, size_t len)
{
    uint32_t tag = (uint32_t)(h >> 32);
    size_t i = (size_t)h & k->mask;
    for (;;) {
        const slot_t *s = &k->slot[i];
        if (s->len == 0)
            return i;
        if (s->tag == tag) {
            size_t n;
            const unsigned char *b = slot_bytes(k, s, &n);
            if (n == len && memcmp(b, bytes, len) == 0)
                return i;
        }
        i = (i + 1) & k->mask;
    }
}

/* Rehashes into n slots (a power of two, more than count / 0.75). */
static int resize(keyset *k, size_t n)
{
    slot_t *slot = slots_new(k, n);
    if (!slot)
        return 0;
    slot_t *old = k->slot;
    size_t oldn = k->mask + 1;
    k->slot = slot;
    k->mask = n - 1;
    for (size_t j = 0; j < oldn; j++) {
        if (!old[j].len)
            continue;
        size_t len;
        const unsigned char *b = slot_bytes(k, &old[j], &len);
        size_t i = (size_t)hash_bytes(b, len) & k->mask;
        while (slot[i].len)
            i = (i + 1) & k->mask;
        slot[i] = old[j];
    }
    ks_free(k, old, oldn * sizeof(slot_t));
    return 1;
}

int keyset_reserve(keyset *k, size_t more)
{
    size_t n = k->mask + 1;
    while ((k->count + more) * 4 > n * 3)
        n *= 2;
    return n == k->mask + 1 || resize(k, n) ? 0 : -1;
}

uint64_t keyset_hash(const void *bytes, size_t len)
{
    return hash_bytes(bytes, len);
}

void keyset_prefetch(const keyset *k, uint64_t h)
{
    __builtin_prefetch(&k->slot[(size_t)h & k->mask]);
}

int keyset_add(keyset *k, const void *bytes, size_t len, keyset_place at, keyset_place *first)
{
    return keyset_add_h(k, hash_bytes(bytes, len), bytes, len, at, first);
}

int keyset_add_h(keyset *k, uint64_t h, const void *bytes, size_t len, keyset_place at, keyset_place *first)
{
    size_t i = find(k, h, bytes, len);
    slot_t *s = &k->slot[i];
    if (s->len) {
        if (first) {
            first->src = s->src;
            first->line = (long)s->line;
        }
        return 0;
    }
    if (len >= 1 && len <= INLINE_MAX) {
        memcpy(s->v.b, bytes, len);
        s->len = (uint8_t)len;
    } else {
        if (len > UINT32_MAX)
            return -1;
        if (k->arena_len + len > k->arena_cap) {
            size_t cap = k->arena_cap ? k->arena_cap * 2 : 65536;
            while (cap < k->arena_len + len)
                cap *= 2;
            unsigned char *a = ks_realloc(k, k->arena, k->arena_cap, cap);
            if (!a)
                return -1;
            k->arena = a;
            k->arena_cap = cap;
        }
        memcpy(k->arena + k->arena_len, bytes, len);
        s->v.out.len = (uint32_t)len;
        s->v.out.off = k->arena_len;
        s->len = OUT_OF_LINE;
        k->arena_len += len;
    }
    s->tag = (uint32_t)(h >> 32);
    s->line = at.line > (long)UINT32_MAX ? UINT32_MAX : (uint32_t)at.line;
    s->src = (uint16_t)at.src;
    k->count++;
    /* at most 3/4 full: probes stay short */
    if (k->count * 4 > (k->mask + 1) * 3 && !resize(k, (k->mask + 1) * 2))
        return -1;
    return 1;
}

int keyset_has(const keyset *k, const void *bytes, size_t len)
{
    return keyset_has_h(k, hash_bytes(bytes, len), bytes, len);
}

int keyset_has_h(const keyset *k, uint64_t h, const void *bytes, size_t len)
{
    return k->slot[find(k, h, bytes, len)].len != 0;
}

/* test_keyset.c — the hash sets behind the duplicate-key and reference checks:
 * every value found again, none invented, the first place kept, through growth; and a set
 * whose memory comes from a caller's allocator (db.* where lists: the rules' memory) holds
 * it to the allocator's count, fails cleanly when refused, and gives all of it back. */
#include "unit.h"
#include "keyset.h"

static size_t id(char *buf, const char *prefix, long i)
{
    return (size_t)snprintf(buf, 64, "%s%07ld", prefix, i);
}

/* An allocator with a cap, counting what it holds, as the rules' one does. */
typedef struct { size_t held, cap; } budget;
static void *capped(void *ud, void *ptr, size_t osize, size_t nsize)
{
    budget *b = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) { free(ptr); b->held -= old; return NULL; }
    if (nsize > old && b->held - old + nsize > b->cap) return NULL;
    void *p = realloc(ptr, nsize);
    if (p) b->held = b->held - old + nsize;
    return p;
}

static void check_allocator(void)
{
    char buf[64];
    budget b = { 0, 1u << 20 };
    keyset *k = keyset_new_with(capped, &b);
    CHECK(k != NULL);
    long added = 0;
    for (long i = 0; i < 100000; i++) {
        int rc = keyset_add(k, buf, id(buf, "ID-WITH-A-LONG-PREFIX-", i), (keyset_place){ 1, i }, NULL);
        if (rc < 0) break;
        added++;
    }
    CHECK(added > 1000 && added < 100000);        /* refused once the cap was reached */
    CHECK(b.held <= b.cap);
    CHECK(keyset_has(k, buf, id(buf, "ID-WITH-A-LONG-PREFIX-", added - 1)));
    CHECK(keyset_reserve(k, 1000000) == -1);
    keyset_free(k);
    CHECK(b.held == 0);                           /* all of it given back */
}

int main(void)
{
    check_allocator();
    keyset *k = keyset_new();
    char buf[64];
    keyset_place first = { 0, 0 };

    /* 300 000 ids: the table grows many times; each is new once, then a duplicate of itself */
    long n = 300000, fresh = 0;
    for (long i = 0; i < n; i++)
        fresh += keyset_add(k, buf, id(buf, "DV", i), (keyset_place){ 1, i + 2 }, NULL) == 1;
    CHECK(fresh == n);
    CHECK(keyset_count(k) == (size_t)n);
    long found = 0, places_ok = 0;
    for (long i = 0; i < n; i += 7) {
        found += keyset_has(k, buf, id(buf, "DV", i));
        places_ok += keyset_add(k, buf, id(buf, "DV", i), (keyset_place){ 2, 1 }, &first) == 0
                     && first.src == 1 && first.line == i + 2;
    }
    CHECK(found == (n + 6) / 7);
    CHECK(places_ok == (n + 6) / 7);
    CHECK(keyset_count(k) == (size_t)n);
    /* near misses are not members: another prefix, one digit more, a prefix of a member */
    CHECK(!keyset_has(k, buf, id(buf, "DW", 5)));
    CHECK(!keyset_has(k, buf, id(buf, "DV", n)));
    CHECK(!keyset_has(k, "DV000000", 8));
    CHECK(!keyset_has(k, "", 0));

    /* values longer than a slot live in the arena and compare whole */
    char lng[200], other[200];
    memset(lng, 'x', sizeof lng);
    memcpy(other, lng, sizeof other);
    other[150] = 'y';
    CHECK(keyset_add(k, lng, sizeof lng, (keyset_place){ 3, 9 }, NULL) == 1);
    CHECK(keyset_has(k, lng, sizeof lng));
    CHECK(!keyset_has(k, other, sizeof other));
    CHECK(!keyset_has(k, lng, sizeof lng - 1));
    CHECK(keyset_add(k, lng, sizeof lng, (keyset_place){ 4, 1 }, &first) == 0 && first.src == 3 && first.line == 9);

    /* bytes are bytes: NFC is the loader's business, case matters */
    CHECK(keyset_add(k, "Đ", strlen("Đ"), (keyset_place){ 5, 1 }, NULL) == 1);
    CHECK(!keyset_has(k, "đ", strlen("đ")));
    keyset_free(k);

    /* room made at once keeps every value */
    k = keyset_new();
    CHECK(keyset_add(k, "A", 1, (keyset_place){ 1, 1 }, NULL) == 1);
    CHECK(keyset_reserve(k, 100000) == 0);
    CHECK(keyset_has(k, "A", 1));
    for (long i = 0; i < 100000; i++)
        keyset_add(k, buf, id(buf, "CB", i), (keyset_place){ 1, i }, NULL);
    CHECK(keyset_count(k) == 100001);
    CHECK(keyset_has(k, buf, id(buf, "CB", 99999)));
    keyset_free(k);
    UNIT_DONE();
}

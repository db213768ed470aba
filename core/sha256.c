/* sha256.c — see sha256.h. nettle is Debian's small, well-kept hash library. */
#include "sha256.h"
#include <nettle/sha2.h>
#include <stdio.h>

void sha256_hex(const void *data, size_t len, char hex[65])
{
    struct sha256_ctx ctx;
    unsigned char d[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, data);
    sha256_digest(&ctx, sizeof d, d);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

void sha256_hex_steps(const void *data, size_t len, char hex[65], void (*after_step)(size_t done, void *arg),
                      void *arg)
{
    enum { STEP = 4 << 20 };
    struct sha256_ctx ctx;
    unsigned char d[SHA256_DIGEST_SIZE];
    const unsigned char *p = data;
    sha256_init(&ctx);
    for (size_t off = 0; off < len; off += STEP) {
        size_t n = len - off < STEP ? len - off : STEP;
        sha256_update(&ctx, n, p + off);
        after_step(off + n, arg);
    }
    sha256_digest(&ctx, sizeof d, d);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

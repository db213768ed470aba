/* sha256.h — hex SHA-256 of a buffer (nettle). */
#ifndef EVALRUN_SHA256_H
#define EVALRUN_SHA256_H
#include <stddef.h>
/* Writes 64 hex digits and a NUL into hex[65]. */
void sha256_hex(const void *data, size_t len, char hex[65]);
#endif

/* sha256.h — hex SHA-256 of a buffer (nettle). */
#ifndef EVALRUN_SHA256_H
#define EVALRUN_SHA256_H
#include <stddef.h>
/* Writes 64 hex digits and a NUL into hex[65]. */
void sha256_hex(const void *data, size_t len, char hex[65]);
/* The same in steps of 4 MiB, calling after_step(bytes hashed so far, arg)
 * after each (which may wait: a thread hashing a file another one parses
 * keeps pace with it). */
void sha256_hex_steps(const void *data, size_t len, char hex[65], void (*after_step)(size_t done, void *arg),
                      void *arg);
#endif

/* mapfile.h — a data file's bytes in memory, read without a copy (mapped)
 * where the system allows, and a guard against the file shrinking under the
 * mapping.
 *
 * A mapped file that another program truncates while it is read makes the
 * next read of a page past its new end fault (SIGBUS on Linux). Code that
 * reads mapped bytes runs under mapfile_guard, which turns that fault into an
 * error return on the thread that took it, so the loader reports a data error
 * instead of dying. Everything system-specific about mapping is in mapfile.c.
 */
#ifndef EVALRUN_MAPFILE_H
#define EVALRUN_MAPFILE_H
#include <stddef.h>
#include "errlist.h"

/* The whole file: mapped read-only (*mapped = 1) or, when it cannot be, read
 * into memory. NUL-terminated only when read. NULL with errs filled ("path:
 * cannot open: ...") when it cannot be opened, is not a regular file, or
 * cannot be read. An empty file gives a valid empty buffer. */
char *mapfile_open(const char *path, size_t *len, int *mapped, errlist *errs);
/* Lets go of the bytes [from, to) of a mapped file already read (no effect when read). */
void mapfile_drop(const char *buf, size_t from, size_t to, int mapped);
void mapfile_close(char *buf, size_t len, int mapped);

/* Runs fn(arg) on this thread. Returns 0 when it returned, -1 when it read a
 * page of a mapped file that is no longer there (the file got shorter): fn was
 * stopped at that read, so it must hold no lock and own nothing it has not
 * recorded where the caller can free it. Nests; any thread may use it. */
int mapfile_guard(void (*fn)(void *arg), void *arg);
#endif

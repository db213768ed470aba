/* test_mapfile.c — a mapped file that gets shorter while it is read is an
 * error return, not a crash, on the main thread and on another one. */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "mapfile.h"
#include "unit.h"

typedef struct { const char *buf; size_t len; unsigned long sum; } reading;

static void read_all(void *arg)
{
    reading *r = arg;
    for (size_t i = 0; i < r->len; i += 512)
        r->sum += (unsigned char)r->buf[i];
}

static void *read_on_thread(void *arg)
{
    return (void *)(long)mapfile_guard(read_all, arg);
}

static void touch(void *arg) { *(int *)arg = 1; }

int main(void)
{
    char path[] = "/tmp/test_mapfile.XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    size_t size = 4u << 20;
    char *block = malloc(size);
    memset(block, 'x', size);
    CHECK(write(fd, block, size) == (ssize_t)size);
    free(block);

    errlist errs = { 0 };
    size_t len = 0;
    int mapped = 0;
    char *buf = mapfile_open(path, &len, &mapped, &errs);
    CHECK(buf && len == size && mapped);

    /* whole: read to the end */
    reading r = { buf, len, 0 };
    CHECK(mapfile_guard(read_all, &r) == 0);
    CHECK(r.sum == (size / 512) * 'x');

    /* shorter: the read past the new end is stopped and reported */
    CHECK(ftruncate(fd, 4096) == 0);
    mapfile_drop(buf, 0, len, mapped);   /* as the loader does behind itself: pages read again from the file */
    r.sum = 0;
    CHECK(mapfile_guard(read_all, &r) == -1);
    CHECK(r.sum == 8 * 'x');            /* the first 4096 bytes were still there */

    /* on another thread too, and the guard is usable again afterwards */
    pthread_t t;
    void *ret = NULL;
    r.sum = 0;
    CHECK(pthread_create(&t, NULL, read_on_thread, &r) == 0);
    pthread_join(t, &ret);
    CHECK((long)ret == -1);
    int done = 0;
    CHECK(mapfile_guard(touch, &done) == 0 && done == 1);

    mapfile_close(buf, len, mapped);
    close(fd);

    /* not a regular file: refused with its name */
    CHECK(mapfile_open("/tmp", &len, &mapped, &errs) == NULL);
    CHECK(errs.nmsg == 1 && strstr(errs.msg[0], "/tmp: cannot read: not a regular file"));
    errlist_free(&errs);
    unlink(path);
    UNIT_DONE();
}

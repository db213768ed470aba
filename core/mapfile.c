/* mapfile.c — see mapfile.h. */
#include "i18n.h"
#include "mapfile.h"

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "platform.h"

char *mapfile_open(const char *path, size_t *len, int *mapped, errlist *errs)
{
    int fd = platform_open(path, O_RDONLY, 0);
    if (fd < 0) {
        errlist_add(errs, _("%s: cannot open: %s"), path, strerror(errno));
        return NULL;
    }
    if (!platform_fd_regular(fd, len)) {
        errlist_add(errs, _("%s: cannot read: not a regular file"), path);
        close(fd);
        return NULL;
    }
    *mapped = 0;
    if (*len == 0) {
        close(fd);
        return calloc(1, 1);
    }
    /* no copy, no page touched twice; the thread that parses takes the page faults */
    void *m = platform_map(fd, *len);
    if (m) {
        platform_advise_sequential(m, *len);
        close(fd);
        *mapped = 1;
        return m;
    }
    char *buf = malloc(*len + 1);
    size_t n = 0;
    while (buf && n < *len) {
        ssize_t r = read(fd, buf + n, *len - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            errlist_add(errs, _("%s: cannot read: %s"), path,
                        r < 0 ? strerror(errno) : _("the file got shorter while it was read (is another program writing it?)"));
            free(buf);
            close(fd);
            return NULL;
        }
        n += (size_t)r;
    }
    if (!buf)
        errlist_add(errs, _("%s: cannot read: the file is too big for memory"), path);
    else
        buf[n] = 0;
    close(fd);
    return buf;
}

void mapfile_drop(const char *buf, size_t from, size_t to, int mapped)
{
    if (mapped && to > from)
        platform_advise_dontneed((char *)buf + from, to - from);
}

void mapfile_close(char *buf, size_t len, int mapped)
{
    if (mapped)
        platform_unmap(buf, len);
    else
        free(buf);
}

/* {{{ the guard */
#if PLATFORM_WINDOWS
/* Windows raises EXCEPTION_IN_PAGE_ERROR instead; until it is caught there, a
 * shrinking file stops the run as it would without the guard. */
int mapfile_guard(void (*fn)(void *arg), void *arg)
{
    fn(arg);
    return 0;
}
#else

static _Thread_local sigjmp_buf *guard_jump;
static pthread_once_t guard_once = PTHREAD_ONCE_INIT;

static void on_sigbus(int sig)
{
    if (guard_jump)
        siglongjmp(*guard_jump, 1);
    /* not under a guard: a real fault, handled as if there were no handler */
    signal(sig, SIG_DFL);
}

static void guard_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigbus;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGBUS, &sa, NULL);
}

int mapfile_guard(void (*fn)(void *arg), void *arg)
{
    pthread_once(&guard_once, guard_install);
    sigjmp_buf here;
    sigjmp_buf *volatile outer = guard_jump;
    if (sigsetjmp(here, 1)) {
        guard_jump = outer;
        return -1;
    }
    guard_jump = &here;
    fn(arg);
    guard_jump = outer;
    return 0;
}

#endif
/* }}} */

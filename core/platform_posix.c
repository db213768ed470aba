/* platform_posix.c — platform.h on Linux (and other POSIX systems). */
#ifndef _WIN32
#define _GNU_SOURCE  /* strtod_l, newlocale, O_CLOEXEC, MADV_HUGEPAGE */
#include "platform.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

void platform_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
}

FILE *platform_fopen(const char *path, const char *mode)
{
    return fopen(path, mode);
}

int platform_open(const char *path, int flags, int mode)
{
    return open(path, flags | O_CLOEXEC, mode);
}

int platform_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

int platform_lexists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

int platform_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int platform_file_kind(const char *path, size_t *size)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return PLATFORM_MISSING;
    if (S_ISDIR(st.st_mode))
        return PLATFORM_DIR;
    if (!S_ISREG(st.st_mode))
        return PLATFORM_OTHER;
    if (size)
        *size = (size_t)st.st_size;
    return PLATFORM_REGULAR;
}

int platform_fd_regular(int fd, size_t *size)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    *size = (size_t)st.st_size;
    return 1;
}

int platform_mkdir(const char *path)
{
    return mkdir(path, 0777);
}

char *platform_mkdtemp(char *tmpl)
{
    return mkdtemp(tmpl);
}

int platform_unlink(const char *path)
{
    return unlink(path);
}

int platform_rmdir(const char *path)
{
    return rmdir(path);
}

int platform_replace(const char *from, const char *to)
{
    return rename(from, to);
}

void *platform_map(int fd, size_t len)
{
    void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    return m == MAP_FAILED ? NULL : m;
}

void platform_unmap(void *p, size_t len)
{
    munmap(p, len);
}

void platform_advise_sequential(void *p, size_t len)
{
    madvise(p, len, MADV_SEQUENTIAL);
}

void platform_advise_dontneed(void *p, size_t len)
{
    madvise(p, len, MADV_DONTNEED);
}

unsigned long long platform_physical_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    return pages > 0 && size > 0 ? (unsigned long long)pages * (unsigned long long)size : 0;
}

void *platform_huge_zalloc(size_t bytes)
{
    void *p = NULL;
    if (posix_memalign(&p, 2u << 20, bytes) != 0)
        return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, bytes, MADV_HUGEPAGE);
#endif
    memset(p, 0, bytes);
    return p;
}

struct platform_dir {
    DIR *d;
};

platform_dir *platform_opendir(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return NULL;
    platform_dir *pd = malloc(sizeof *pd);
    if (!pd) {
        closedir(d);
        return NULL;
    }
    pd->d = d;
    return pd;
}

const char *platform_readdir(platform_dir *pd)
{
    struct dirent *ent = readdir(pd->d);
    return ent ? ent->d_name : NULL;
}

void platform_closedir(platform_dir *pd)
{
    closedir(pd->d);
    free(pd);
}

int platform_is_sep(char c)
{
    return c == '/';
}

int platform_is_absolute(const char *path)
{
    return path[0] == '/';
}

size_t platform_root_len(const char *path)
{
    return path[0] == '/' ? 1 : 0;
}

int platform_realpath(const char *path, char *out, size_t size)
{
    char *r = realpath(path, NULL);
    if (!r)
        return -1;
    int fits = strlen(r) < size;
    if (fits)
        memcpy(out, r, strlen(r) + 1);
    free(r);
    return fits ? 0 : -1;
}

int platform_getcwd(char *out, size_t size)
{
    return getcwd(out, size) ? 0 : -1;
}

int platform_exe_path(char *out, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", out, size - 1);
    if (n <= 0)
        return -1;
    out[n] = 0;
    return 0;
}

const char *platform_getenv(const char *name)
{
    return getenv(name);
}

double platform_strtod_c(const char *s)
{
    static locale_t c_locale;
    if (!c_locale)
        c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    return c_locale ? strtod_l(s, NULL, c_locale) : strtod(s, NULL);
}
#endif

/* paths.c — see paths.h. */
#include "paths.h"
#include "platform.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif
/* Separators between parts: '/', and '\' too on Windows (paths.h). */
#define PATH_SEPS (PLATFORM_WINDOWS ? "/\\" : "/")

static char *last_sep(const char *path)
{
    char *last = NULL;
    for (const char *p = path; *p; p++)
        if (platform_is_sep(*p)) last = (char *)p;
    return last;
}

char *path_join(const char *dir, const char *rel)
{
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *joined = malloc(n);
    if (!joined) return NULL;
    if (platform_is_absolute(rel) || !dir[0] || strcmp(dir, ".") == 0)
        snprintf(joined, n, "%s", rel);
    else
        snprintf(joined, n, "%s/%s", dir, rel);
    /* Split into parts and fold "." and "x/.." away; leading ".." stay. */
    size_t root = platform_root_len(joined);    /* "/", or "C:\\" on Windows */
    int absolute = root > 0;
    char *parts[512];
    int np = 0;
    for (char *save = NULL, *p = strtok_r(joined + root, PATH_SEPS, &save); p; p = strtok_r(NULL, PATH_SEPS, &save)) {
        if (strcmp(p, ".") == 0) continue;
        if (strcmp(p, "..") == 0 && np > 0 && strcmp(parts[np - 1], "..") != 0) { np--; continue; }
        if (strcmp(p, "..") == 0 && absolute && np == 0) continue;
        if (np < 512) parts[np++] = p;
    }
    char *out = malloc(n + 1);
    if (!out) { free(joined); return NULL; }
    size_t o = 0;
    /* '/' between parts; on Windows '\\' when the path given was written with it */
    char sep = PLATFORM_WINDOWS && strchr(joined, '\\') ? '\\' : '/';
    for (o = 0; o < root; o++)
        out[o] = platform_is_sep(joined[o]) ? sep : joined[o];
    for (int i = 0; i < np; i++) {
        size_t l = strlen(parts[i]);
        if (i) out[o++] = sep;
        memcpy(out + o, parts[i], l);
        o += l;
    }
    if (o == 0) out[o++] = '.';
    out[o] = 0;
    free(joined);
    return out;
}

char *path_dir(const char *path)
{
    const char *slash = last_sep(path);
    if (!slash) return strdup(".");
    size_t root = platform_root_len(path);
    if ((size_t)(slash - path) < root) return strndup(path, root);   /* "/" or "C:\\" */
    return strndup(path, (size_t)(slash - path));
}

int path_exists(const char *path)
{
    return platform_exists(path);
}

int path_is_dir(const char *path)
{
    return platform_is_dir(path);
}

char *path_resolve(const char *path)
{
    char real[PATH_MAX];
    if (platform_realpath(path, real, sizeof real) == 0) return strdup(real);
    if (errno != ENOENT) return NULL;
    /* resolve the parent, then add the last part (lexically: it does not exist) */
    char *dir = path_dir(path);
    const char *slash = last_sep(path);
    const char *last = slash ? slash + 1 : path;
    char *rdir = strcmp(dir, path) == 0 ? NULL : path_resolve(dir);
    free(dir);
    if (!rdir) return NULL;
    char *out = path_join(rdir, *last ? last : ".");
    free(rdir);
    if (out && !platform_is_absolute(out)) { free(out); return NULL; }
    return out;
}

int path_inside(const char *path, const char *root)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/') return path[0] == '/';
#ifdef _WIN32
    /* Windows: '/' and '\\' are one separator, names compare without case */
    for (size_t i = 0; i < n; i++)
        if (!(platform_is_sep(path[i]) && platform_is_sep(root[i])) &&
            tolower((unsigned char)path[i]) != tolower((unsigned char)root[i]))
            return 0;
    return path[n] == 0 || platform_is_sep(path[n]) || platform_is_sep(root[n - 1]);
#else
    return strncmp(path, root, n) == 0 && (path[n] == 0 || path[n] == '/');
#endif
}

char *file_read(const char *path, size_t *len)
{
    FILE *f = platform_fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) break;
        char *bigger = realloc(buf, cap * 2 + 1);
        if (!bigger) { free(buf); buf = NULL; break; }
        buf = bigger;
        cap *= 2;
    }
    int err = ferror(f) ? errno : 0;
    fclose(f);
    if (!buf) { errno = ENOMEM; return NULL; }
    if (err) { free(buf); errno = err; return NULL; }
    buf[n] = 0;
    *len = n;
    return buf;
}

int mkdir_p(const char *dir)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof tmp, "%s", dir) >= (int)sizeof tmp) { errno = ENAMETOOLONG; return -1; }
    size_t root = platform_root_len(tmp);
    for (char *p = tmp + (root ? root : 1); *p; p++) {
        if (!platform_is_sep(*p)) continue;
        char sep = *p;
        *p = 0;
        if (platform_mkdir(tmp) != 0 && errno != EEXIST) return -1;
        *p = sep;
    }
    if (platform_mkdir(tmp) != 0 && errno != EEXIST) return -1;
    return path_is_dir(tmp) ? 0 : -1;
}

/* A folder is evalrun's home when it holds the Lua standard library. */
static int is_home(const char *dir)
{
    char probe[PATH_MAX + 32];
    snprintf(probe, sizeof probe, "%s/scripts/schema.lua", dir);
    return path_exists(probe);
}

const char *evalrun_home(void)
{
    static char home[PATH_MAX];
    if (home[0]) return home;
    const char *env = platform_getenv("EVALRUN_HOME");
    if (env && *env) { snprintf(home, sizeof home, "%s", env); return home; }
    char exe[PATH_MAX];
    if (platform_exe_path(exe, sizeof exe) == 0) {
        char *slash = last_sep(exe);
        if (slash) *slash = 0;                      /* exe = folder of the binary */
        const char *tries[] = { "%s/..", "%s/../..", "%s/../share/evalrun", "%s" };
        for (size_t i = 0; i < sizeof tries / sizeof *tries; i++) {
            char cand[PATH_MAX], real[PATH_MAX];
            snprintf(cand, sizeof cand, tries[i], exe);
            if (is_home(cand) && platform_realpath(cand, real, sizeof real) == 0) { snprintf(home, sizeof home, "%s", real); return home; }
        }
    }
    snprintf(home, sizeof home, "%s", "/usr/local/share/evalrun");
    return home;
}

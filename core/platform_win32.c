/* platform_win32.c — platform.h on Windows (evalrun.exe, built with mingw-w64).
 *
 * evalrun's file names are UTF-8; here they become UTF-16 for the wide-char
 * API (_wfopen, _wopen, CreateFileW, MoveFileExW...), so names with
 * Vietnamese letters work whatever the PC's ANSI code page is. The libraries
 * linked in (libxlsxwriter, minizip) open files with fopen(): the link wraps
 * that too (-Wl,--wrap=fopen, __wrap_fopen below).
 */
#ifdef _WIN32
#include "platform.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <io.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <windows.h>
#include <shellapi.h>

/* {{{ UTF-8 and UTF-16 */

wchar_t *platform_wide(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
    if (n <= 0) {
        errno = EILSEQ;
        return NULL;
    }
    wchar_t *w = malloc((size_t)n * sizeof *w);
    if (!w) {
        errno = ENOMEM;
        return NULL;
    }
    MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n);
    return w;
}

char *platform_utf8(const wchar_t *w)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    if (n <= 0) {
        errno = EILSEQ;
        return NULL;
    }
    char *s = malloc((size_t)n);
    if (!s) {
        errno = ENOMEM;
        return NULL;
    }
    WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
    return s;
}

int platform_errno_of(unsigned long err)
{
    switch (err) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_DRIVE:
    case ERROR_BAD_NETPATH:
    case ERROR_BAD_NET_NAME:
        return ENOENT;
    case ERROR_ALREADY_EXISTS:
    case ERROR_FILE_EXISTS:
        return EEXIST;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
    case ERROR_WRITE_PROTECT:
        return EACCES;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        return ENOMEM;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        return ENOSPC;
    case ERROR_DIR_NOT_EMPTY:
        return ENOTEMPTY;
    case ERROR_NOT_SAME_DEVICE:
        return EXDEV;
    case ERROR_FILENAME_EXCED_RANGE:
        return ENAMETOOLONG;
    default:
        return EIO;
    }
}

/* }}} */
/* {{{ start-up */

void platform_init(int *argc, char ***argv)
{
    /* The command line as typed, in UTF-8 (the char argv is in the ANSI code page). */
    int n = 0;
    wchar_t **wargv = CommandLineToArgvW(GetCommandLineW(), &n);
    if (wargv) {
        char **args = calloc((size_t)n + 1, sizeof *args);
        int ok = args != NULL;
        for (int i = 0; ok && i < n; i++)
            ok = (args[i] = platform_utf8(wargv[i])) != NULL;
        LocalFree(wargv);
        if (ok) {
            *argc = n;
            *argv = args;   /* kept for the whole run */
        }
    }
    /* Vietnamese in the Command Prompt; "\n" written as is (files and pipes get
     * the same bytes as on Linux; the console shows a new line either way). */
    SetConsoleOutputCP(CP_UTF8);
    SetConsoleCP(CP_UTF8);
    /* the progress line is redrawn with "\r\033[K": the console must read escape sequences */
    HANDLE outs[] = { GetStdHandle(STD_OUTPUT_HANDLE), GetStdHandle(STD_ERROR_HANDLE) };
    for (int i = 0; i < 2; i++) {
        DWORD mode;
        if (outs[i] != INVALID_HANDLE_VALUE && GetConsoleMode(outs[i], &mode))
            SetConsoleMode(outs[i], mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING);
    }
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stderr), _O_BINARY);
    _fmode = _O_BINARY;
}

/* }}} */
/* {{{ files */

FILE *platform_fopen(const char *path, const char *mode)
{
    wchar_t *w = platform_wide(path), *wm = platform_wide(mode);
    FILE *f = w && wm ? _wfopen(w, wm) : NULL;
    int err = errno;
    free(w);
    free(wm);
    errno = err;
    return f;
}

/* Every fopen() in the program, libraries included, takes UTF-8 names. */
FILE *__wrap_fopen(const char *path, const char *mode);
FILE *__wrap_fopen(const char *path, const char *mode)
{
    return platform_fopen(path, mode);
}

int platform_open(const char *path, int flags, int mode)
{
    wchar_t *w = platform_wide(path);
    if (!w)
        return -1;
    int fd = _wopen(w, flags | _O_BINARY | _O_NOINHERIT, mode);
    int err = errno;
    free(w);
    errno = err;
    return fd;
}

static DWORD attributes(const char *path)
{
    wchar_t *w = platform_wide(path);
    DWORD a = w ? GetFileAttributesW(w) : INVALID_FILE_ATTRIBUTES;
    free(w);
    return a;
}

int platform_exists(const char *path)
{
    return attributes(path) != INVALID_FILE_ATTRIBUTES;
}

int platform_lexists(const char *path)
{
    return attributes(path) != INVALID_FILE_ATTRIBUTES;
}

int platform_is_dir(const char *path)
{
    DWORD a = attributes(path);
    return a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY);
}

/* Asked of the handle: a name can look like a file and be a pipe or a device. */
int platform_file_kind(const char *path, size_t *size)
{
    wchar_t *w = platform_wide(path);
    HANDLE h = w ? CreateFileW(w, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                               OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL) : INVALID_HANDLE_VALUE;
    free(w);
    if (h == INVALID_HANDLE_VALUE)
        return PLATFORM_MISSING;
    int kind = PLATFORM_OTHER;
    BY_HANDLE_FILE_INFORMATION info;
    if (GetFileType(h) == FILE_TYPE_DISK && GetFileInformationByHandle(h, &info)) {
        if (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) {
            kind = PLATFORM_DIR;
        } else {
            kind = PLATFORM_REGULAR;
            if (size)
                *size = (size_t)(((unsigned long long)info.nFileSizeHigh << 32) | info.nFileSizeLow);
        }
    }
    CloseHandle(h);
    return kind;
}

int platform_fd_regular(int fd, size_t *size)
{
    struct _stat64 st;
    if (_fstat64(fd, &st) != 0 || !(st.st_mode & _S_IFREG))
        return 0;
    *size = (size_t)st.st_size;
    return 1;
}

int platform_mkdir(const char *path)
{
    wchar_t *w = platform_wide(path);
    if (!w)
        return -1;
    int rc = _wmkdir(w);
    int err = errno;
    free(w);
    errno = err;
    return rc;
}

char *platform_mkdtemp(char *tmpl)
{
    size_t n = strlen(tmpl);
    if (n < 6 || strcmp(tmpl + n - 6, "XXXXXX") != 0) {
        errno = EINVAL;
        return NULL;
    }
    static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    unsigned long long r = ((unsigned long long)GetCurrentProcessId() << 32) ^ GetTickCount64();
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned long long v = r + (unsigned long long)attempt * 7919u;
        for (int i = 0; i < 6; i++, v /= 36)
            tmpl[n - 6 + i] = chars[v % 36];
        if (platform_mkdir(tmpl) == 0)
            return tmpl;
        if (errno != EEXIST)
            return NULL;
    }
    return NULL;
}

int platform_unlink(const char *path)
{
    wchar_t *w = platform_wide(path);
    if (!w)
        return -1;
    int rc = _wunlink(w);
    int err = errno;
    free(w);
    errno = err;
    return rc;
}

int platform_rmdir(const char *path)
{
    wchar_t *w = platform_wide(path);
    if (!w)
        return -1;
    int rc = _wrmdir(w);
    int err = errno;
    free(w);
    errno = err;
    return rc;
}

int platform_replace(const char *from, const char *to)
{
    wchar_t *wf = platform_wide(from), *wt = platform_wide(to);
    BOOL ok = wf && wt && MoveFileExW(wf, wt, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH);
    if (!ok)
        errno = platform_errno_of(GetLastError());
    int err = errno;
    free(wf);
    free(wt);
    errno = err;
    return ok ? 0 : -1;
}

/* }}} */
/* {{{ file mapping */

void *platform_map(int fd, size_t len)
{
    HANDLE file = (HANDLE)_get_osfhandle(fd);
    if (file == INVALID_HANDLE_VALUE)
        return NULL;
    HANDLE m = CreateFileMappingW(file, NULL, PAGE_READONLY, 0, 0, NULL);
    if (!m)
        return NULL;
    void *p = MapViewOfFile(m, FILE_MAP_READ, 0, 0, len);
    CloseHandle(m);   /* the view keeps the mapping */
    return p;
}

void platform_unmap(void *p, size_t len)
{
    (void)len;
    UnmapViewOfFile(p);
}

void platform_advise_sequential(void *p, size_t len)
{
    (void)p;
    (void)len;
}

/* VirtualUnlock on pages that are not locked takes them out of the working set. */
void platform_advise_dontneed(void *p, size_t len)
{
    VirtualUnlock(p, len);
}

unsigned long long platform_physical_memory(void)
{
    MEMORYSTATUSEX m;
    m.dwLength = sizeof m;
    return GlobalMemoryStatusEx(&m) ? (unsigned long long)m.ullTotalPhys : 0;
}

void *platform_huge_zalloc(size_t bytes)
{
    return calloc(1, bytes);
}

/* }}} */
/* {{{ folders */

struct platform_dir {
    _WDIR *d;
    char *name;
};

platform_dir *platform_opendir(const char *path)
{
    wchar_t *w = platform_wide(path);
    _WDIR *d = w ? _wopendir(w) : NULL;
    free(w);
    if (!d)
        return NULL;
    platform_dir *pd = calloc(1, sizeof *pd);
    if (!pd) {
        _wclosedir(d);
        return NULL;
    }
    pd->d = d;
    return pd;
}

const char *platform_readdir(platform_dir *pd)
{
    free(pd->name);
    pd->name = NULL;
    struct _wdirent *ent;
    while ((ent = _wreaddir(pd->d)))
        if ((pd->name = platform_utf8(ent->d_name)))
            return pd->name;
    return NULL;
}

void platform_closedir(platform_dir *pd)
{
    _wclosedir(pd->d);
    free(pd->name);
    free(pd);
}

/* }}} */
/* {{{ paths */

int platform_is_sep(char c)
{
    return c == '/' || c == '\\';
}

size_t platform_root_len(const char *p)
{
    if (isalpha((unsigned char)p[0]) && p[1] == ':')
        return platform_is_sep(p[2]) ? 3 : 2;                 /* C:\  (C: alone: that drive's folder) */
    if (platform_is_sep(p[0]) && platform_is_sep(p[1]) && p[2] && !platform_is_sep(p[2])) {
        size_t i = 2;                                           /* \\server\share\ */
        for (int part = 0; part < 2 && p[i]; part++) {
            while (p[i] && !platform_is_sep(p[i]))
                i++;
            if (p[i])
                i++;
        }
        return i;
    }
    return platform_is_sep(p[0]) ? 1 : 0;                       /* \ : the current drive's root */
}

int platform_is_absolute(const char *path)
{
    return platform_root_len(path) > 0;
}

/* The final path of the file or folder, links and junctions followed
 * (GetFinalPathNameByHandleW), without the "\\?\" prefix. */
int platform_realpath(const char *path, char *out, size_t size)
{
    wchar_t *w = platform_wide(path);
    if (!w)
        return -1;
    HANDLE h = CreateFileW(w, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        errno = platform_errno_of(GetLastError());
        return -1;
    }
    wchar_t final[32768];
    DWORD n = GetFinalPathNameByHandleW(h, final, sizeof final / sizeof *final, FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
    CloseHandle(h);
    if (n == 0 || n >= sizeof final / sizeof *final) {
        errno = ENOENT;
        return -1;
    }
    const wchar_t *f = final;
    if (wcsncmp(f, L"\\\\?\\UNC\\", 8) == 0) {
        f += 6;
        final[6] = L'\\';          /* \\?\UNC\server → \\server */
    } else if (wcsncmp(f, L"\\\\?\\", 4) == 0) {
        f += 4;
    }
    char *s = platform_utf8(f);
    if (!s)
        return -1;
    int fits = strlen(s) < size;
    if (fits)
        memcpy(out, s, strlen(s) + 1);
    else
        errno = ENAMETOOLONG;
    free(s);
    return fits ? 0 : -1;
}

int platform_getcwd(char *out, size_t size)
{
    wchar_t *w = _wgetcwd(NULL, 0);
    char *s = w ? platform_utf8(w) : NULL;
    free(w);
    if (!s)
        return -1;
    int fits = strlen(s) < size;
    if (fits)
        memcpy(out, s, strlen(s) + 1);
    free(s);
    return fits ? 0 : -1;
}

int platform_exe_path(char *out, size_t size)
{
    wchar_t w[32768];
    DWORD n = GetModuleFileNameW(NULL, w, sizeof w / sizeof *w);
    if (n == 0 || n >= sizeof w / sizeof *w)
        return -1;
    char *s = platform_utf8(w);
    if (!s)
        return -1;
    int fits = strlen(s) < size;
    if (fits)
        memcpy(out, s, strlen(s) + 1);
    free(s);
    return fits ? 0 : -1;
}

const char *platform_getenv(const char *name)
{
    static char *value;   /* valid until the next call */
    wchar_t *wn = platform_wide(name);
    const wchar_t *wv = wn ? _wgetenv(wn) : NULL;
    free(wn);
    free(value);
    value = wv ? platform_utf8(wv) : NULL;
    return value;
}

/* }}} */
/* {{{ numbers and strings */

double platform_strtod_c(const char *s)
{
    /* mingw-w64's strtod is correctly rounded (gdtoa); only the decimal mark
     * follows the locale, and evalrun's own text has a '.'. */
    const char *mark = localeconv()->decimal_point;
    if (!mark || strcmp(mark, ".") == 0)
        return __mingw_strtod(s, NULL);
    char buf[128];
    size_t n = strlen(s), m = strlen(mark);
    if (n + m >= sizeof buf)
        return __mingw_strtod(s, NULL);
    const char *dot = strchr(s, '.');
    if (!dot)
        return __mingw_strtod(s, NULL);
    size_t k = (size_t)(dot - s);
    memcpy(buf, s, k);
    memcpy(buf + k, mark, m);
    memcpy(buf + k + m, dot + 1, n - k);
    return __mingw_strtod(buf, NULL);
}

char *strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *d = malloc(len + 1);
    if (!d)
        return NULL;
    memcpy(d, s, len);
    d[len] = 0;
    return d;
}

int setenv(const char *name, const char *value, int overwrite)
{
    if (!overwrite && getenv(name))
        return 0;
    return _putenv_s(name, value) == 0 ? 0 : -1;
}

char *strtok_r(char *s, const char *delim, char **save)
{
    if (!s)
        s = *save;
    s += strspn(s, delim);
    if (!*s) {
        *save = s;
        return NULL;
    }
    char *end = s + strcspn(s, delim);
    if (*end)
        *end++ = 0;
    *save = end;
    return s;
}

/* }}} */
#endif

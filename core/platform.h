/* platform.h — where Linux and Windows differ, and nowhere else.
 *
 * evalrun keeps one code path; the few things the two systems do differently
 * go through these functions: platform_posix.c implements them with POSIX,
 * platform_win32.c with the Win32 API (evalrun.exe, cross-built with mingw-w64).
 *
 * File names are UTF-8 everywhere in evalrun. On Windows they are converted to
 * UTF-16 and passed to the wide-char API, so "C:\Báo cáo 2023\dữ liệu" works
 * whatever the PC's ANSI code page. Threads are POSIX threads on both systems
 * (mingw-w64's winpthreads on Windows).
 */
#ifndef EVALRUN_PLATFORM_H
#define EVALRUN_PLATFORM_H
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>

#ifdef _WIN32
#define PLATFORM_WINDOWS 1
/* Flags POSIX has and Windows lacks mean nothing there. */
#ifndef O_NOFOLLOW
#define O_NOFOLLOW 0
#endif
#else
#define PLATFORM_WINDOWS 0
#endif

/* Called first by main: on Windows, argv becomes UTF-8 (from the wide command
 * line), the console prints UTF-8, and stdout/stderr write "\n" as is, so
 * what evalrun prints is the same bytes on both systems. No-op on POSIX. */
void platform_init(int *argc, char ***argv);

/* ---- files by UTF-8 name ---------------------------------------------------- */
FILE *platform_fopen(const char *path, const char *mode);
/* open(2) in binary mode; flags are O_* from <fcntl.h>. */
int platform_open(const char *path, int flags, int mode);
/* 1 when path exists (file or folder), else 0; lexists: a symbolic link
 * counts as there even when what it points to is not. */
int platform_exists(const char *path);
int platform_lexists(const char *path);
/* 1 when path is a folder. */
int platform_is_dir(const char *path);
/* What path is (links followed): a regular file (its size in *size, when size is
 * not NULL), a folder, something else (a device, a pipe, a socket), or nothing. */
enum { PLATFORM_MISSING = -1, PLATFORM_REGULAR = 0, PLATFORM_DIR = 1, PLATFORM_OTHER = 2 };
int platform_file_kind(const char *path, size_t *size);
/* 1 when the open file descriptor is a regular file; its size in *size. */
int platform_fd_regular(int fd, size_t *size);
/* mkdir of one folder: 0, or -1 with errno (EEXIST when it is there). */
int platform_mkdir(const char *path);
/* A new folder named from tmpl, whose last six characters are XXXXXX (mkdtemp). */
char *platform_mkdtemp(char *tmpl);
/* unlink, rmdir: 0 or -1 with errno. */
int platform_unlink(const char *path);
int platform_rmdir(const char *path);
/* Renames from over to, replacing an existing file to (rename(2); MoveFileExW
 * with MOVEFILE_REPLACE_EXISTING on Windows). 0 or -1 with errno. */
int platform_replace(const char *from, const char *to);

/* ---- file mapping ------------------------------------------------------------- */
/* Maps len bytes of the open file read-only, or returns NULL (the caller reads
 * the file instead). */
void *platform_map(int fd, size_t len);
void platform_unmap(void *p, size_t len);
/* Hints, ignored where the system has none: the mapping is read front to back;
 * these pages will not be needed again; this big table wants huge pages. */
void platform_advise_sequential(void *p, size_t len);
void platform_advise_dontneed(void *p, size_t len);
/* bytes of zeroed memory for a big table, released with free(): aligned to
 * 2 MiB and asking for transparent huge pages where the system has them. */
void *platform_huge_zalloc(size_t bytes);
/* The machine's physical memory in bytes, or 0 when the system does not say. */
unsigned long long platform_physical_memory(void);

/* ---- folders ---------------------------------------------------------------------- */
typedef struct platform_dir platform_dir;
platform_dir *platform_opendir(const char *path);
/* The next entry's name (UTF-8), NULL at the end. Valid until the next call. */
const char *platform_readdir(platform_dir *d);
void platform_closedir(platform_dir *d);

/* ---- paths -------------------------------------------------------------------------- */
/* '/' on both systems; '\' too on Windows. */
int platform_is_sep(char c);
/* "/x" on POSIX; "C:\x", "C:/x", "\\server\share" and "\x" on Windows. */
int platform_is_absolute(const char *path);
/* Length of the root of an absolute path ("/" → 1, "C:\" → 3), 0 when relative. */
size_t platform_root_len(const char *path);
/* The canonical absolute form of an existing path into out[size]: 0 or -1. */
int platform_realpath(const char *path, char *out, size_t size);
/* The current folder into out[size]: 0 or -1. */
int platform_getcwd(char *out, size_t size);
/* Full path of the running executable into out[size]: 0 or -1. */
int platform_exe_path(char *out, size_t size);
/* getenv with a UTF-8 value (NULL when unset). */
const char *platform_getenv(const char *name);

/* strtod in the "C" locale, whatever the process locale is. */
double platform_strtod_c(const char *s);

#ifdef _WIN32
#include <wchar.h>
/* UTF-8 to UTF-16 and back, malloc'd; NULL with errno on a bad sequence. */
wchar_t *platform_wide(const char *s);
char *platform_utf8(const wchar_t *w);
/* The errno for a GetLastError() code. */
int platform_errno_of(unsigned long err);
/* What glibc has and the Windows C library lacks. */
char *strndup(const char *s, size_t n);
char *strtok_r(char *s, const char *delim, char **save);
int setenv(const char *name, const char *value, int overwrite);
#endif

#endif

/* publish_win32.c — publish.h on Windows (evalrun.exe; publish.c is the POSIX one).
 *
 * The same contract as on Linux: a run writes into a hidden staging folder
 * beside the output folder, ".<name>.evalrun-<pid>.tmp", and the outputs
 * appear only when everything was written; a failed or interrupted run leaves
 * the previous outputs as they were. Windows has no atomic exchange of two
 * folders, so the swap is two renames (MoveFileExW, MOVEFILE_WRITE_THROUGH):
 * the old output folder moves aside to ".<name>.evalrun-<pid>.old", the staging
 * folder takes its name, and the old one is removed. A run killed between the
 * two renames leaves the ".old" folder, which the next run puts back. A file of
 * the output folder held open by another program (report.xlsx open in Excel)
 * stops the swap with a clear message and nothing changed.
 *
 * Files in the output folder that this run does not write are carried into the
 * new folder (hard links where the disk has them, else copies; subfolders
 * moved). A results database outside the output folder is built beside its
 * final name and moved over it (MOVEFILE_REPLACE_EXISTING). Ctrl-C (and closing
 * the console window) removes the staging folder.
 */
#ifdef _WIN32
#include "publish.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "paths.h"
#include "platform.h"

#define STAGE_TAG ".evalrun-"

struct publish {
    char *out_shown;
    char *out_parent, *out_name, *out_abs;
    char *stage;
    char *db_shown, *db_temp;
    char *db_parent, *db_name, *db_abs, *db_stage;
    int committed;
};

static CRITICAL_SECTION guard;          /* commit and Ctrl-C never interleave */
static INIT_ONCE guard_once = INIT_ONCE_STATIC_INIT;
static char *ctrl_stage, *ctrl_db_stage;

static BOOL CALLBACK guard_init(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    (void)once; (void)param; (void)ctx;
    InitializeCriticalSection(&guard);
    return TRUE;
}

static void lock(void)
{
    InitOnceExecuteOnce(&guard_once, guard_init, NULL, NULL);
    EnterCriticalSection(&guard);
}

static void unlock(void)
{
    LeaveCriticalSection(&guard);
}

static void set_errno_from_last(void)
{
    errno = platform_errno_of(GetLastError());
}

static int move(const char *from, const char *to, DWORD flags)
{
    wchar_t *wf = platform_wide(from), *wt = platform_wide(to);
    BOOL ok = wf && wt && MoveFileExW(wf, wt, flags | MOVEFILE_WRITE_THROUGH);
    if (!ok)
        set_errno_from_last();
    int err = errno;
    free(wf);
    free(wt);
    errno = err;
    return ok ? 0 : -1;
}

/* {{{ paths */

/* Windows names compare without case. */
static int is_within(const char *a, const char *b)
{
    size_t n = strlen(b);
    while (n > 0 && platform_is_sep(b[n - 1]))
        n--;
    wchar_t *wa = platform_wide(a), *wb = NULL;
    char *bb = strndup(b, n);
    if (bb)
        wb = platform_wide(bb);
    free(bb);
    int in = 0;
    if (wa && wb) {
        size_t wn = wcslen(wb);
        in = _wcsnicmp(wa, wb, wn) == 0 && (wa[wn] == 0 || wa[wn] == L'\\' || wa[wn] == L'/');
    }
    free(wa);
    free(wb);
    return in;
}

static int canonical(const char *path, char **parent, char **name, char **abs, errlist *errs, const char *shown)
{
    char *p = strdup(path);
    if (!p)
        return -1;
    size_t n = strlen(p);
    while (n > platform_root_len(p) + 1 && platform_is_sep(p[n - 1]))
        p[--n] = 0;
    char real[4096];
    char *whole = platform_realpath(p, real, sizeof real) == 0 ? strdup(real) : NULL;
    if (!whole) {
        char *dir = path_dir(p);
        const char *base = p + strlen(p);
        while (base > p && !platform_is_sep(base[-1]) && base[-1] != ':')
            base--;
        if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
            errlist_add(errs, "%s: cannot write outputs there: %s", shown, strerror(errno));
            free(dir); free(p);
            return -1;
        }
        if (mkdir_p(dir) != 0 || platform_realpath(dir, real, sizeof real) != 0) {
            errlist_add(errs, "%s: cannot create the folder: %s", dir, strerror(errno));
            free(dir); free(p);
            return -1;
        }
        free(dir);
        whole = path_join(real, base);
    }
    free(p);
    if (!whole)
        return -1;
    size_t root = platform_root_len(whole);
    if (strlen(whole) <= root) {
        errlist_add(errs, "%s: cannot write outputs into the root folder", shown);
        free(whole);
        return -1;
    }
    char *slash = whole + strlen(whole);
    while (!platform_is_sep(slash[-1]))
        slash--;
    slash--;
    *parent = (size_t)(slash - whole) < root ? strndup(whole, root) : strndup(whole, (size_t)(slash - whole));
    *name = strdup(slash + 1);
    *abs = whole;
    return *parent && *name ? 0 : -1;
}

static int refuse_inputs(const char *abs, const char *shown, const char *what, int may_hold,
                         const char *const *inputs, errlist *errs)
{
    char real[4096];
    for (int i = 0; inputs && inputs[i]; i++) {
        if (platform_realpath(inputs[i], real, sizeof real) != 0)
            continue;
        if (is_within(abs, real) || (may_hold && is_within(real, abs))) {
            errlist_add(errs, "%s: refused as the %s: it %s the folder %s, which the run reads "
                        "(give --%s a place of its own, e.g. out/...)", shown, what,
                        is_within(abs, real) ? (is_within(real, abs) ? "is" : "is inside") : "holds",
                        inputs[i], may_hold ? "out" : "db");
            return -1;
        }
    }
    return 0;
}

/* }}} */
/* {{{ removing a staging folder */

/* Removes dir's files and dir. Subfolders (carried over from the output
 * folder) go back to back_to when given, else stay. */
static void remove_stage(const char *dir, const char *back_to)
{
    platform_dir *d = platform_opendir(dir);
    if (d) {
        const char *nm;
        while ((nm = platform_readdir(d))) {
            if (strcmp(nm, ".") == 0 || strcmp(nm, "..") == 0)
                continue;
            char *path = path_join(dir, nm);
            if (!path)
                continue;
            wchar_t *w = platform_wide(path);
            if (w && !DeleteFileW(w) && platform_is_dir(path) && back_to) {
                char *to = path_join(back_to, nm);
                if (to && !platform_exists(to))
                    move(path, to, 0);
                free(to);
            }
            free(w);
            free(path);
        }
        platform_closedir(d);
    }
    wchar_t *w = platform_wide(dir);
    if (w)
        RemoveDirectoryW(w);
    free(w);
}

static BOOL WINAPI on_ctrl(DWORD type)
{
    (void)type;
    lock();
    if (ctrl_stage)
        remove_stage(ctrl_stage, NULL);
    if (ctrl_db_stage)
        remove_stage(ctrl_db_stage, NULL);
    unlock();
    return FALSE;   /* then the default: the process ends */
}

static int pid_gone(long pid)
{
    if (pid <= 0 || pid == (long)GetCurrentProcessId())
        return 0;
    HANDLE h = OpenProcess(SYNCHRONIZE, FALSE, (DWORD)pid);
    if (!h)
        return GetLastError() == ERROR_INVALID_PARAMETER;   /* no such process */
    int gone = WaitForSingleObject(h, 0) == WAIT_OBJECT_0;
    CloseHandle(h);
    return gone;
}

/* ".<name>.evalrun-<pid>.tmp" or ".old" beside the output folder, left by a
 * run that is gone: ".old" goes back when the output folder is missing, the
 * rest is removed. */
static void clean_stale(const char *parent, const char *name)
{
    platform_dir *d = platform_opendir(parent);
    if (!d)
        return;
    size_t nlen = strlen(name), tlen = strlen(STAGE_TAG);
    char **found = NULL;
    int nfound = 0;
    const char *nm;
    while ((nm = platform_readdir(d))) {
        size_t len = strlen(nm);
        if (nm[0] != '.' || strncmp(nm + 1, name, nlen) != 0 || strncmp(nm + 1 + nlen, STAGE_TAG, tlen) != 0)
            continue;
        if (len < 4 || (strcmp(nm + len - 4, ".tmp") != 0 && strcmp(nm + len - 4, ".old") != 0))
            continue;
        if (!pid_gone(strtol(nm + 1 + nlen + tlen, NULL, 10)))
            continue;
        char **f = realloc(found, (size_t)(nfound + 1) * sizeof *f);
        if (!f)
            break;
        found = f;
        found[nfound++] = strdup(nm);
    }
    platform_closedir(d);
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < nfound; i++) {
            if (!found[i])
                continue;
            int old = strcmp(found[i] + strlen(found[i]) - 4, ".old") == 0;
            if (old != (pass == 0))
                continue;
            char *path = path_join(parent, found[i]), *out = path_join(parent, name);
            if (path && out) {
                if (old && !platform_exists(out) && move(path, out, 0) == 0)
                    fprintf(stderr, "evalrun: %s: put back the outputs of a run interrupted while replacing them\n", out);
                else
                    remove_stage(path, out);
            }
            free(path);
            free(out);
        }
    for (int i = 0; i < nfound; i++)
        free(found[i]);
    free(found);
}

/* }}} */
/* {{{ begin */

static int make_stage(const char *parent, const char *name, char **stage, errlist *errs, const char *shown)
{
    char nm[1024];
    snprintf(nm, sizeof nm, ".%s%s%lu.tmp", name, STAGE_TAG, (unsigned long)GetCurrentProcessId());
    *stage = path_join(parent, nm);
    if (!*stage)
        return -1;
    if (platform_mkdir(*stage) != 0) {
        errlist_add(errs, "%s: cannot write outputs there: cannot create a folder in %s: %s", shown, parent, strerror(errno));
        free(*stage);
        *stage = NULL;
        return -1;
    }
    wchar_t *w = platform_wide(*stage);
    if (w)
        SetFileAttributesW(w, FILE_ATTRIBUTE_HIDDEN);
    free(w);
    return 0;
}

publish *publish_begin(const char *out_dir, const char *db_path, const char *const *inputs, errlist *errs)
{
    publish *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->out_shown = strdup(out_dir);
    if (canonical(out_dir, &p->out_parent, &p->out_name, &p->out_abs, errs, out_dir) != 0)
        goto fail;
    if (platform_exists(p->out_abs) && !platform_is_dir(p->out_abs)) {
        errlist_add(errs, "%s: cannot write outputs there: it is a file, not a folder", out_dir);
        goto fail;
    }
    if (refuse_inputs(p->out_abs, out_dir, "output folder", 1, inputs, errs) != 0)
        goto fail;
    char cwd[4096];
    if (platform_realpath(".", cwd, sizeof cwd) == 0 && is_within(cwd, p->out_abs)) {
        errlist_add(errs, "%s: refused as the output folder: it holds the current folder, which would move "
                    "away under you (give --out another folder)", out_dir);
        goto fail;
    }
    if (db_path) {
        p->db_shown = strdup(db_path);
        if (canonical(db_path, &p->db_parent, &p->db_name, &p->db_abs, errs, db_path) != 0)
            goto fail;
        if (is_within(p->db_abs, p->out_abs) && is_within(p->out_abs, p->db_abs)) {
            errlist_add(errs, "%s: cannot write the results database there: it is a folder "
                        "(give --db a file name, e.g. %s/results.sqlite)", db_path, db_path);
            goto fail;
        }
        if (platform_is_dir(p->db_abs)) {
            errlist_add(errs, "%s: cannot write the results database there: it is a folder "
                        "(give --db a file name, e.g. %s/results.sqlite)", db_path, db_path);
            goto fail;
        }
        if (refuse_inputs(p->db_abs, db_path, "results database", 0, inputs, errs) != 0)
            goto fail;
        if (is_within(p->db_parent, p->out_abs) && is_within(p->out_abs, p->db_parent)) {
            free(p->db_parent); free(p->db_abs);
            p->db_parent = p->db_abs = NULL;
        }
    } else {
        p->db_shown = path_join(out_dir, "results.sqlite");
        p->db_name = strdup("results.sqlite");
    }
    clean_stale(p->out_parent, p->out_name);
    if (make_stage(p->out_parent, p->out_name, &p->stage, errs, out_dir) != 0)
        goto fail;
    if (p->db_parent) {
        clean_stale(p->db_parent, p->db_name);
        if (make_stage(p->db_parent, p->db_name, &p->db_stage, errs, db_path) != 0)
            goto fail;
        p->db_temp = path_join(p->db_stage, p->db_name);
    } else {
        p->db_temp = path_join(p->stage, p->db_name);
    }
    lock();
    ctrl_stage = p->stage;
    ctrl_db_stage = p->db_stage;
    unlock();
    SetConsoleCtrlHandler(on_ctrl, TRUE);
    return p;
fail:
    publish_end(p);
    return NULL;
}

const char *publish_dir(const publish *p) { return p->stage; }
const char *publish_db_temp(const publish *p) { return p->db_temp; }
const char *publish_out_shown(const publish *p) { return p->out_shown; }
const char *publish_db_shown(const publish *p) { return p->db_shown; }

/* }}} */
/* {{{ commit */

/* Every file of the staging folder on disk before it is published. */
static int sync_files(const char *dir, const char *shown_dir, errlist *errs)
{
    platform_dir *d = platform_opendir(dir);
    if (!d) {
        errlist_add(errs, "%s: cannot write: %s", shown_dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    const char *nm;
    while ((nm = platform_readdir(d))) {
        char *path = path_join(dir, nm);
        wchar_t *w = path ? platform_wide(path) : NULL;
        DWORD a = w ? GetFileAttributesW(w) : INVALID_FILE_ATTRIBUTES;
        if (a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY)) {
            HANDLE h = CreateFileW(w, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                                   NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
            if (h == INVALID_HANDLE_VALUE || !FlushFileBuffers(h)) {
                set_errno_from_last();
                errlist_add(errs, "%s/%s: cannot write: %s", shown_dir, nm, strerror(errno));
                rc = -1;
            }
            if (h != INVALID_HANDLE_VALUE)
                CloseHandle(h);
        }
        free(w);
        free(path);
    }
    platform_closedir(d);
    return rc;
}

/* Carries into the staging folder what the output folder holds and this run
 * does not write: files as hard links (copies where the disk has no links),
 * subfolders moved (their names in *moved, to move them back on failure). */
static int carry_over(publish *p, char ***moved, int *nmoved, errlist *errs)
{
    if (!platform_is_dir(p->out_abs))
        return 0;
    platform_dir *d = platform_opendir(p->out_abs);
    if (!d) {
        errlist_add(errs, "%s: cannot read the output folder: %s", p->out_shown, strerror(errno));
        return -1;
    }
    int rc = 0;
    const char *nm;
    while (rc == 0 && (nm = platform_readdir(d))) {
        if (strcmp(nm, ".") == 0 || strcmp(nm, "..") == 0)
            continue;
        char *from = path_join(p->out_abs, nm), *to = path_join(p->stage, nm);
        if (!from || !to) {
            rc = -1;
        } else if (platform_exists(to)) {
            /* written by this run: the new one replaces it */
        } else if (platform_is_dir(from)) {
            char **m = realloc(*moved, (size_t)(*nmoved + 1) * sizeof *m);
            if (m)
                *moved = m;
            if (!m || move(from, to, 0) != 0) {
                errlist_add(errs, "%s/%s: cannot keep it in the new output folder: %s", p->out_shown, nm, strerror(errno));
                rc = -1;
            } else {
                (*moved)[(*nmoved)++] = strdup(nm);
            }
        } else {
            wchar_t *wf = platform_wide(from), *wt = platform_wide(to);
            if (!wf || !wt || (!CreateHardLinkW(wt, wf, NULL) && !CopyFileW(wf, wt, TRUE))) {
                set_errno_from_last();
                errlist_add(errs, "%s/%s: cannot keep it in the new output folder: %s", p->out_shown, nm, strerror(errno));
                rc = -1;
            }
            free(wf);
            free(wt);
        }
        free(from);
        free(to);
    }
    platform_closedir(d);
    return rc;
}

static void carry_back(publish *p, char **moved, int nmoved)
{
    for (int i = 0; i < nmoved; i++) {
        char *from = path_join(p->stage, moved[i]), *to = path_join(p->out_abs, moved[i]);
        if (from && to)
            move(from, to, 0);
        free(from);
        free(to);
    }
}

/* The staging folder takes the output folder's name: the old one moves aside
 * first (".old", put back by the next run if this one is killed in between). */
static int swap_in(publish *p, int out_exists, errlist *errs)
{
    if (!out_exists) {
        if (move(p->stage, p->out_abs, 0) == 0)
            return 0;
    } else {
        char *aside = strdup(p->stage);
        if (aside) {
            strcpy(aside + strlen(aside) - 4, ".old");
            if (move(p->out_abs, aside, 0) == 0) {
                if (move(p->stage, p->out_abs, 0) == 0 && move(aside, p->stage, 0) == 0) {
                    free(aside);
                    return 0;
                }
                int err = errno;
                if (!platform_exists(p->out_abs))
                    move(aside, p->out_abs, 0);
                errno = err;
            }
            free(aside);
        }
        if (errno == EACCES) {
            errlist_add(errs, "%s: cannot replace the output folder: %s (is one of its files open in "
                        "another program, e.g. report.xlsx in Excel? close it and run again)",
                        p->out_shown, strerror(errno));
            return -1;
        }
    }
    errlist_add(errs, "%s: cannot replace the output folder: %s", p->out_shown, strerror(errno));
    return -1;
}

int publish_commit(publish *p, errlist *errs)
{
    lock();
    int rc = -1;
    char **moved = NULL;
    int nmoved = 0;
    int out_exists = platform_exists(p->out_abs);
    if (out_exists && !platform_is_dir(p->out_abs)) {
        errlist_add(errs, "%s: cannot write outputs there: it is a file, not a folder", p->out_shown);
        goto done;
    }
    if (p->db_abs && platform_is_dir(p->db_abs)) {
        errlist_add(errs, "%s: cannot write the results database there: it is a folder", p->db_shown);
        goto done;
    }
    if (sync_files(p->stage, p->out_shown, errs) != 0)
        goto done;
    if (p->db_stage && sync_files(p->db_stage, p->db_shown, errs) != 0)
        goto done;
    if (carry_over(p, &moved, &nmoved, errs) != 0 || swap_in(p, out_exists, errs) != 0) {
        carry_back(p, moved, nmoved);
        goto done;
    }
    p->committed = 1;
    ctrl_stage = NULL;
    remove_stage(p->stage, NULL);   /* now the old outputs */
    if (p->db_stage) {
        if (move(p->db_temp, p->db_abs, MOVEFILE_REPLACE_EXISTING) != 0) {
            errlist_add(errs, "%s: cannot write: %s (the tables in %s are already the new ones)",
                        p->db_shown, strerror(errno), p->out_shown);
            goto done;
        }
    }
    rc = 0;
done:
    for (int i = 0; i < nmoved; i++)
        free(moved[i]);
    free(moved);
    unlock();
    return rc;
}

/* }}} */

void publish_end(publish *p)
{
    if (!p)
        return;
    lock();
    if (p->stage && !p->committed)
        remove_stage(p->stage, NULL);
    if (p->db_stage)
        remove_stage(p->db_stage, NULL);
    ctrl_stage = ctrl_db_stage = NULL;
    unlock();
    free(p->out_shown); free(p->out_parent); free(p->out_name); free(p->out_abs); free(p->stage);
    free(p->db_shown); free(p->db_temp); free(p->db_parent); free(p->db_name); free(p->db_abs); free(p->db_stage);
    free(p);
}
#endif

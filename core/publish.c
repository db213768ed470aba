/* publish.c — see publish.h. */
#define _GNU_SOURCE   /* renameat2, getdents64, asprintf */
#include "i18n.h"
#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"

#define STAGE_TAG ".evalrun-"

struct publish {
    char *out_shown;      /* as the user named it */
    char *out_parent;     /* canonical folder holding the output folder */
    char *out_name;       /* its name there */
    char *out_abs;        /* out_parent/out_name */
    char *stage;          /* out_parent/.out_name.evalrun-PID.tmp */
    int stage_fd;         /* open and locked while the run lives */
    char *db_shown;
    char *db_temp;        /* where the database is built */
    /* --db outside the output folder: its own staging folder beside it */
    char *db_parent, *db_name, *db_abs, *db_stage;
    int db_stage_fd;
    int committed;
};

/* {{{ paths */

static int is_within(const char *a, const char *b)
{
    size_t n = strlen(b);
    if (strcmp(b, "/") == 0)
        return 1;
    return strncmp(a, b, n) == 0 && (a[n] == 0 || a[n] == '/');
}

/* Canonical absolute form of a path that may not exist yet: its folder is made
 * (mkdir -p) and resolved, the last part kept; an existing path is resolved
 * whole (a symlinked output folder is replaced where it really is). */
static int canonical(const char *path, char **parent, char **name, char **abs, errlist *errs, const char *shown)
{
    char *p = strdup(path);
    if (!p)
        return -1;
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        p[--n] = 0;
    char real[PATH_MAX];
    char *whole = realpath(p, real) ? strdup(real) : NULL;
    if (!whole) {
        char *dir = path_dir(p);
        const char *slash = strrchr(p, '/');
        const char *base = slash ? slash + 1 : p;
        if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
            errlist_add(errs, _("%s: cannot write outputs there: %s"), shown, strerror(errno));
            free(dir); free(p);
            return -1;
        }
        if (mkdir_p(dir) != 0 || !realpath(dir, real)) {
            errlist_add(errs, _("%s: cannot create the folder: %s"), dir, strerror(errno));
            free(dir); free(p);
            return -1;
        }
        free(dir);
        if (asprintf(&whole, "%s%s%s", real, strcmp(real, "/") ? "/" : "", base) < 0)
            whole = NULL;
    }
    free(p);
    if (!whole)
        return -1;
    if (strcmp(whole, "/") == 0) {
        errlist_add(errs, _("%s: cannot write outputs into the root folder"), shown);
        free(whole);
        return -1;
    }
    char *slash = strrchr(whole, '/');
    *parent = slash == whole ? strdup("/") : strndup(whole, (size_t)(slash - whole));
    *name = strdup(slash + 1);
    *abs = whole;
    return *parent && *name ? 0 : -1;
}

/* The run's inputs must stay untouched: no output in them, none holding them. */
static int refuse_inputs(const char *abs, const char *shown, const char *what, int may_hold,
                         const char *const *inputs, errlist *errs)
{
    char real[PATH_MAX];
    for (int i = 0; inputs && inputs[i]; i++) {
        if (!realpath(inputs[i], real))
            continue;
        if (is_within(abs, real) || (may_hold && is_within(real, abs))) {
            errlist_add(errs, _("%s: refused as the %s: it %s the folder %s, which the run reads "
                        "(give --%s a place of its own, e.g. out/...)"), shown, what,
                        is_within(abs, real) ? (strcmp(abs, real) == 0 ? _("is") : _("is inside")) : _("holds"),
                        inputs[i], may_hold ? "out" : "db");
            return -1;
        }
    }
    return 0;
}

/* }}} */
/* {{{ removing a staging folder */

/* Removes dir's entries and dir itself, from a signal handler too: only
 * system calls. Subfolders (carried over from the output folder, only
 * while publishing) are moved back to back_to when given, else left. */
static void remove_stage_raw(const char *dir, const char *back_to)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    int backfd = back_to ? open(back_to, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    char buf[4096];
    for (;;) {
        ssize_t n = getdents64(fd, buf, sizeof buf);
        if (n <= 0)
            break;
        for (ssize_t off = 0; off < n;) {
            struct dirent64 *d = (struct dirent64 *)(buf + off);
            off += d->d_reclen;
            const char *nm = d->d_name;
            if (nm[0] == '.' && (!nm[1] || (nm[1] == '.' && !nm[2])))
                continue;
            if (unlinkat(fd, nm, 0) == 0 || errno != EISDIR)
                continue;
            /* a folder carried over from the output folder: never deleted */
            if (backfd >= 0)
                renameat2(fd, nm, backfd, nm, RENAME_NOREPLACE);
        }
    }
    if (backfd >= 0)
        close(backfd);
    close(fd);
    rmdir(dir);
}

/* The staging folders of this run, for the signal handler. */
static char sig_stage[PATH_MAX], sig_db_stage[PATH_MAX];

static void on_signal(int sig)
{
    if (sig_stage[0])
        remove_stage_raw(sig_stage, NULL);
    if (sig_db_stage[0])
        remove_stage_raw(sig_db_stage, NULL);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* A process id at the end of a name of an earlier version's temporary file:
 * ".report.md.1234.tmp" or "results.sqlite.tmp-1234". 0 if none. */
static long legacy_pid(const char *nm)
{
    size_t n = strlen(nm);
    const char *digits = NULL;
    if (n > 5 && nm[0] == '.' && strcmp(nm + n - 4, ".tmp") == 0) {
        const char *end = nm + n - 4, *s = end;
        while (s > nm && s[-1] >= '0' && s[-1] <= '9')
            s--;
        if (s < end && s > nm && s[-1] == '.')
            digits = s;
    } else {
        const char *t = strstr(nm, ".tmp-");
        if (t && t[5]) {
            digits = t + 5;
            for (const char *s = digits; *s; s++)
                if (*s < '0' || *s > '9')
                    digits = NULL;
        }
    }
    return digits ? strtol(digits, NULL, 10) : 0;
}

static int pid_gone(long pid)
{
    return pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* What runs stopped by kill -9 or a power cut left beside `name` in `parent`:
 * staging folders nobody holds the lock of. A folder moved aside while being
 * replaced (".old") goes back when the output folder is missing. */
static void clean_stale(const char *parent, const char *name)
{
    DIR *d = opendir(parent);
    if (!d)
        return;
    size_t nlen = strlen(name);
    char **found = NULL;
    int nfound = 0;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        const char *nm = ent->d_name;
        size_t len = strlen(nm);
        if (nm[0] != '.' || strncmp(nm + 1, name, nlen) != 0 || strncmp(nm + 1 + nlen, STAGE_TAG, strlen(STAGE_TAG)) != 0)
            continue;
        if (len < 4 || (strcmp(nm + len - 4, ".tmp") != 0 && strcmp(nm + len - 4, ".old") != 0))
            continue;
        char **f = realloc(found, (size_t)(nfound + 1) * sizeof *f);
        if (!f)
            break;
        found = f;
        found[nfound++] = strdup(nm);
    }
    closedir(d);
    /* the ".old" ones first: the output folder is back before anything is returned into it */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < nfound; i++) {
            if (!found[i])
                continue;
            size_t len = strlen(found[i]);
            int old = strcmp(found[i] + len - 4, ".old") == 0;
            if (old != (pass == 0))
                continue;
            char *path = path_join(parent, found[i]), *out = path_join(parent, name);
            int fd = path ? open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
            struct stat st;
            if (fd >= 0 && fstat(fd, &st) == 0 && st.st_uid == geteuid() && flock(fd, LOCK_EX | LOCK_NB) == 0) {
                if (old && !path_exists(out) && rename(path, out) == 0)
                    fprintf(stderr, "evalrun: %s: put back the outputs of a run interrupted while replacing them\n", out);
                else
                    remove_stage_raw(path, out);
            }
            if (fd >= 0)
                close(fd);
            free(path);
            free(out);
        }
    for (int i = 0; i < nfound; i++)
        free(found[i]);
    free(found);
}

/* Temporary files of earlier versions of evalrun whose run is gone. */
static void clean_legacy(const char *dir, const char *db_name)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *ent;
    int fd = dirfd(d);
    while ((ent = readdir(d))) {
        long pid = legacy_pid(ent->d_name);
        if (!pid || !pid_gone(pid))
            continue;
        if (ent->d_name[0] != '.' && (!db_name || strncmp(ent->d_name, db_name, strlen(db_name)) != 0))
            continue;
        struct stat st;
        if (fstatat(fd, ent->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid())
            unlinkat(fd, ent->d_name, 0);
    }
    closedir(d);
}

/* }}} */
/* {{{ begin */

static int make_stage(const char *parent, const char *name, char **stage, int *fd, errlist *errs, const char *shown)
{
    if (asprintf(stage, "%s%s.%s%s%ld.tmp", parent, strcmp(parent, "/") ? "/" : "", name, STAGE_TAG, (long)getpid()) < 0) {
        *stage = NULL;
        return -1;
    }
    if (mkdir(*stage, 0777) != 0) {
        errlist_add(errs, _("%s: cannot write outputs there: cannot create a folder in %s: %s"), shown, parent, strerror(errno));
        return -1;
    }
    *fd = open(*stage, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (*fd < 0 || flock(*fd, LOCK_EX | LOCK_NB) != 0) {
        errlist_add(errs, _("%s: cannot write outputs there: %s"), shown, strerror(errno));
        return -1;
    }
    return 0;
}

publish *publish_begin(const char *out_dir, const char *db_path, const char *const *inputs, errlist *errs)
{
    publish *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->stage_fd = p->db_stage_fd = -1;
    p->out_shown = strdup(out_dir);
    if (canonical(out_dir, &p->out_parent, &p->out_name, &p->out_abs, errs, out_dir) != 0)
        goto fail;
    struct stat st, pst;
    if (lstat(p->out_abs, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            errlist_add(errs, _("%s: cannot write outputs there: it is a file, not a folder"), out_dir);
            goto fail;
        }
        if (stat(p->out_parent, &pst) == 0 && pst.st_dev != st.st_dev) {
            errlist_add(errs, _("%s: cannot write outputs there: it is a mount point (give --out a folder inside it)"), out_dir);
            goto fail;
        }
    }
    if (refuse_inputs(p->out_abs, out_dir, _("output folder"), 1, inputs, errs) != 0)
        goto fail;
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd) && is_within(cwd, p->out_abs)) {
        errlist_add(errs, _("%s: refused as the output folder: it holds the current folder, which would move "
                    "away under you (give --out another folder)"), out_dir);
        goto fail;
    }
    /* the database */
    if (db_path) {
        p->db_shown = strdup(db_path);
        if (canonical(db_path, &p->db_parent, &p->db_name, &p->db_abs, errs, db_path) != 0)
            goto fail;
        if (strcmp(p->db_abs, p->out_abs) == 0 || (stat(p->db_abs, &st) == 0 && S_ISDIR(st.st_mode))) {
            errlist_add(errs, _("%s: cannot write the results database there: it is a folder "
                        "(give --db a file name, e.g. %s/results.sqlite)"), db_path, db_path);
            goto fail;
        }
        if (refuse_inputs(p->db_abs, db_path, _("results database"), 0, inputs, errs) != 0)
            goto fail;
        if (strcmp(p->db_parent, p->out_abs) == 0) {   /* in the output folder: staged with it */
            free(p->db_parent); free(p->db_abs);
            p->db_parent = p->db_abs = NULL;
        }
    } else {
        p->db_shown = path_join(out_dir, "results.sqlite");
        p->db_name = strdup("results.sqlite");
    }
    /* what interrupted runs left, then this run's own staging folder(s) */
    clean_stale(p->out_parent, p->out_name);
    clean_legacy(p->out_abs, p->db_name);
    if (make_stage(p->out_parent, p->out_name, &p->stage, &p->stage_fd, errs, out_dir) != 0)
        goto fail;
    snprintf(sig_stage, sizeof sig_stage, "%s", p->stage);
    if (p->db_parent) {
        clean_stale(p->db_parent, p->db_name);
        clean_legacy(p->db_parent, p->db_name);
        if (make_stage(p->db_parent, p->db_name, &p->db_stage, &p->db_stage_fd, errs, db_path) != 0)
            goto fail;
        snprintf(sig_db_stage, sizeof sig_db_stage, "%s", p->db_stage);
        p->db_temp = path_join(p->db_stage, p->db_name);
    } else {
        p->db_temp = path_join(p->stage, p->db_name);
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
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

static int sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Every file of the staging folder on disk before it is published (the
 * database is built without syncs: it is synced once, here). */
static int sync_files(int dirfd_, const char *shown_dir, errlist *errs)
{
    int fd = openat(dirfd_, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        errlist_add(errs, _("%s: cannot write: %s"), shown_dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        struct stat st;
        if (fstatat(dirfd(d), ent->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
            continue;
        int f = openat(dirfd(d), ent->d_name, O_RDONLY | O_CLOEXEC);
        if (f < 0 || fsync(f) != 0) {
            errlist_add(errs, _("%s/%s: cannot write: %s"), shown_dir, ent->d_name, strerror(errno));
            rc = -1;
        }
        if (f >= 0)
            close(f);
    }
    closedir(d);
    rc |= fsync(dirfd_);
    return rc;
}

/* Carries into the staging folder what the output folder holds and this run
 * does not write: files as hard links (the same file, in both folders),
 * subfolders moved. The names of the subfolders moved go to *moved (so
 * a failure can move them back). */
static int carry_over(publish *p, char ***moved, int *nmoved, errlist *errs)
{
    DIR *d = opendir(p->out_abs);
    if (!d) {
        if (errno == ENOENT)
            return 0;
        errlist_add(errs, _("%s: cannot read the output folder: %s"), p->out_shown, strerror(errno));
        return -1;
    }
    int ofd = dirfd(d);
    struct dirent *ent;
    int rc = 0;
    while (rc == 0 && (ent = readdir(d))) {
        const char *nm = ent->d_name;
        if (nm[0] == '.' && (!nm[1] || (nm[1] == '.' && !nm[2])))
            continue;
        struct stat st;
        if (fstatat(p->stage_fd, nm, &st, AT_SYMLINK_NOFOLLOW) == 0)
            continue;   /* written by this run: the new one replaces it */
        if (fstatat(ofd, nm, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            char **m = realloc(*moved, (size_t)(*nmoved + 1) * sizeof *m);
            if (!m || renameat(ofd, nm, p->stage_fd, nm) != 0) {
                if (m)
                    *moved = m;
                errlist_add(errs, _("%s/%s: cannot keep it in the new output folder: %s"), p->out_shown, nm, strerror(errno));
                rc = -1;
                break;
            }
            *moved = m;
            (*moved)[(*nmoved)++] = strdup(nm);
        } else if (linkat(ofd, nm, p->stage_fd, nm, 0) != 0) {
            errlist_add(errs, _("%s/%s: cannot keep it in the new output folder: %s"), p->out_shown, nm, strerror(errno));
            rc = -1;
        }
    }
    closedir(d);
    return rc;
}

static void carry_back(publish *p, char **moved, int nmoved)
{
    int ofd = open(p->out_abs, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    for (int i = 0; i < nmoved; i++)
        if (ofd >= 0)
            renameat(p->stage_fd, moved[i], ofd, moved[i]);
    if (ofd >= 0)
        close(ofd);
}

/* Swaps the staging folder with the output folder (or moves it there when
 * there is none). On file systems without an atomic exchange the old folder
 * is moved aside first (".old"; an interrupted run's is put back by the next). */
static int swap_in(publish *p, int out_exists, errlist *errs)
{
    if (!out_exists) {
        if (renameat2(AT_FDCWD, p->stage, AT_FDCWD, p->out_abs, RENAME_NOREPLACE) == 0 ||
            ((errno == EINVAL || errno == ENOSYS) && rename(p->stage, p->out_abs) == 0))
            return 0;
    } else {
        if (renameat2(AT_FDCWD, p->stage, AT_FDCWD, p->out_abs, RENAME_EXCHANGE) == 0)
            return 0;
        if (errno == EINVAL || errno == ENOSYS) {
            char *aside = strdup(p->stage);
            if (aside) {
                strcpy(aside + strlen(aside) - 4, ".old");
                if (rename(p->out_abs, aside) == 0) {
                    if (rename(p->stage, p->out_abs) == 0 && rename(aside, p->stage) == 0) {
                        free(aside);
                        return 0;
                    }
                    int err = errno;
                    if (!path_exists(p->out_abs))
                        rename(aside, p->out_abs);
                    errno = err;
                }
                free(aside);
            }
        }
    }
    errlist_add(errs, _("%s: cannot replace the output folder: %s"), p->out_shown, strerror(errno));
    return -1;
}

int publish_commit(publish *p, errlist *errs)
{
    sigset_t block, saved;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &saved);
    int rc = -1;
    char **moved = NULL;
    int nmoved = 0;
    struct stat st;
    /* every destination checked again before anything is published */
    int out_exists = lstat(p->out_abs, &st) == 0;
    mode_t out_mode = out_exists ? st.st_mode : 0;
    if (out_exists && !S_ISDIR(st.st_mode)) {
        errlist_add(errs, _("%s: cannot write outputs there: it is a file, not a folder"), p->out_shown);
        goto done;
    }
    if (p->db_abs && stat(p->db_abs, &st) == 0 && S_ISDIR(st.st_mode)) {
        errlist_add(errs, _("%s: cannot write the results database there: it is a folder"), p->db_shown);
        goto done;
    }
    if (sync_files(p->stage_fd, p->out_shown, errs) != 0)
        goto done;
    if (p->db_stage_fd >= 0 && sync_files(p->db_stage_fd, p->db_shown, errs) != 0)
        goto done;
    if (out_exists)
        fchmod(p->stage_fd, out_mode & 07777);
    if (carry_over(p, &moved, &nmoved, errs) != 0 || swap_in(p, out_exists, errs) != 0) {
        carry_back(p, moved, nmoved);
        goto done;
    }
    /* published: the staging name now holds the old outputs (or nothing) */
    p->committed = 1;
    sync_dir(p->out_parent);
    remove_stage_raw(p->stage, NULL);
    if (p->db_stage) {
        if (rename(p->db_temp, p->db_abs) != 0) {
            errlist_add(errs, _("%s: cannot write: %s (the tables in %s are already the new ones)"),
                        p->db_shown, strerror(errno), p->out_shown);
            goto done;
        }
        sync_dir(p->db_parent);
    }
    rc = 0;
done:
    for (int i = 0; i < nmoved; i++)
        free(moved[i]);
    free(moved);
    sigprocmask(SIG_SETMASK, &saved, NULL);
    return rc;
}

/* }}} */

void publish_end(publish *p)
{
    if (!p)
        return;
    sigset_t block, saved;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &saved);
    if (p->stage && p->stage_fd >= 0 && !p->committed)
        remove_stage_raw(p->stage, NULL);
    if (p->db_stage && p->db_stage_fd >= 0)
        remove_stage_raw(p->db_stage, NULL);
    if (p->stage_fd >= 0)
        close(p->stage_fd);
    if (p->db_stage_fd >= 0)
        close(p->db_stage_fd);
    sig_stage[0] = sig_db_stage[0] = 0;
    sigprocmask(SIG_SETMASK, &saved, NULL);
    free(p->out_shown); free(p->out_parent); free(p->out_name); free(p->out_abs); free(p->stage);
    free(p->db_shown); free(p->db_temp); free(p->db_parent); free(p->db_name); free(p->db_abs); free(p->db_stage);
    free(p);
}

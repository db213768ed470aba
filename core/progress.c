/* progress.c — see progress.h. */
#include "progress.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"

enum { P_NONE, P_LOAD, P_STEP, P_WRITE };

static struct {
    pthread_mutex_t mu;
    pthread_cond_t wake;
    pthread_t thread;
    int running, stop, shown;
    int what;
    double since;             /* when the current phase began */
    double file_since;        /* when the current file began loading */
    char name[256];           /* file or step */
    long rows;
    size_t done, total;
    int step, nsteps;
} P = { .mu = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void set_phase(int what, const char *name)
{
    if (!P.running) return;
    pthread_mutex_lock(&P.mu);
    if (what != P.what) P.since = now();
    P.what = what;
    snprintf(P.name, sizeof P.name, "%s", name ? name : "");
    pthread_mutex_unlock(&P.mu);
}

/* Thousands with a dot, as the office reads them: 1.234.567. */
static void vi_count(long n, char *buf, size_t size)
{
    char raw[32];
    int len = snprintf(raw, sizeof raw, "%ld", n), o = 0;
    for (int i = 0; i < len && o + 2 < (int)size; i++) {
        if (i && (len - i) % 3 == 0 && raw[i - 1] != '-') buf[o++] = '.';
        buf[o++] = raw[i];
    }
    buf[o] = 0;
}

/* PROGRESS_AFTER, or EVALRUN_PROGRESS_AFTER seconds when set (a test's step need not last
 * longer than the default on the fastest machine to show its line). */
static double progress_after(void)
{
    static double after = -1;
    if (after < 0) {
        const char *v = getenv("EVALRUN_PROGRESS_AFTER");
        char *end;
        double x = v ? strtod(v, &end) : -1;
        after = v && end != v && x >= 0 && x < 3600 ? x : PROGRESS_AFTER;
    }
    return after;
}

static void draw(void)
{
    double t = now(), elapsed = t - P.since;
    if (P.what == P_NONE || elapsed < progress_after()) return;
    char line[512], rows[32], rate[32];
    switch (P.what) {
    case P_LOAD:
        vi_count(P.rows, rows, sizeof rows);
        vi_count(t - P.file_since > 0 ? (long)(P.rows / (t - P.file_since)) : 0, rate, sizeof rate);
        if (P.total)
            snprintf(line, sizeof line, _("loading %s: %s rows, %s rows/s, %d%%"), P.name, rows, rate,
                     (int)(100.0 * (double)P.done / (double)P.total));
        else
            snprintf(line, sizeof line, _("loading %s: %s rows, %s rows/s"), P.name, rows, rate);
        break;
    case P_STEP:
        snprintf(line, sizeof line, _("step %d/%d: %s (%.0f s)"), P.step, P.nsteps, P.name, elapsed);
        break;
    default:
        snprintf(line, sizeof line, _("writing the outputs (%.0f s)"), elapsed);
        break;
    }
    /* \r and "erase to end of line": the line is redrawn in place */
    fprintf(stderr, "\r\033[K%s", line);
    fflush(stderr);
    P.shown = 1;
}

static void *run(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&P.mu);
    while (!P.stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 250 * 1000000L;
        if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
        pthread_cond_timedwait(&P.wake, &P.mu, &until);
        if (!P.stop) draw();
    }
    if (P.shown) { fputs("\r\033[K", stderr); fflush(stderr); }
    pthread_mutex_unlock(&P.mu);
    return NULL;
}

void progress_start(void)
{
    if (P.running || !isatty(STDERR_FILENO)) return;
    P.stop = 0;
    P.shown = 0;
    P.what = P_NONE;
    P.since = now();
    if (pthread_create(&P.thread, NULL, run, NULL) == 0) P.running = 1;
}

void progress_stop(void)
{
    if (!P.running) return;
    pthread_mutex_lock(&P.mu);
    P.stop = 1;
    pthread_cond_signal(&P.wake);
    pthread_mutex_unlock(&P.mu);
    pthread_join(P.thread, NULL);
    P.running = 0;
}

void progress_load(const char *path, long rows, size_t done, size_t total)
{
    if (!P.running) return;
    pthread_mutex_lock(&P.mu);
    if (P.what != P_LOAD) P.since = now();
    P.what = P_LOAD;
    if (strncmp(P.name, path, sizeof P.name - 1) != 0) {
        snprintf(P.name, sizeof P.name, "%s", path);
        P.file_since = now();
    }
    P.rows = rows;
    P.done = done > total ? total : done;
    P.total = total;
    pthread_mutex_unlock(&P.mu);
}

void progress_step(const char *title, int i, int n)
{
    if (!P.running) return;
    pthread_mutex_lock(&P.mu);
    P.since = now();      /* each step is a phase of its own */
    P.what = P_STEP;
    snprintf(P.name, sizeof P.name, "%s", title);
    P.step = i;
    P.nsteps = n;
    pthread_mutex_unlock(&P.mu);
}

void progress_write(void) { set_phase(P_WRITE, NULL); }

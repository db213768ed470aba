/* progress.h — one line of progress on stderr for a long run.
 *
 * Shown only when stderr is a terminal and the current phase has lasted more
 * than PROGRESS_AFTER seconds: a run piped into a file or another program,
 * and a run that finishes quickly, print nothing. A thread redraws the line a
 * few times a second from the state the phases set here, so a long step shows
 * its name while it runs; the line is erased before anything else is printed.
 */
#ifndef EVALRUN_PROGRESS_H
#define EVALRUN_PROGRESS_H

#include <stddef.h>

#define PROGRESS_AFTER 1.5

void progress_start(void);                 /* no-op unless stderr is a terminal */
void progress_stop(void);                  /* erases the line, ends the thread */
/* Loading a file: rows stored so far, bytes parsed of total (0: unknown). */
void progress_load(const char *path, long rows, size_t done, size_t total);
/* Running the rules: step i of n. */
void progress_step(const char *title, int i, int n);
/* Writing the outputs. */
void progress_write(void);

#endif

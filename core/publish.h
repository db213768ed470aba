/* publish.h — a run's outputs appear all together or not at all.
 *
 * Everything a run writes goes into a hidden staging folder beside the output
 * folder, ".<name>.evalrun-<pid>.tmp" (the results database too, when it goes
 * into the output folder, as it does by default). When everything was written,
 * the staging folder takes the output folder's place in one rename
 * (renameat2 RENAME_EXCHANGE): someone opening the folder sees either the old
 * outputs or the new ones, never a mix, whatever moment the run is stopped at.
 * Files already in the output folder that this run does not write (a table the
 * rules no longer make, a user's own file, a subfolder) are carried over into
 * the new folder first (hard links; subfolders moved), so nothing but the
 * outputs changes.
 *
 * Destinations are checked before the run starts loading: the output folder
 * must be a folder (or not exist yet), on the same file system as its parent,
 * and neither the data, rules or library folder, nor inside one, nor holding
 * one, nor holding the current folder; --db must not name a folder or a file
 * in those folders.
 *
 * The staging folder is locked (flock) while its run lives. A run stopped by
 * Ctrl-C removes it; one killed outright (kill -9, power cut) leaves it, and
 * the next run for the same output folder removes it once nobody holds its
 * lock (and puts back anything it carried).
 */
#ifndef EVALRUN_PUBLISH_H
#define EVALRUN_PUBLISH_H

#include "errlist.h"

typedef struct publish publish;

/* out_dir: the output folder as the user named it. db_path: --db, or NULL for
 * <out_dir>/results.sqlite. inputs: NULL-terminated list of folders the run
 * reads (NULL entries allowed before the end are not: pass only real ones).
 * Checks the destinations, cleans what interrupted runs left, makes the
 * staging folder. Returns NULL with errs filled when a destination is refused
 * or the staging folder cannot be made. */
publish *publish_begin(const char *out_dir, const char *db_path, const char *const *inputs, errlist *errs);

/* Where to write the output files (under their final names). */
const char *publish_dir(const publish *p);
/* Where to build the results database. */
const char *publish_db_temp(const publish *p);
/* The output folder and the database as the user named them (for messages). */
const char *publish_out_shown(const publish *p);
const char *publish_db_shown(const publish *p);

/* Puts everything in place: the output folder in one step, then the database
 * when it lives outside the output folder. Ctrl-C waits until it is done.
 * Returns 0, or -1 with errs filled and the previous outputs as they were. */
int publish_commit(publish *p, errlist *errs);

/* Removes the staging folder(s) if still there and frees p (NULL: nothing). */
void publish_end(publish *p);

#endif

/* saved_run.h — `evalrun explain` answered from the last run's results database.
 *
 * A national run takes minutes; explaining one member should not run it again. After the
 * rules are declared, the database a run with the same options wrote (--db, or
 * <--out or out/<id>>/results.sqlite) is used when it was made by this engine version, for
 * the same rule set, rule file and year, every rule and library file it read is unchanged
 * on disk (SHA-256, as recorded in run_files), every file read to declare the rules now is
 * among them, and the same sources are declared with files unchanged (sources.sha256).
 * Otherwise the rules run again, as before. */
#ifndef EVALRUN_SAVED_RUN_H
#define EVALRUN_SAVED_RUN_H
#include "engine.h"

/* Replaces e->db by the saved database (read-only) and says so on stderr; returns 1. Returns 0,
 * changing nothing, when there is none or it is not the run these rules and data would make. */
int saved_run_use(engine *e);
#endif

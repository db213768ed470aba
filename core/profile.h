/* profile.h — EVALRUN_PROFILE=1: where the rules' time goes, line by line (docs/benchmarks.md). */
#ifndef EVALRUN_PROFILE_H
#define EVALRUN_PROFILE_H
#include <lua.h>
int profile_enabled(void);
/* Called before the rules are called from C: the time before it is not theirs. */
void profile_start(void);
/* Called from the budget hook: charges the time since the last call to the running line. */
void profile_sample(lua_State *L);
/* Prints the lines that took most time to stderr (nothing when profiling is off). */
void profile_report(void);
#endif

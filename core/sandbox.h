/* sandbox.h — the Lua state rule files run in.
 *
 * Rule files come from other people and are shared between provinces, so
 * they get only the safe parts of Lua, text chunks only, `require` limited
 * to scripts/ and the rules folder, read-only library tables, a fixed random
 * seed, and two limits (instructions, memory) that a pcall inside a rule
 * cannot swallow: once a limit is hit the sandbox is "killed" and every
 * further instruction, and every return from pcall, raises it again.
 */
#ifndef EVALRUN_SANDBOX_H
#define EVALRUN_SANDBOX_H

#include <lua.h>
#include "engine.h"

/* Creates the state for e (e->L) with its limits and environment. 0 or -1. */
int sandbox_open(engine *e);
void sandbox_close(engine *e);

/* Loads and runs a rule file (path as displayed) in the rule environment.
 * Returns 0, or -1 after adding "path:LINE: message" and a short traceback to e->errs. */
int sandbox_run_file(engine *e, const char *path);

/* Calls the function on top of the stack with nargs arguments below it,
 * with a traceback handler. Returns 0, or -1 with the error in e->errs. */
int sandbox_call(engine *e, int nargs, const char *what);

/* Pushes the rule environment table. */
void sandbox_push_env(lua_State *L);

/* Where the calling rule is: "rules/x.lua:12" of the innermost frame in a
 * rule file, and the innermost library frame ("scripts/grading.lua:88") or "".
 * Writes into the buffers. */
void sandbox_where(lua_State *L, char *rule, size_t rulesz, char *lib, size_t libsz);

/* Counts n instructions of work done outside Lua (SQL); returns 1 when the budget is spent. */
int sandbox_charge(lua_State *L, long long n);

/* 0 when path is a regular file (or does not exist) inside one of the resolved folders
 * roots (after resolving ".." and symbolic links); else -1 with the reason in why. */
int sandbox_check_file(const char *path, const char *const *roots, int nroots, char *why, size_t whysz);

/* Pushes a copy of the value at idx in which no table has a metatable, so reading it later
 * (after the steps) runs no rule code. */
void sandbox_plain_copy(lua_State *L, int idx);

/* SQLite's memory counted with the rules' (--max-memory): from the start of the steps
 * (START, also after a PAUSE for evalrun's own work) until they are over (STOP). */
enum { SQLITE_COUNT_START, SQLITE_COUNT_PAUSE, SQLITE_COUNT_STOP };
void sandbox_count_sqlite(engine *e, int what);
/* Bytes SQLite holds now (counted by the allocator wrappers), for EVALRUN_TIMING. */
long long sandbox_sqlite_memory(void);

/* The steps begin: without --max-instructions the budget becomes the default for the rows loaded. */
void sandbox_begin_steps(engine *e);

/* Counts a row added to a report table: 0, or the cap when the outputs would pass it. */
long long sandbox_output_row(lua_State *L);

/* "memory limit reached (--max-memory 64 MB)" or the instruction limit's message. */
void sandbox_limit_message(lua_State *L, char *buf, size_t n);

/* 1 once a limit has stopped the run. */
int sandbox_killed(lua_State *L);

#endif

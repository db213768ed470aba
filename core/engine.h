/* engine.h — one run of a rule set: declare, load, run, write.
 *
 * Every command (the main job, check, test, explain) is a run with
 * different options: check, test and explain use an in-memory database
 * and write no files.
 */
#ifndef EVALRUN_ENGINE_H
#define EVALRUN_ENGINE_H

#include <lua.h>
#include <sqlite3.h>
#include "errlist.h"
#include "schema.h"
#include "strbuf.h"

/* Exit codes, documented in docs/cli.md. */
enum {
    EXIT_OK = 0,
    EXIT_EXPECT = 1,     /* evalrun test: an expectation did not hold */
    EXIT_USAGE = 2,      /* bad command line */
    EXIT_DATA = 3,       /* a data file is missing or wrong */
    EXIT_RULES = 4,      /* a rule file is wrong, a rule failed, or a limit stopped it */
    EXIT_OUTPUT = 5,     /* an output could not be written */
    EXIT_INTERNAL = 70
};

typedef struct run_options {
    const char *rules;        /* rule file as the user typed it */
    const char *data_dir;     /* --data, or NULL for the rule set's own */
    long year;                /* --year, or 0 */
    const char *out_dir;      /* --out, or NULL for out/<id> */
    const char *db_path;      /* --db, or NULL for <out>/results.sqlite */
    int formats;              /* FMT_* bits */
    int csv_dialect;          /* --csv: CSV_* + 1, or 0 for the rule set's choice */
    long long max_instructions;
    long long max_memory;     /* bytes */
    int write_files;          /* 0 for check, test, explain: database in memory */
    int quiet;                /* no summary on the terminal, only where the outputs went */
    int print_tables;         /* --print: the tables on the terminal before the summary */
    long print_rows;          /* rows per table printed with --print (-1: all) */
    int saved_run;            /* explain: answer from the last run's database when it is current */
} run_options;

typedef struct step_decl { char *title; int fnref; char *declared_at; } step_decl;

/* Everything one run holds. The sandbox, the data API and the result
 * functions reach it through the Lua registry (engine_of(L)). */
/* The distinct (step, rule line, library line) of the results, by their text (lua_results.c). */
typedef struct place_slot { char *text; size_t len, hash; long long id; } place_slot;
typedef struct place_set { place_slot *slot; size_t cap, count; } place_set;

typedef struct engine {
    const run_options *opt;
    lua_State *L;
    sqlite3 *db;
    char *db_final;           /* where the database goes when the run succeeds (NULL: in memory) */
    char *db_temp;            /* the temporary file it is built in */
    struct publish *pub;      /* the staging folder(s) outputs are written to (publish.h) */
    char *rules_path;         /* the rule file, as displayed */
    char *rules_dir;          /* its folder: the "rules folder" for require */
    char *place_from, *place_to;   /* the last place engine_place_in_rules turned, and what into */
    char *data_dir;
    char *out_dir;
    char *ruleset_id;
    long year;
    char *csv_dialect;        /* "excel-vi" or "rfc4180": --csv, else ruleset{ csv = } */
    char *signature;          /* ruleset{ signature = } as JSON, or NULL */
    /* declarations */
    table_spec *tables; int ntables;
    source_spec *sources; int nsources;
    step_decl *steps; int nsteps;
    char *compute_text;       /* the text a computed column's function last gave (lua_decl.c) */
    int phase;                /* PHASE_* */
    const char *current_step;
    /* results */
    sqlite3_stmt *emit_stmt;
    sqlite3_stmt *place_stmt; /* a new (step, rule, lib) into result_places */
    place_set places;         /* those stored so far, with their ids */
    strbuf emit_json[3];      /* emit{}'s inputs, values and steps as JSON, kept between calls */
    long long nresults;
    int ntables_out;
    errlist errs;
    errlist warnings;         /* the run's own warnings (a year without data), shown in the summary */
    int exit_code;            /* the first failure's code */
    char *output_error;       /* the results database could not be written (engine_db_write_failed) */
    /* files read, for run metadata: hashed as they are read */
    struct run_file { char *path; char *role; char sha[65]; size_t bytes; } *files;
    int nfiles;
} engine;

enum { PHASE_DECLARE, PHASE_LOAD, PHASE_RUN, PHASE_DONE };

/* Runs a command. `test_cb` (for evalrun test) is called after the run phase
 * with the engine still open; explain likewise. Returns an exit code. */
typedef int (*after_run_fn)(engine *e, void *arg);
int engine_run(const run_options *opt, after_run_fn after, void *arg);

engine *engine_of(lua_State *L);
/* Records a file that was read (rule file, library, data) with its hash. */
void engine_note_file(engine *e, const char *path, const char *role, const void *bytes, size_t len);
/* path relative to the folder base ("../data/quangbinh" from "rules"); caller frees. */
char *engine_relative_path(const char *path, const char *base);
/* "rules/quangbinh/targets.lua:138" → "quangbinh/targets.lua:138": a place as the results
 * database keeps it, relative to the rule file's folder (in place). */
void engine_place_in_rules(engine *e, char *place, size_t size);
/* Sets the exit code if none is set yet. */
void engine_fail(engine *e, int code);
/* After a write to the results database failed with SQLite code rc: when the
 * cause is the disk (full, an I/O error), records it so that the run ends with
 * EXIT_OUTPUT and that message, whatever rules do with the Lua error raised
 * next (a pcall cannot hide it). Returns 1 then, else 0. */
int engine_db_write_failed(engine *e, int rc);

/* lua_decl.c: ruleset{}, source{}, define_table{}, step(), expect{} */
void decl_register(lua_State *L);
int decl_build_specs(engine *e);       /* Lua declarations → table_spec/source_spec; 0 or -1 */
/* lua_db.c */
void dbapi_register(lua_State *L);
/* lua_results.c */
void results_register(lua_State *L);
int results_prepare(engine *e);        /* creates results/report tables; 0 or -1 */
void results_finish(engine *e);        /* finalizes statements held by tables */
/* lua_text.c */
void textapi_register(lua_State *L);
void decimalapi_register(lua_State *L);



/* more of lua_decl.c */
int decl_read_ruleset(engine *e);
void decl_push_ruleset(lua_State *L);
void decl_push_expects(lua_State *L);
void decl_free(engine *e);
table_spec *engine_table(engine *e, const char *name);

void dbapi_attach(engine *e);      /* after the database is open: SQL counts against the budget */
int dbapi_functions(sqlite3 *db);   /* when the database is opened: the SQL functions db.* uses */
/* For rules' own SQL: prepares a read-only statement from the string at sql_arg, binding the
 * arguments after it; the statement is pushed (owned by Lua). Raises "what: ..." on refusal. */
sqlite3_stmt *dbapi_prepare_query(lua_State *L, const char *what, int sql_arg);
int dbapi_step(lua_State *L, sqlite3_stmt *st);   /* sqlite3_step, raising on errors and limits */
void dbapi_done(lua_State *L, int idx);           /* the statement at idx is done with: reset and cached */
#endif

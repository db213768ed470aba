/* sandbox.c — see sandbox.h. Modelled on the usual embedding practice:
 * a counting allocator with a cap, a count hook with a budget, allow-listed
 * libraries, stubs that name what is blocked, and a message handler that
 * gives "file:line:" plus a short traceback. */
#include "i18n.h"
#include "sandbox.h"

#include <errno.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "paths.h"
#include "platform.h"
#include "profile.h"

#define HOOK_EVERY 1000        /* instructions between budget checks */
#define HEADROOM (8u << 20)    /* bytes allowed past the cap for reporting a kill */
/* Lua's generational collector: a minor collection each time the heap grows by GC_MINOR%
 * since the last one, a major one when it has grown by GC_MAJOR% since the last major one
 * (Lua's defaults, 20 and 100); past a quarter of the cap, smaller steps (kill_hook). */
#define GC_MINOR_ROOMY 20
#define GC_MAJOR_ROOMY 100
#define GC_MINOR_TIGHT 10
#define GC_MAJOR_TIGHT 50
#define BUDGET_BASE 500000000LL   /* default instructions: about a second and a half of Lua ... */
#define BUDGET_PER_ROW 5000LL      /* ... and this many per row loaded: the standard library needs up to
                                    * about 3,000 (target scoring and ranking; awards 1,750, grading 300) */
#define MEMORY_BASE (2048ULL << 20)  /* default memory cap: 2 GB ... */
#define MEMORY_PER_ROW 1024ULL        /* ... and this many bytes per row loaded (awards, the library that
                                       * keeps most, holds about 500 at 1,000,000 staff), ... */
#define MEMORY_SHARE_OF_MACHINE 4     /* ... but no more than 3/4 of the machine's memory */
#define OUTPUT_ROWS_BASE 1000000LL /* rows all report tables may hold: this ... */
#define OUTPUT_ROWS_PER_ROW 10LL   /* ... and as many per row loaded */
#define PRINT_MAX (1u << 20)   /* bytes print and warn may write in one run */
#define MESSAGE_MAX 2000       /* bytes of an error message shown */
#define SOURCE_MAX (16u << 20) /* bytes of one rule or library file */

typedef struct limits {
    long long max_instructions, used_instructions;
    long long rows;            /* rows loaded, for the default budget; -1 before loading */
    long long rows_out;        /* rows added to report tables */
    int automatic;             /* no --max-instructions: BUDGET_BASE + BUDGET_PER_ROW x rows */
    size_t max_memory, used_memory;
    size_t peak_memory;        /* the most used_memory has been (EVALRUN_TIMING) */
    int memory_automatic;      /* no --max-memory: MEMORY_BASE + MEMORY_PER_ROW x rows (default_memory) */
    int killed;                /* 0, KILL_INSTRUCTIONS or KILL_MEMORY */
    int gc_tight;              /* the heap is past a quarter of the cap: collect in smaller steps */
    size_t printed;            /* bytes print and warn wrote so far */
    int warn_off;              /* warn("@off") */
    /* the folders rule files may read from (resolved): the rules folder(s) and the library */
    char *roots[4];
    int nroots;
    lua_State *L;
    engine *e;
} limits;

enum { KILL_INSTRUCTIONS = 1, KILL_MEMORY = 2 };

static const char *K_ENV = "evalrun.env";
static const char *K_LIMITS = "evalrun.limits";
static const char *K_LOADED = "evalrun.loaded";
static const char *K_FROZEN = "evalrun.frozen";      /* read-only proxy -> its name (weak keys) */

/* {{{ limits */

static limits *limits_of(lua_State *L)
{
    void *ud;
    lua_getallocf(L, &ud);          /* the counting allocator's data: no table lookup */
    return ud;
}

static void kill_hook(lua_State *L, lua_Debug *ar);

static void limit_message(const limits *lim, char *buf, size_t n)
{
    if (lim->killed == KILL_MEMORY && lim->memory_automatic)
        snprintf(buf, n, _("memory limit reached (the default cap, %lld MB for %lld rows loaded; "
                 "give more with --max-memory)"), (long long)(lim->max_memory >> 20), lim->rows < 0 ? 0 : lim->rows);
    else if (lim->killed == KILL_MEMORY)
        snprintf(buf, n, _("memory limit reached (--max-memory %lld MB)"), (long long)(lim->max_memory >> 20));
    else if (lim->automatic)
        snprintf(buf, n, _("instruction limit reached (the default budget, %lld instructions for %lld rows loaded; "
                 "give more with --max-instructions)"), lim->max_instructions, lim->rows < 0 ? 0 : lim->rows);
    else
        snprintf(buf, n, _("instruction limit reached (--max-instructions %lld)"), lim->max_instructions);
}

/* level: 0 inside a hook (the running Lua function), 1 inside a C function called from Lua. */
static int raise_limit_at(lua_State *L, limits *lim, int level)
{
    char msg[128];
    limit_message(lim, msg, sizeof msg);
    luaL_where(L, level);
    lua_pushstring(L, msg);
    lua_concat(L, 2);
    return lua_error(L);
}

static int raise_limit(lua_State *L, limits *lim) { return raise_limit_at(L, lim, 1); }

/* Once killed, the hook fires on every instruction so that Lua code running
 * after a pcall caught the error is stopped at once. */
static void kill(limits *lim, int why)
{
    if (!lim->killed) lim->killed = why;
    if (lim->L) lua_sethook(lim->L, kill_hook, LUA_MASKCOUNT, 1);
}

static void kill_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    limits *lim = limits_of(L);
    if (profile_enabled()) profile_sample(L);
    if (!lim->gc_tight && lim->used_memory > lim->max_memory / 4) {
        lua_gc(L, LUA_GCGEN, GC_MINOR_TIGHT, GC_MAJOR_TIGHT);
        lim->gc_tight = 1;
    }
    if (!lim->killed) {
        lim->used_instructions += HOOK_EVERY;
        if (lim->used_instructions <= lim->max_instructions) return;
        kill(lim, KILL_INSTRUCTIONS);
    }
    raise_limit_at(L, lim, 0);
}

/* {{{ SQLite's memory while rules run
 *
 * SQLite allocates through these wrappers around its own allocator, which count the bytes it
 * holds. While the steps run, what SQLite holds beyond what it held when they began (sorting,
 * temporary tables, the page cache of a query, results) counts with the rules' Lua memory
 * against --max-memory; an allocation past it fails (SQLite reports "out of memory"), and the
 * run stops with the memory limit. Indexes evalrun builds for the rules are not counted. */

static sqlite3_mem_methods sqlite_mem;          /* SQLite's own allocator */
static long long sqlite_used;                   /* bytes SQLite holds */
long long sandbox_sqlite_memory(void) { return sqlite_used; }
static long long sqlite_base = -1;              /* what it held when the steps began; -1: not counting */
static limits *sqlite_rules;                    /* the run whose rules are charged */

static size_t sqlite_growth(void)
{
    return sqlite_base >= 0 && sqlite_used > sqlite_base ? (size_t)(sqlite_used - sqlite_base) : 0;
}

static int sqlite_refuse(long long more)
{
    limits *lim = sqlite_rules;
    if (sqlite_base < 0 || !lim || lim->killed || more <= 0) return 0;
    if (lim->used_memory + sqlite_growth() + (size_t)more <= lim->max_memory) return 0;
    kill(lim, KILL_MEMORY);
    return 1;
}

static void *sq_malloc(int n)
{
    if (sqlite_refuse(n)) return NULL;
    void *p = sqlite_mem.xMalloc(n);
    if (p) sqlite_used += sqlite_mem.xSize(p);
    return p;
}

static void sq_free(void *p)
{
    if (p) sqlite_used -= sqlite_mem.xSize(p);
    sqlite_mem.xFree(p);
}

static void *sq_realloc(void *p, int n)
{
    int old = p ? sqlite_mem.xSize(p) : 0;
    if (sqlite_refuse((long long)n - old)) return NULL;
    void *q = sqlite_mem.xRealloc(p, n);
    if (q) sqlite_used += sqlite_mem.xSize(q) - old;
    return q;
}

static int sq_size(void *p) { return sqlite_mem.xSize(p); }
static int sq_roundup(int n) { return sqlite_mem.xRoundup(n); }
static int sq_init(void *ud) { (void)ud; return sqlite_mem.xInit(sqlite_mem.pAppData); }
static void sq_shutdown(void *ud) { (void)ud; sqlite_mem.xShutdown(sqlite_mem.pAppData); }

/* Before SQLite is first used (sqlite3_config refuses afterwards: then nothing is counted). */
static void sqlite_memory_install(void)
{
    static int done;
    if (done) return;
    done = 1;
    if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_mem) != SQLITE_OK) return;
    static sqlite3_mem_methods counting = { sq_malloc, sq_free, sq_realloc, sq_size, sq_roundup, sq_init,
                                             sq_shutdown, NULL };
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &counting) != SQLITE_OK) memset(&sqlite_mem, 0, sizeof sqlite_mem);
}

static long long paused_at = -1, paused_base;

void sandbox_count_sqlite(engine *e, int what)
{
    if (!sqlite_mem.xMalloc) return;
    switch (what) {
    case SQLITE_COUNT_START:                   /* the steps begin, or evalrun's own work for them ended */
        sqlite_rules = e->L ? limits_of(e->L) : NULL;
        if (paused_at >= 0) sqlite_base = paused_base + (sqlite_used - paused_at);
        else if (sqlite_base < 0) sqlite_base = sqlite_used;
        paused_at = -1;
        break;
    case SQLITE_COUNT_PAUSE:                   /* evalrun's own work for the rules (an index) */
        if (sqlite_base >= 0) { paused_at = sqlite_used; paused_base = sqlite_base; }
        sqlite_base = -1;
        break;
    default:                                   /* the steps are over */
        sqlite_base = paused_at = -1;
        sqlite_rules = NULL;
    }
}

/* }}} */

/* For a new block Lua passes a type tag in osize, not a size: count it as 0
 * (an allocator that trusts osize there lets new blocks slip past the cap). */
static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    limits *lim = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        lim->used_memory -= old;
        return NULL;
    }
    /* Once killed, a little headroom lets the error message and traceback be built. */
    size_t cap = lim->max_memory + (lim->killed ? HEADROOM : 0);
    if (nsize > old && lim->used_memory - old + nsize + sqlite_growth() > cap) {
        kill(lim, KILL_MEMORY);
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (p) {
        lim->used_memory = lim->used_memory - old + nsize;
        if (lim->used_memory > lim->peak_memory) lim->peak_memory = lim->used_memory;
    }
    return p;
}

int sandbox_charge(lua_State *L, long long n)
{
    limits *lim = limits_of(L);
    if (lim->killed) return 1;
    lim->used_instructions += n;
    if (lim->used_instructions <= lim->max_instructions) return 0;
    kill(lim, KILL_INSTRUCTIONS);
    return 1;
}

/* Without --max-memory: a national run keeps more than a province's (the awards of 1,000,000
 * staff hold about 5 GB), so the cap grows with the rows loaded, as the instruction budget does,
 * up to 3/4 of the machine's memory (never below MEMORY_BASE), so a runaway rule is still stopped
 * before the machine runs out. */
static size_t default_memory(long long rows)
{
    unsigned long long cap = MEMORY_BASE + MEMORY_PER_ROW * (unsigned long long)(rows > 0 ? rows : 0);
    unsigned long long machine = platform_physical_memory() / MEMORY_SHARE_OF_MACHINE * (MEMORY_SHARE_OF_MACHINE - 1);
    if (machine && cap > machine) cap = machine > MEMORY_BASE ? machine : MEMORY_BASE;
    if (cap > SIZE_MAX / 2) cap = SIZE_MAX / 2;
    return (size_t)cap;
}

void sandbox_begin_steps(engine *e)
{
    limits *lim = limits_of(e->L);
    if (lim->rows >= 0) return;
    lim->rows = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(e->db, "SELECT coalesce(sum(rows), 0) FROM sources", -1, &st, NULL) == SQLITE_OK
        && sqlite3_step(st) == SQLITE_ROW)
        lim->rows = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (lim->automatic && !lim->killed) lim->max_instructions = BUDGET_BASE + BUDGET_PER_ROW * lim->rows;
    if (lim->memory_automatic && !lim->killed) lim->max_memory = default_memory(lim->rows);
}

long long sandbox_output_row(lua_State *L)
{
    limits *lim = limits_of(L);
    long long cap = OUTPUT_ROWS_BASE + OUTPUT_ROWS_PER_ROW * (lim->rows < 0 ? 0 : lim->rows);
    return ++lim->rows_out > cap ? cap : 0;
}

void sandbox_limit_message(lua_State *L, char *buf, size_t n)
{
    limit_message(limits_of(L), buf, n);
}

int sandbox_killed(lua_State *L)
{
    limits *lim = limits_of(L);
    return lim && lim->killed;
}

/* }}} */
/* {{{ blocked functions */

/* os, io and debug are tables whose every field is a function that fails
 * with its own name, so `os.execute("...")` says what was refused. */
static int blocked_call(lua_State *L)
{
    return luaL_error(L, _("%s is blocked in rule files (rules cannot reach files, programs or the clock)"),
                      lua_tostring(L, lua_upvalueindex(1)));
}

static int blocked_index(lua_State *L)
{
    const char *lib = lua_tostring(L, lua_upvalueindex(1));
    const char *name = luaL_optstring(L, 2, "?");
    lua_pushfstring(L, "%s.%s", lib, name);
    lua_pushcclosure(L, blocked_call, 1);
    return 1;
}

static void push_blocked_lib(lua_State *L, const char *lib)
{
    lua_newtable(L);
    lua_newtable(L);
    lua_pushstring(L, lib);
    lua_pushcclosure(L, blocked_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushstring(L, "blocked");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
}

static void set_blocked_function(lua_State *L, int env, const char *name)
{
    lua_pushstring(L, name);
    lua_pushcclosure(L, blocked_call, 1);
    lua_setfield(L, env, name);
}

/* }}} */
/* {{{ read-only tables */

/* A library a rule file sees is an empty proxy: reads go through to the real
 * table, writes stop the run, and the real table is never handed out, so
 * neither `string.rep = f` nor `rawset(string, "rep", f)` nor the string
 * metatable can change what the library (scripts/) computes. pairs() walks the
 * real table. */
static int readonly_newindex(lua_State *L)
{
    return luaL_error(L, _("%s is read-only in rule files (cannot set '%s')"),
                      lua_tostring(L, lua_upvalueindex(1)), luaL_optstring(L, 2, "?"));
}

static int frozen_pairs(lua_State *L)
{
    lua_getglobal(L, "next");
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushnil(L);
    return 3;
}

static int frozen_len(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, lua_upvalueindex(1)));
    return 1;
}

/* Replaces the table at the top with an empty proxy that reads through to it. */
static void make_readonly(lua_State *L, const char *name)
{
    int real = lua_gettop(L);
    lua_newtable(L);                        /* proxy */
    lua_newtable(L);                        /* its metatable */
    lua_pushvalue(L, real);
    lua_setfield(L, -2, "__index");
    lua_pushstring(L, name);
    lua_pushcclosure(L, readonly_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    lua_pushvalue(L, real);
    lua_pushcclosure(L, frozen_pairs, 1);
    lua_setfield(L, -2, "__pairs");
    lua_pushvalue(L, real);
    lua_pushcclosure(L, frozen_len, 1);
    lua_setfield(L, -2, "__len");
    lua_pushstring(L, "read-only");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_getfield(L, LUA_REGISTRYINDEX, K_FROZEN);
    lua_pushvalue(L, -2);
    lua_pushstring(L, name);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    lua_replace(L, real);                   /* proxy */
}

/* rawset that refuses the read-only proxies. */
static int safe_rawset(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, LUA_REGISTRYINDEX, K_FROZEN);
    lua_pushvalue(L, 1);
    lua_rawget(L, -2);
    if (lua_isstring(L, -1))
        return luaL_error(L, _("%s is read-only in rule files (cannot set '%s')"), lua_tostring(L, -1),
                          lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : luaL_typename(L, 2));
    lua_pop(L, 2);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 1;
}

/* setmetatable without finalizers: Lua runs __gc with hooks off, so a finalizer would run
 * outside the instruction budget (and could run after the steps, at shutdown). */
static int safe_setmetatable(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, _("cannot change a protected metatable"));
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, _("setmetatable: __gc finalizers are not available in rule files "
                              "(they would run outside the instruction budget)"));
        lua_pop(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* The string metatable (shared by every string) answers getmetatable("") with a read-only
 * copy whose __index is the read-only string library. Expects the string proxy on top. */
static void protect_string_metatable(lua_State *L)
{
    lua_newtable(L);                        /* what getmetatable("") gives */
    lua_pushvalue(L, -2);
    lua_setfield(L, -2, "__index");
    make_readonly(L, "the string metatable");
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 3);
}

/* Copies the value at idx: tables field by field (raw, without their metatables, a table seen
 * twice copied once), anything else as it is. */
static void plain_copy(lua_State *L, int idx, int seen, int depth)
{
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) != LUA_TTABLE) { lua_pushvalue(L, idx); return; }
    lua_pushvalue(L, idx);
    if (lua_rawget(L, seen) == LUA_TTABLE) return;
    lua_pop(L, 1);
    if (depth > 64) luaL_error(L, "a table nested more than 64 deep");
    luaL_checkstack(L, 8, "a table nested too deep");
    lua_newtable(L);
    int copy = lua_gettop(L);
    lua_pushvalue(L, idx);
    lua_pushvalue(L, copy);
    lua_rawset(L, seen);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        plain_copy(L, -2, seen, depth + 1);
        plain_copy(L, -2, seen, depth + 1);
        lua_rawset(L, copy);
        lua_pop(L, 1);
    }
}

void sandbox_plain_copy(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    lua_newtable(L);
    plain_copy(L, idx, lua_gettop(L), 0);
    lua_remove(L, -2);
}

/* }}} */
/* {{{ pcall that cannot swallow a limit */

static int finish_pcall(lua_State *L, int status, lua_KContext extra)
{
    if (status != LUA_OK && status != LUA_YIELD) {
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        limits *lim = limits_of(L);
        if (lim->killed) return raise_limit(L, lim);
        return 2;
    }
    limits *lim = limits_of(L);
    if (lim->killed) return raise_limit(L, lim);
    return lua_gettop(L) - (int)extra;
}

static int safe_pcall(lua_State *L)
{
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, finish_pcall);
    return finish_pcall(L, status, 0);
}

static int safe_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2);
    int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finish_pcall);
    return finish_pcall(L, status, 2);
}

/* coroutine.resume and coroutine.close return an error instead of raising it: like pcall,
 * they must not swallow a limit. */
static int finish_resume(lua_State *L)
{
    limits *lim = limits_of(L);
    if (lim->killed) return raise_limit(L, lim);
    return lua_gettop(L);
}

static int safe_resume(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return finish_resume(L);
}

/* }}} */
/* {{{ loading text chunks */

/* load(chunk [, chunkname [, mode [, env]]]) as in Lua 5.4 — a string or a reader function,
 * the chunk named [string "..."] by default, mode honoured, env (even nil) as the chunk's
 * _ENV, else the rule environment — except that binary chunks are refused. */
static int safe_load(lua_State *L)
{
    size_t len;
    const char *s = lua_tolstring(L, 1, &len);
    const char *mode = luaL_optstring(L, 3, "bt");
    int env = !lua_isnone(L, 4) ? 4 : 0;
    const char *name;
    if (s) name = luaL_optstring(L, 2, s);
    else {
        name = luaL_optstring(L, 2, "=(load)");
        luaL_checktype(L, 1, LUA_TFUNCTION);
        /* call the reader until it gives nil or "", then load the pieces as one text */
        luaL_Buffer b;
        lua_settop(L, 4);
        luaL_buffinit(L, &b);
        for (;;) {
            lua_pushvalue(L, 1);
            lua_call(L, 0, 1);
            if (lua_isnil(L, -1)) { lua_pop(L, 1); break; }
            if (!lua_isstring(L, -1)) {
                lua_pushnil(L);
                lua_pushliteral(L, "reader function must return a string");
                return 2;
            }
            size_t plen;
            lua_tolstring(L, -1, &plen);
            if (plen == 0) { lua_pop(L, 1); break; }
            luaL_addvalue(&b);
        }
        luaL_pushresult(&b);
        s = lua_tolstring(L, -1, &len);
    }
    if (len > 0 && s[0] == LUA_SIGNATURE[0]) {
        lua_pushnil(L);
        lua_pushstring(L, "load: binary chunks are blocked in rule files");
        return 2;
    }
    int status = luaL_loadbufferx(L, s, len, name, mode);
    if (status != LUA_OK) { lua_pushnil(L); lua_insert(L, -2); return 2; }
    if (env) lua_pushvalue(L, env); else sandbox_push_env(L);
    if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
    return 1;
}

void sandbox_push_env(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, K_ENV);
}

/* {{{ where rule files may read from */

/* Adds a folder rule files may read from (resolved; a folder that does not exist adds nothing). */
static void add_root(limits *lim, const char *dir)
{
    char *r = path_resolve(dir);
    if (!r || !path_is_dir(r) || lim->nroots == (int)(sizeof lim->roots / sizeof *lim->roots)) { free(r); return; }
    for (int i = 0; i < lim->nroots; i++)
        if (strcmp(lim->roots[i], r) == 0) { free(r); return; }
    lim->roots[lim->nroots++] = r;
}

/* The rules folders: the rule file's own (as named and, for a link, where it really is),
 * and the shared bases and library in evalrun's home. */
static void set_roots(limits *lim, engine *e)
{
    add_root(lim, e->rules_dir);
    char *real = path_resolve(e->rules_path);
    if (real) { char *d = path_dir(real); add_root(lim, d); free(d); free(real); }
    char *home_rules = path_join(evalrun_home(), "rules");
    char *scripts = path_join(evalrun_home(), "scripts");
    add_root(lim, home_rules);
    add_root(lim, scripts);
    free(home_rules);
    free(scripts);
}

int sandbox_check_file(const char *path, const char *const *roots, int nroots, char *why, size_t whysz)
{
    char *real = path_resolve(path);
    int inside = 0;
    for (int i = 0; real && i < nroots; i++) inside |= path_inside(real, roots[i]);
    if (!inside) {
        snprintf(why, whysz, "outside");
        free(real);
        return -1;
    }
    if (platform_file_kind(real, NULL) > PLATFORM_REGULAR) {
        snprintf(why, whysz, "not a regular file");
        free(real);
        return -1;
    }
    free(real);
    return 0;
}

/* }}} */

/* Reads path, records its hash, and pushes it compiled as a text chunk with
 * the rule environment. Returns LUA_OK or an error with the message pushed.
 * `confined`: a path a rule file named, which must be a regular file in a rules folder
 * or the library (the rule file given on the command line is the user's choice). */
static int load_file(lua_State *L, const char *path, const char *shown, const char *role, int confined)
{
    engine *e = engine_of(L);
    limits *lim = limits_of(L);
    char why[128];
    if (confined && sandbox_check_file(path, (const char *const *)lim->roots, lim->nroots, why, sizeof why) != 0) {
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        luaL_addstring(&b, path);
        luaL_addstring(&b, ": refused: ");
        luaL_addstring(&b, strcmp(why, "outside") == 0 ? _("outside the rules folders and the library") : why);
        if (strcmp(why, "not a regular file") != 0)
            for (int i = 0; i < lim->nroots; i++) {
                luaL_addstring(&b, i ? ", " : " (");
                luaL_addstring(&b, lim->roots[i]);
                if (i == lim->nroots - 1) luaL_addstring(&b, ")");
            }
        luaL_pushresult(&b);
        return LUA_ERRRUN;
    }
    size_t size = 0;
    int kind = platform_file_kind(path, &size);
    if (kind > PLATFORM_REGULAR) {
        lua_pushfstring(L, _("%s: refused: not a regular file"), path);
        return LUA_ERRFILE;
    }
    if (kind == PLATFORM_REGULAR && size > SOURCE_MAX) {
        lua_pushfstring(L, _("%s: refused: a rule file of more than %d MB"), path, (int)(SOURCE_MAX >> 20));
        return LUA_ERRFILE;
    }
    size_t len = 0;
    char *text = file_read(path, &len);
    if (!text) {
        lua_pushfstring(L, _("%s: cannot open: %s"), path, strerror(errno));
        return LUA_ERRFILE;
    }
    engine_note_file(e, shown, role, text, len);
    const char *body = text;
    size_t blen = len;
    if (blen >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0) { body += 3; blen -= 3; }   /* editors add BOMs */
    char chunkname[4096];
    snprintf(chunkname, sizeof chunkname, "@%s", shown);
    int status = luaL_loadbufferx(L, body, blen, chunkname, "t");
    free(text);
    if (status != LUA_OK) return status;
    sandbox_push_env(L);
    lua_setupvalue(L, -2, 1);
    return LUA_OK;
}

/* The folder of the file that is calling us, for relative extends paths. */
static char *caller_dir(lua_State *L)
{
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        lua_getinfo(L, "S", &ar);
        if (ar.source[0] == '@') return path_dir(ar.source + 1);
    }
    return strdup(engine_of(L)->rules_dir);
}

/* extends "base/x.lua": runs another rule file here, in the same environment. */
static int l_extends(lua_State *L)
{
    const char *rel = luaL_checkstring(L, 1);
    char *dir = caller_dir(L);
    char *path = path_join(dir, rel);
    free(dir);
    if (!path_exists(path) && rel[0] != '/') {
        /* "base/grading.lua" from a rule file kept in the province's own folder: the shared
         * bases in evalrun's rules folder, as require finds the library in its scripts */
        char *home_rules = path_join(evalrun_home(), "rules");
        char *shared = path_join(home_rules, rel);
        free(home_rules);
        if (path_exists(shared)) { free(path); path = shared; } else free(shared);
    }
    lua_getfield(L, LUA_REGISTRYINDEX, K_LOADED);
    lua_getfield(L, -1, path);
    int seen = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (seen) { lua_pop(L, 1); free(path); return 0; }   /* a base extended twice runs once */
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, path);
    lua_pop(L, 1);
    int status = load_file(L, path, path, "rules", 1);
    free(path);
    if (status == LUA_ERRSYNTAX) return lua_error(L);
    if (status != LUA_OK) return luaL_error(L, "extends \"%s\": %s", rel, lua_tostring(L, -1));
    lua_call(L, 0, 1);
    return 1;
}

/* A module name is dotted words; no "..", no slashes, so require cannot leave its folders. */
static int valid_module_name(const char *name)
{
    if (!*name || *name == '.') return 0;
    for (const char *p = name; *p; p++) {
        if (!(((*p | 32) >= 'a' && (*p | 32) <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
            return 0;
        if (p[0] == '.' && p[1] == '.') return 0;
    }
    return 1;
}

static int l_require(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, K_LOADED);
    char key[512];
    snprintf(key, sizeof key, "module:%s", name);
    lua_getfield(L, -1, key);
    if (!lua_isnil(L, -1)) return 1;
    lua_pop(L, 1);
    static const char *std[] = { "string", "table", "math", "utf8", "coroutine", "_G", NULL };
    for (int i = 0; std[i]; i++)
        if (strcmp(name, std[i]) == 0) {       /* the read-only libraries rule files already have */
            sandbox_push_env(L);
            if (strcmp(name, "_G") != 0) lua_getfield(L, -1, name);
            return 1;
        }
    static const char *blocked[] = { "os", "io", "debug", "package", "ffi", NULL };
    for (int i = 0; blocked[i]; i++)
        if (strcmp(name, blocked[i]) == 0)
            return luaL_error(L, _("require \"%s\" is blocked in rule files"), name);
    if (!valid_module_name(name))
        return luaL_error(L, _("require \"%s\": a module name is made of letters, digits, '_' and '.'"), name);
    engine *e = engine_of(L);
    char rel[512];
    snprintf(rel, sizeof rel, "%s.lua", name);
    for (char *p = rel; *p && strcmp(p, ".lua") != 0; p++) if (*p == '.') *p = '/';
    char *scripts = path_join(evalrun_home(), "scripts");
    const char *dirs[] = { scripts, e->rules_dir };
    const char *roles[] = { "script", "rules" };
    for (int i = 0; i < 2; i++) {
        char *path = path_join(dirs[i], rel);
        if (path_exists(path)) {
            char shown[1024];
            if (i == 0) snprintf(shown, sizeof shown, "scripts/%s", rel);
            else snprintf(shown, sizeof shown, "%s", path);
            int status = load_file(L, path, shown, roles[i], 1);
            free(path);
            free(scripts);
            if (status == LUA_ERRSYNTAX) return lua_error(L);
            if (status != LUA_OK) return luaL_error(L, "require \"%s\": %s", name, lua_tostring(L, -1));
            lua_pushstring(L, name);
            lua_call(L, 1, 1);
            if (lua_isnil(L, -1)) { lua_pop(L, 1); lua_pushboolean(L, 1); }
            lua_pushvalue(L, -1);
            lua_setfield(L, -3, key);
            return 1;
        }
        free(path);
    }
    free(scripts);
    return luaL_error(L, _("module '%s' not found in scripts/ or the rules folder"), name);
}

/* What print and warn write goes to stderr with the rule's place, at most PRINT_MAX bytes in a
 * run; past that one line says so and the rest is dropped. */
static void rule_output(lua_State *L, const char *kind, const char *text, size_t len)
{
    limits *lim = limits_of(L);
    sandbox_charge(L, (long long)len);          /* the bytes formatted: C work on the rule's behalf */
    char rule[512], lib[512];
    sandbox_where(L, rule, sizeof rule, lib, sizeof lib);
    const char *place = rule[0] ? rule : lib[0] ? lib : "rules";
    if (lim->printed > PRINT_MAX) return;
    lim->printed += len + strlen(place) + 3;
    if (lim->printed > PRINT_MAX) {
        fprintf(stderr, "%s: %s: rule output stopped after %u MB; the rest of print and warn is dropped\n",
                place, kind, PRINT_MAX >> 20);
        return;
    }
    fprintf(stderr, "%s: %s", place, strcmp(kind, "warn") == 0 ? "warning: " : "");
    fwrite(text, 1, len, stderr);
    fputc('\n', stderr);
}

static int l_print(lua_State *L)
{
    if (limits_of(L)->printed > PRINT_MAX) return 0;
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        if (i > 1) luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    size_t len;
    const char *text = lua_tolstring(L, -1, &len);
    rule_output(L, "print", text, len);
    return 0;
}

/* warn(msg1, ...) as in Lua 5.4: "@off" and "@on" turn warnings off and on (on by default). */
static int l_warn(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checkstring(L, 1);
    for (int i = 2; i <= n; i++) luaL_checkstring(L, i);
    limits *lim = limits_of(L);
    const char *first = lua_tostring(L, 1);
    if (n == 1 && first[0] == '@') {            /* a control message */
        if (strcmp(first, "@off") == 0) lim->warn_off = 1;
        else if (strcmp(first, "@on") == 0) lim->warn_off = 0;
        return 0;
    }
    if (lim->warn_off) return 0;
    lua_concat(L, n);
    size_t len;
    const char *text = lua_tolstring(L, -1, &len);
    rule_output(L, "warn", text, len);
    return 0;
}

/* math.randomseed(n): a seed must be given (without one Lua would read the clock). */
static int l_randomseed(lua_State *L)
{
    luaL_checkinteger(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));     /* Lua's own randomseed */
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* }}} */
/* {{{ the environment */

static void open_safe_libs(lua_State *L)
{
    static const luaL_Reg libs[] = {
        { LUA_GNAME, luaopen_base }, { LUA_STRLIBNAME, luaopen_string }, { LUA_TABLIBNAME, luaopen_table },
        { LUA_MATHLIBNAME, luaopen_math }, { LUA_UTF8LIBNAME, luaopen_utf8 }, { LUA_COLIBNAME, luaopen_coroutine },
        { NULL, NULL } };
    for (const luaL_Reg *lib = libs; lib->func; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
    /* Deterministic random numbers: the same seed every run. */
    lua_getglobal(L, "math");
    lua_getfield(L, -1, "randomseed");
    lua_pushinteger(L, 20231231);
    lua_call(L, 1, 0);
    lua_pop(L, 1);
    lua_newtable(L);                           /* the read-only proxies, weak keys */
    lua_newtable(L);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, K_FROZEN);
}

/* Replaces field `name` of the table on top with a C closure over its old value. */
static void wrap_field(lua_State *L, const char *name, lua_CFunction f)
{
    lua_getfield(L, -1, name);
    lua_pushcclosure(L, f, 1);
    lua_setfield(L, -2, name);
}

/* Builds the table rule files see as their globals: the safe base
 * functions, read-only libraries, the evalrun API and blocked stubs. Rule
 * files may add their own globals (e.g. config) to it. */
static void build_env(lua_State *L)
{
    lua_newtable(L);
    int env = lua_gettop(L);
    static const char *base_ok[] = { "assert", "error", "ipairs", "next", "pairs", "rawequal", "rawget",
        "rawlen", "select", "getmetatable", "tonumber", "tostring", "type", "_VERSION", NULL };
    for (int i = 0; base_ok[i]; i++) {
        lua_getglobal(L, base_ok[i]);
        lua_setfield(L, env, base_ok[i]);
    }
    lua_getglobal(L, "setmetatable");
    lua_pushcclosure(L, safe_setmetatable, 1);
    lua_setfield(L, env, "setmetatable");
    lua_pushcfunction(L, safe_rawset);
    lua_setfield(L, env, "rawset");
    static const char *libs[] = { "string", "table", "math", "utf8", "coroutine", NULL };
    for (int i = 0; libs[i]; i++) {
        lua_getglobal(L, libs[i]);
        lua_newtable(L);                        /* the rules' copy: no function a rule could reach is shared */
        lua_pushnil(L);
        while (lua_next(L, -3)) { lua_pushvalue(L, -2); lua_insert(L, -2); lua_rawset(L, -4); }
        lua_remove(L, -2);
        if (strcmp(libs[i], "string") == 0) {      /* binary chunks are refused anyway; do not make them */
            lua_pushstring(L, "string.dump");
            lua_pushcclosure(L, blocked_call, 1);
            lua_setfield(L, -2, "dump");
        }
        if (strcmp(libs[i], "math") == 0) wrap_field(L, "randomseed", l_randomseed);
        if (strcmp(libs[i], "coroutine") == 0) {
            wrap_field(L, "resume", safe_resume);
            wrap_field(L, "close", safe_resume);
        }
        make_readonly(L, libs[i]);
        if (strcmp(libs[i], "string") == 0) {
            /* the methods of strings ("x"):rep() use the rules' copy too */
            lua_pushliteral(L, "");
            lua_getmetatable(L, -1);
            lua_getmetatable(L, -3);
            lua_getfield(L, -1, "__index");
            lua_setfield(L, -3, "__index");
            lua_pop(L, 3);
            protect_string_metatable(L);
        }
        lua_setfield(L, env, libs[i]);
    }
    lua_pushcfunction(L, safe_pcall);   lua_setfield(L, env, "pcall");
    lua_pushcfunction(L, safe_xpcall);  lua_setfield(L, env, "xpcall");
    lua_pushcfunction(L, safe_load);    lua_setfield(L, env, "load");
    lua_pushcfunction(L, l_require);    lua_setfield(L, env, "require");
    lua_pushcfunction(L, l_extends);    lua_setfield(L, env, "extends");
    lua_pushcfunction(L, l_print);      lua_setfield(L, env, "print");
    lua_pushcfunction(L, l_warn);       lua_setfield(L, env, "warn");
    static const char *blocked_libs[] = { "os", "io", "debug", "package", NULL };
    for (int i = 0; blocked_libs[i]; i++) {
        push_blocked_lib(L, blocked_libs[i]);
        lua_setfield(L, env, blocked_libs[i]);
    }
    static const char *blocked_fns[] = { "dofile", "loadfile", "collectgarbage", "loadstring", NULL };
    for (int i = 0; blocked_fns[i]; i++) set_blocked_function(L, env, blocked_fns[i]);
    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");
    lua_pushvalue(L, env);
    lua_setfield(L, LUA_REGISTRYINDEX, K_ENV);
    lua_pop(L, 1);
}

/* The evalrun API functions go into the environment too. */
static void register_api(lua_State *L)
{
    sandbox_push_env(L);
    lua_pushglobaltable(L);
    /* API registration functions write into the real globals; copy them over. */
    decl_register(L);
    dbapi_register(L);
    results_register(L);
    textapi_register(L);
    decimalapi_register(L);
    static const char *api[] = { "ruleset", "source", "define_table", "step", "replace_step", "expect",
        "emit", "db", "report", "text", "decimal", NULL };
    for (int i = 0; api[i]; i++) {
        lua_getglobal(L, api[i]);
        if (lua_istable(L, -1)) make_readonly(L, api[i]);
        lua_setfield(L, -3, api[i]);
    }
    lua_pop(L, 2);
}

int sandbox_open(engine *e)
{
    sqlite_memory_install();
    limits *lim = calloc(1, sizeof *lim);
    if (!lim) return -1;
    lim->automatic = e->opt->max_instructions <= 0;
    lim->max_instructions = lim->automatic ? BUDGET_BASE : e->opt->max_instructions;
    lim->rows = -1;
    lim->memory_automatic = e->opt->max_memory <= 0;
    lim->max_memory = lim->memory_automatic ? (size_t)MEMORY_BASE : (size_t)e->opt->max_memory;
    lim->e = e;
    lua_State *L = lua_newstate(counting_alloc, lim);
    if (!L) { free(lim); return -1; }
    /* Generational collection: rules make a few tables and strings per row that die at
     * once, while what they keep (the quota's candidates, the counts) grows slowly, so the
     * young objects are collected often and the old ones seldom. At 1,000,000 members the
     * national grading needs 218 MB instead of 384 MB with the incremental collector at a
     * pause of 400, and its rules run about a fifth faster. Garbage counts against
     * --max-memory, so past a quarter of it the steps get smaller (kill_hook). */
    lua_gc(L, LUA_GCGEN, GC_MINOR_ROOMY, GC_MAJOR_ROOMY);
    lim->L = L;
    e->L = L;
    lua_pushlightuserdata(L, lim);
    lua_setfield(L, LUA_REGISTRYINDEX, K_LIMITS);
    lua_pushlightuserdata(L, e);
    lua_setfield(L, LUA_REGISTRYINDEX, "evalrun.engine");
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, K_LOADED);
    set_roots(lim, e);
    open_safe_libs(L);
    build_env(L);
    register_api(L);
    lua_sethook(L, kill_hook, LUA_MASKCOUNT, HOOK_EVERY);
    return 0;
}

void sandbox_close(engine *e)
{
    if (!e->L) return;
    void *ud;
    lua_getallocf(e->L, &ud);
    if (sqlite_rules == ud) sandbox_count_sqlite(e, SQLITE_COUNT_STOP);
    if (getenv("EVALRUN_TIMING"))
        fprintf(stderr, "evalrun: rules used %lld of %lld instructions; Lua's heap at most %lld MB; memory cap %lld MB\n",
                ((limits *)ud)->used_instructions, ((limits *)ud)->max_instructions,
                (long long)(((limits *)ud)->peak_memory >> 20), (long long)(((limits *)ud)->max_memory >> 20));
    profile_report();               /* before lua_close: the line texts belong to the functions */
    lua_close(e->L);
    limits *lim = ud;
    for (int i = 0; i < lim->nroots; i++) free(lim->roots[i]);
    free(ud);
    e->L = NULL;
}

/* }}} */
/* {{{ errors with their place */

static int tostring_call(lua_State *L)
{
    luaL_tolstring(L, 1, NULL);
    return 1;
}

/* Pushes a readable text for an error value that is not a string: error(nil), error({code = 42}).
 * Tables show their fields sorted (never an address), so the message is the same every run. */
static void push_error_description(lua_State *L, int idx)
{
    int t = lua_type(L, idx);
    if (t == LUA_TNIL) { lua_pushliteral(L, "error raised with no message (error(nil))"); return; }
    if (luaL_getmetafield(L, idx, "__tostring") != LUA_TNIL) {
        lua_pop(L, 1);
        lua_pushcfunction(L, tostring_call);
        lua_pushvalue(L, idx);
        if (lua_pcall(L, 1, 1, 0) == LUA_OK && lua_type(L, -1) == LUA_TSTRING) return;
        lua_pop(L, 1);
    }
    if (t != LUA_TTABLE) {
        lua_pushfstring(L, _("error raised with a %s value%s"), lua_typename(L, t),
                        t != LUA_TBOOLEAN ? "" : lua_toboolean(L, idx) ? " (true)" : " (false)");
        return;
    }
    /* the table's fields with plain keys and values, sorted by key, at most 8 shown */
    lua_newtable(L);
    int list = lua_gettop(L);
    lua_Integer n = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        int kt = lua_type(L, -2), vt = lua_type(L, -1);
        if (n < 64 && (kt == LUA_TSTRING || kt == LUA_TNUMBER)
            && (vt == LUA_TSTRING || vt == LUA_TNUMBER || vt == LUA_TBOOLEAN)) {
            lua_pushvalue(L, -2);
            const char *k = lua_tostring(L, -1);         /* on the copy */
            if (vt == LUA_TSTRING) {
                size_t len;
                const char *v = lua_tolstring(L, -2, &len);
                lua_pushfstring(L, "%s = \"%s%s\"", k, len > 200 ? lua_pushlstring(L, v, 200) : v,
                                len > 200 ? "..." : "");
                if (len > 200) lua_remove(L, -2);
            } else if (vt == LUA_TBOOLEAN) lua_pushfstring(L, "%s = %s", k, lua_toboolean(L, -2) ? "true" : "false");
            else lua_pushfstring(L, "%s = %s", k, lua_tostring(L, -2));
            lua_rawseti(L, list, ++n);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    lua_getglobal(L, "table");
    lua_getfield(L, -1, "sort");
    lua_pushvalue(L, list);
    lua_call(L, 1, 0);
    lua_pop(L, 1);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, "error raised with a table: {");
    for (lua_Integer i = 1; i <= n && i <= 8; i++) {
        if (i > 1) luaL_addstring(&b, ", ");
        lua_rawgeti(L, list, i);
        luaL_addvalue(&b);
    }
    if (n > 8) luaL_addstring(&b, ", ...");
    luaL_addstring(&b, "}");
    luaL_pushresult(&b);
    lua_remove(L, list);
}

/* Frames worth showing to a rule author: Lua files, not C internals. A message that does
 * not say where it comes from gets the place of the innermost rule or library frame. */
static int traceback_handler(lua_State *L)
{
    luaL_Buffer b;
    lua_Debug ar;
    if (lua_type(L, 1) != LUA_TSTRING && lua_type(L, 1) != LUA_TNUMBER) {
        luaL_buffinit(L, &b);
        for (int level = 1; lua_getstack(L, level, &ar); level++) {
            lua_getinfo(L, "Sl", &ar);
            if (ar.source[0] != '@' || ar.currentline <= 0) continue;
            lua_pushfstring(L, "%s:%d: ", ar.source + 1, ar.currentline);
            luaL_addvalue(&b);
            break;
        }
        push_error_description(L, 1);
        luaL_addvalue(&b);
        luaL_pushresult(&b);
        lua_replace(L, 1);
    }
    const char *msg = lua_tostring(L, 1);
    luaL_buffinit(L, &b);
    luaL_addstring(&b, msg);
    int shown = 0;
    for (int level = 1; lua_getstack(L, level, &ar) && shown < 8; level++) {
        lua_getinfo(L, "Sln", &ar);
        if (ar.source[0] != '@' || ar.currentline <= 0) continue;
        char line[1024];
        if (ar.name)
            snprintf(line, sizeof line, "\n    %s:%d: in %s", ar.source + 1, ar.currentline, ar.name);
        else
            snprintf(line, sizeof line, "\n    %s:%d:", ar.source + 1, ar.currentline);
        luaL_addstring(&b, shown == 0 ? "\n  traceback:" : "");
        luaL_addstring(&b, line);
        shown++;
    }
    luaL_pushresult(&b);
    return 1;
}

/* At most MESSAGE_MAX bytes of msg (cut on a UTF-8 boundary), and how much was left out. */
static void add_capped(engine *e, const char *msg, const char *what)
{
    size_t len = strlen(msg);
    if (len <= MESSAGE_MAX) {
        if (what) errlist_add(&e->errs, "%s (%s)", msg, what); else errlist_add(&e->errs, "%s", msg);
        return;
    }
    size_t cut = MESSAGE_MAX;
    while (cut > 0 && ((unsigned char)msg[cut] & 0xC0) == 0x80) cut--;
    errlist_add(&e->errs, _("%.*s … (message cut: %zu more bytes)%s%s%s"), (int)cut, msg, len - cut,
                what ? " (" : "", what ? what : "", what ? ")" : "");
}

int sandbox_call(engine *e, int nargs, const char *what)
{
    lua_State *L = e->L;
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, traceback_handler);
    lua_insert(L, base);
    if (profile_enabled()) profile_start();
    int status = lua_pcall(L, nargs, 0, base);
    lua_remove(L, base);
    if (status == LUA_OK) return 0;
    const char *msg = lua_tostring(L, -1);
    limits *lim = limits_of(L);
    char limit[160];
    if (lim->killed && (!msg || !strstr(msg, "limit reached"))) {
        limit_message(lim, limit, sizeof limit);     /* Lua's own "not enough memory" names no limit */
        msg = limit;
    }
    add_capped(e, msg ? msg : "error", what);
    lua_pop(L, 1);
    engine_fail(e, EXIT_RULES);
    return -1;
}

int sandbox_run_file(engine *e, const char *path)
{
    lua_State *L = e->L;
    lua_getfield(L, LUA_REGISTRYINDEX, K_LOADED);
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, path);
    lua_pop(L, 1);
    int status = load_file(L, path, path, "rules", 0);
    if (status != LUA_OK) {
        errlist_add(&e->errs, "%s", lua_tostring(L, -1));
        lua_pop(L, 1);
        engine_fail(e, status == LUA_ERRFILE ? EXIT_USAGE : EXIT_RULES);
        return -1;
    }
    return sandbox_call(e, 0, NULL);
}

/* "src:line" into out (cut to fit): called for every emit{}, so no printf. */
static void put_place(char *out, size_t outsz, const char *src, int line)
{
    char digits[16];
    int nd = 0;
    for (unsigned v = (unsigned)line; v || !nd; v /= 10) digits[nd++] = (char)('0' + v % 10);
    size_t n = strlen(src);
    if (n + 1 + (size_t)nd + 1 > outsz) { snprintf(out, outsz, "%s:%d", src, line); return; }
    memcpy(out, src, n);
    out[n++] = ':';
    while (nd) out[n++] = digits[--nd];
    out[n] = 0;
}

void sandbox_where(lua_State *L, char *rule, size_t rulesz, char *lib, size_t libsz)
{
    rule[0] = lib[0] = 0;
    const char *scripts = "scripts/";
    size_t slen = strlen(scripts);
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        /* the source first: the line (a search of the function's line table) only of the two
         * frames whose place is kept, not of every library frame between them */
        lua_getinfo(L, "S", &ar);
        if (ar.source[0] != '@') continue;
        const char *src = ar.source + 1;
        int is_lib = strncmp(src, scripts, slen) == 0;
        if (is_lib && lib[0]) continue;
        lua_getinfo(L, "l", &ar);
        if (ar.currentline <= 0) continue;
        if (is_lib) put_place(lib, libsz, src, ar.currentline);
        else { put_place(rule, rulesz, src, ar.currentline); break; }
    }
}

/* }}} */

/* sandbox.c — see sandbox.h. Modelled on the usual embedding practice:
 * a counting allocator with a cap, a count hook with a budget, allow-listed
 * libraries, stubs that name what is blocked, and a message handler that
 * gives "file:line:" plus a short traceback. */
#include "sandbox.h"

#include <errno.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

#define HOOK_EVERY 1000        /* instructions between budget checks */
#define HEADROOM (8u << 20)    /* bytes allowed past the cap for reporting a kill */
#define GC_PAUSE_ROOMY 400     /* Lua's collector pause while the heap is far below the cap */
#define GC_PAUSE_TIGHT 200     /* and near it (Lua's default) */

typedef struct limits {
    long long max_instructions, used_instructions;
    size_t max_memory, used_memory;
    int killed;                /* 0, KILL_INSTRUCTIONS or KILL_MEMORY */
    int gc_tight;              /* the heap is past a quarter of the cap: collect at Lua's usual pace */
    lua_State *L;
    engine *e;
} limits;

enum { KILL_INSTRUCTIONS = 1, KILL_MEMORY = 2 };

static const char *K_ENV = "evalrun.env";
static const char *K_LIMITS = "evalrun.limits";
static const char *K_LOADED = "evalrun.loaded";

/* {{{ limits */

static limits *limits_of(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, K_LIMITS);
    limits *lim = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return lim;
}

static void kill_hook(lua_State *L, lua_Debug *ar);

static void limit_message(const limits *lim, char *buf, size_t n)
{
    if (lim->killed == KILL_MEMORY)
        snprintf(buf, n, "memory limit reached (--max-memory %lld MB)", (long long)(lim->max_memory >> 20));
    else
        snprintf(buf, n, "instruction limit reached (--max-instructions %lld)", lim->max_instructions);
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
    if (!lim->gc_tight && lim->used_memory > lim->max_memory / 4) {
        lua_gc(L, LUA_GCINC, GC_PAUSE_TIGHT, 0, 0);
        lim->gc_tight = 1;
    }
    if (!lim->killed) {
        lim->used_instructions += HOOK_EVERY;
        if (lim->used_instructions <= lim->max_instructions) return;
        kill(lim, KILL_INSTRUCTIONS);
    }
    raise_limit_at(L, lim, 0);
}

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
    if (nsize > old && lim->used_memory - old + nsize > cap) {
        kill(lim, KILL_MEMORY);
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (p) lim->used_memory = lim->used_memory - old + nsize;
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
    return luaL_error(L, "%s is blocked in rule files (rules cannot reach files, programs or the clock)",
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

static int readonly_newindex(lua_State *L)
{
    return luaL_error(L, "%s is read-only in rule files (cannot set '%s')",
                      lua_tostring(L, lua_upvalueindex(1)), luaL_optstring(L, 2, "?"));
}

/* Replaces the table at the top with an empty proxy that reads through to it. */
static void make_readonly(lua_State *L, const char *name)
{
    lua_newtable(L);                        /* real proxy */
    lua_newtable(L);                        /* real proxy mt */
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushstring(L, name);
    lua_pushcclosure(L, readonly_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    lua_pushstring(L, "read-only");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);                /* real proxy */
    lua_remove(L, -2);                      /* proxy */
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

/* }}} */
/* {{{ loading text chunks */

/* load(chunk [, name [, mode [, env]]]) for text only; the environment defaults to the rule environment. */
static int safe_load(lua_State *L)
{
    size_t len;
    const char *s = lua_tolstring(L, 1, &len);
    if (!s) return luaL_error(L, "load: only a string of Lua text can be loaded in rule files");
    const char *name = luaL_optstring(L, 2, "=(load)");
    if (len > 0 && s[0] == LUA_SIGNATURE[0]) {
        lua_pushnil(L);
        lua_pushstring(L, "load: binary chunks are blocked in rule files");
        return 2;
    }
    int status = luaL_loadbufferx(L, s, len, name, "t");
    if (status != LUA_OK) { lua_pushnil(L); lua_insert(L, -2); return 2; }
    if (!lua_isnoneornil(L, 4)) lua_pushvalue(L, 4); else sandbox_push_env(L);
    if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
    return 1;
}

void sandbox_push_env(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, K_ENV);
}

/* Reads path, records its hash, and pushes it compiled as a text chunk with
 * the rule environment. Returns LUA_OK or an error with the message pushed. */
static int load_file(lua_State *L, const char *path, const char *shown, const char *role)
{
    engine *e = engine_of(L);
    size_t len = 0;
    char *text = file_read(path, &len);
    if (!text) {
        lua_pushfstring(L, "%s: cannot open: %s", path, strerror(errno));
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
    lua_getfield(L, LUA_REGISTRYINDEX, K_LOADED);
    lua_getfield(L, -1, path);
    int seen = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (seen) { lua_pop(L, 1); free(path); return 0; }   /* a base extended twice runs once */
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, path);
    lua_pop(L, 1);
    int status = load_file(L, path, path, "rules");
    free(path);
    if (status != LUA_OK) return lua_error(L);
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
    static const char *blocked[] = { "os", "io", "debug", "package", "coroutine", "ffi", NULL };
    for (int i = 0; blocked[i]; i++)
        if (strcmp(name, blocked[i]) == 0)
            return luaL_error(L, "require \"%s\" is blocked in rule files", name);
    if (!valid_module_name(name))
        return luaL_error(L, "require \"%s\": a module name is made of letters, digits, '_' and '.'", name);
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
            int status = load_file(L, path, shown, roles[i]);
            free(path);
            free(scripts);
            if (status != LUA_OK) return lua_error(L);
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
    return luaL_error(L, "module '%s' not found in scripts/ or the rules folder", name);
}

static int l_print(lua_State *L)
{
    int n = lua_gettop(L);
    char rule[512], lib[512];
    sandbox_where(L, rule, sizeof rule, lib, sizeof lib);
    fprintf(stderr, "%s: ", rule[0] ? rule : "rules");
    for (int i = 1; i <= n; i++) {
        if (i > 1) fputc('\t', stderr);
        fputs(luaL_tolstring(L, i, NULL), stderr);
        lua_pop(L, 1);
    }
    fputc('\n', stderr);
    return 0;
}

/* math.randomseed() without a seed would read the clock: require one. */
static int l_randomseed(lua_State *L)
{
    luaL_checkinteger(L, 1);
    lua_getfield(L, lua_upvalueindex(1), "randomseed");
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 0);
    return 0;
}

/* }}} */
/* {{{ the environment */

static void open_safe_libs(lua_State *L)
{
    static const luaL_Reg libs[] = {
        { LUA_GNAME, luaopen_base }, { LUA_STRLIBNAME, luaopen_string }, { LUA_TABLIBNAME, luaopen_table },
        { LUA_MATHLIBNAME, luaopen_math }, { LUA_UTF8LIBNAME, luaopen_utf8 }, { NULL, NULL } };
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
}

/* Builds the table rule files see as their globals: the safe base
 * functions, read-only libraries, the evalrun API and blocked stubs. Rule
 * files may add their own globals (e.g. config) to it. */
static void build_env(lua_State *L)
{
    lua_newtable(L);
    int env = lua_gettop(L);
    static const char *base_ok[] = { "assert", "error", "ipairs", "next", "pairs", "rawequal", "rawget",
        "rawlen", "rawset", "select", "setmetatable", "getmetatable", "tonumber", "tostring", "type",
        "_VERSION", NULL };
    for (int i = 0; base_ok[i]; i++) {
        lua_getglobal(L, base_ok[i]);
        lua_setfield(L, env, base_ok[i]);
    }
    static const char *libs[] = { "string", "table", "math", "utf8", NULL };
    for (int i = 0; libs[i]; i++) {
        lua_getglobal(L, libs[i]);
        if (strcmp(libs[i], "string") == 0) {      /* binary chunks are refused anyway; do not make them */
            lua_pushstring(L, "string.dump");
            lua_pushcclosure(L, blocked_call, 1);
            lua_setfield(L, -2, "dump");
        }
        if (strcmp(libs[i], "math") == 0) {
            lua_getglobal(L, "math");
            lua_pushcclosure(L, l_randomseed, 1);
            lua_setfield(L, -2, "randomseed");
        }
        make_readonly(L, libs[i]);
        lua_setfield(L, env, libs[i]);
    }
    lua_pushcfunction(L, safe_pcall);   lua_setfield(L, env, "pcall");
    lua_pushcfunction(L, safe_xpcall);  lua_setfield(L, env, "xpcall");
    lua_pushcfunction(L, safe_load);    lua_setfield(L, env, "load");
    lua_pushcfunction(L, l_require);    lua_setfield(L, env, "require");
    lua_pushcfunction(L, l_extends);    lua_setfield(L, env, "extends");
    lua_pushcfunction(L, l_print);      lua_setfield(L, env, "print");
    static const char *blocked_libs[] = { "os", "io", "debug", "package", "coroutine", NULL };
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
    static const char *api[] = { "ruleset", "source", "define_table", "step", "replace_step", "expect",
        "emit", "db", "report", "text", NULL };
    for (int i = 0; api[i]; i++) {
        lua_getglobal(L, api[i]);
        if (lua_istable(L, -1)) make_readonly(L, api[i]);
        lua_setfield(L, -3, api[i]);
    }
    lua_pop(L, 2);
}

int sandbox_open(engine *e)
{
    limits *lim = calloc(1, sizeof *lim);
    if (!lim) return -1;
    lim->max_instructions = e->opt->max_instructions;
    lim->max_memory = (size_t)e->opt->max_memory;
    lim->e = e;
    lua_State *L = lua_newstate(counting_alloc, lim);
    if (!L) { free(lim); return -1; }
    /* Collect when the heap has grown to 4x what the last collection kept (Lua's default
     * is 2x): a national grading run spends a tenth less time collecting. Garbage counts
     * against --max-memory, so past a quarter of it the usual 2x returns (kill_hook). */
    lua_gc(L, LUA_GCINC, GC_PAUSE_ROOMY, 0, 0);
    lim->L = L;
    e->L = L;
    lua_pushlightuserdata(L, lim);
    lua_setfield(L, LUA_REGISTRYINDEX, K_LIMITS);
    lua_pushlightuserdata(L, e);
    lua_setfield(L, LUA_REGISTRYINDEX, "evalrun.engine");
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, K_LOADED);
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
    lua_close(e->L);
    free(ud);
    e->L = NULL;
}

/* }}} */
/* {{{ errors with their place */

/* Frames worth showing to a rule author: Lua files, not C internals. */
static int traceback_handler(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (!msg) msg = luaL_tolstring(L, 1, NULL);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, msg);
    lua_Debug ar;
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

int sandbox_call(engine *e, int nargs, const char *what)
{
    lua_State *L = e->L;
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, traceback_handler);
    lua_insert(L, base);
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
    if (what)
        errlist_add(&e->errs, "%s (%s)", msg ? msg : "error", what);
    else
        errlist_add(&e->errs, "%s", msg ? msg : "error");
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
    int status = load_file(L, path, path, "rules");
    if (status != LUA_OK) {
        errlist_add(&e->errs, "%s", lua_tostring(L, -1));
        lua_pop(L, 1);
        engine_fail(e, status == LUA_ERRFILE ? EXIT_USAGE : EXIT_RULES);
        return -1;
    }
    return sandbox_call(e, 0, NULL);
}

void sandbox_where(lua_State *L, char *rule, size_t rulesz, char *lib, size_t libsz)
{
    rule[0] = lib[0] = 0;
    const char *scripts = "scripts/";
    size_t slen = strlen(scripts);
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        lua_getinfo(L, "Sl", &ar);
        if (ar.source[0] != '@' || ar.currentline <= 0) continue;
        const char *src = ar.source + 1;
        int is_lib = strncmp(src, scripts, slen) == 0;
        if (is_lib && !lib[0]) snprintf(lib, libsz, "%s:%d", src, ar.currentline);
        if (!is_lib) { snprintf(rule, rulesz, "%s:%d", src, ar.currentline); break; }
    }
}

/* }}} */

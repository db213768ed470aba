/* test_sandbox.c — the sandbox and its limits, through the engine: each rule
 * file is run as `evalrun check` would, and the exit code and the message
 * (captured from stderr) are checked. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "paths.h"
#include "report.h"
#include "unit.h"

static char dir[] = "/tmp/evalrun-sandbox-XXXXXX";

/* Runs rule text (after a ruleset line) and returns the exit code; *msg gets what went to stderr. */
static int run_rules(const char *body, long long max_instr, long long max_mem_mb, char **msg)
{
    char path[256], errpath[256];
    snprintf(path, sizeof path, "%s/r.lua", dir);
    snprintf(errpath, sizeof errpath, "%s/stderr.txt", dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "ruleset { id = \"t\", year = 2023, data = \".\" }\n%s\n", body);
    fclose(f);
    run_options o = { 0 };
    o.rules = path;
    o.formats = FMT_ALL;
    o.max_instructions = max_instr;
    o.max_memory = max_mem_mb << 20;
    o.quiet = 1;
    fflush(stderr);
    int saved = dup(2);
    int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 2);
    close(fd);
    int rc = engine_run(&o, NULL, NULL);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    size_t len;
    *msg = file_read(errpath, &len);
    return rc;
}

static void expect_stop(const char *body, const char *want, long long instr, long long mem)
{
    char *msg = NULL;
    int rc = run_rules(body, instr, mem, &msg);
    CHECK(rc == EXIT_RULES);
    unit_checks++;
    if (!msg || !strstr(msg, want)) {
        unit_failures++;
        fprintf(stderr, "rule: %s\n  want message containing: %s\n  got: %s\n", body, want, msg ? msg : "(none)");
    }
    free(msg);
}

int main(void)
{
    if (!mkdtemp(dir)) return 1;
    const long long I = 2000000, M = 64;
    expect_stop("step('s', function() os.execute('true') end)", "os.execute is blocked", I, M);
    expect_stop("step('s', function() io.open('/etc/passwd') end)", "io.open is blocked", I, M);
    expect_stop("require 'os'", "require \"os\" is blocked", I, M);
    expect_stop("require 'debug'", "require \"debug\" is blocked", I, M);
    expect_stop("local f, e = load('\\27Lua') assert(f, e)", "binary chunks are blocked", I, M);
    expect_stop("string.dump(function() end)", "string.dump is blocked", I, M);
    expect_stop("loadfile('/etc/passwd')", "loadfile is blocked", I, M);
    expect_stop("collectgarbage('stop')", "collectgarbage is blocked", I, M);
    expect_stop("step('s', function() while true do end end)", "r.lua:2: instruction limit reached (--max-instructions 2000000)", I, M);
    expect_stop("step('s', function() for i = 1, 50 do pcall(function() while true do end end) end end)",
                "instruction limit reached", I, M);
    expect_stop("step('s', function() for i = 1, 50 do xpcall(function() while true do end end, function() return 'caught' end) end end)",
                "instruction limit reached", I, M);
    expect_stop("step('s', function() local s = string.rep('x', 1 << 30) end)", "memory limit reached (--max-memory 64 MB)", I, M);
    expect_stop("step('s', function() local t = {} pcall(function() for i = 1, 1e9 do t[i] = {i} end end) end)",
                "memory limit reached (--max-memory 64 MB)", 100000000, M);
    expect_stop("step('s', function() local t = {} for i = 1, 1e9 do t[#t+1] = ('x'):rep(1000) .. i end end)",
                "memory limit reached", 1000000000, M);
    expect_stop("math.pi = 3", "math is read-only", I, M);
    expect_stop("db.rows = nil", "db is read-only", I, M);
    expect_stop("math.randomseed()", "bad argument #1 to 'randomseed'", I, M);
    expect_stop("step('s', function() local x = nil; return x.y end)", "r.lua:2: attempt to index a nil value", I, M);
    /* a rule that stays within its limits runs */
    char *msg = NULL;
    CHECK(run_rules("step('s', function() local t = {} for i = 1, 1000 do t[i] = i end end)", I, M, &msg) == 0);
    free(msg);
    /* random numbers are the same every run */
    msg = NULL;
    char *msg2 = NULL;
    run_rules("step('s', function() print(math.random(1, 1000000000)) end)", I, M, &msg);
    run_rules("step('s', function() print(math.random(1, 1000000000)) end)", I, M, &msg2);
    CHECK(msg && msg2 && strcmp(msg, msg2) == 0);
    free(msg);
    free(msg2);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    UNIT_DONE();
}

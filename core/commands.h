/* commands.h — the commands beside the main job: test and explain. */
#ifndef EVALRUN_COMMANDS_H
#define EVALRUN_COMMANDS_H
#include "engine.h"

typedef struct test_totals { long long expectations, failed_expectations; int files, failed_files; } test_totals;
after_run_fn expect_checker(void);          /* arg: test_totals* */
after_run_fn explainer(void);               /* arg: the id (const char*) */
int cmd_extract(int argc, char **argv);     /* evalrun extract REPORT [options] (core/extract.c) */
#endif

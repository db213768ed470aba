/* summary.h — what the main job prints on the terminal: a short summary.
 *
 * What was loaded (files and rows), each table written with its row count,
 * the number of warnings and of figures to review with the first few, and
 * where the outputs are. The full tables are printed only with --print.
 */
#ifndef EVALRUN_SUMMARY_H
#define EVALRUN_SUMMARY_H

#include <stdio.h>
#include "engine.h"
#include "strbuf.h"

#define SUMMARY_SHOWN 5      /* warnings listed by name; the rest are counted */

/* Appends the summary of a finished run to out. `written` lists the files written,
 * one per line, as report_write_all returns them. */
void summary_print(engine *e, strbuf *out, const char *written);

#endif

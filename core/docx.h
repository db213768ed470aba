/* docx.h — the blocks of text of a narrative report, each with its place.
 *
 * A block is one paragraph ("p12" in a .docx, the line number in a .txt) or
 * one table cell ("t1.r2.c3": table 1, row 2, cell 3). Blocks keep the
 * document's order, so figures can be read in context.
 */
#ifndef EVALRUN_DOCX_H
#define EVALRUN_DOCX_H
#include <stddef.h>

typedef struct doc_block { char *place; char *text; } doc_block;
typedef struct doc_blocks { doc_block *v; int n, cap; } doc_blocks;

void doc_blocks_add(doc_blocks *b, const char *place, const char *text, size_t len);
void doc_blocks_free(doc_blocks *b);
/* Reads the body of a .docx into out. Returns 0, or -1 with a message in err. */
int docx_read(const char *path, doc_blocks *out, char *err, size_t errsz);
#endif

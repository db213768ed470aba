/* docx.c — the text of a Word file, paragraph by paragraph and cell by cell.
 *
 * A .docx is a zip container (read with libzip) whose word/document.xml holds
 * the body (read with expat). We keep what a reviewer would quote: the text
 * runs (w:t), tabs as a space, line breaks as a newline. Every paragraph of
 * the body becomes one block placed "pN" (N counts the body's paragraphs,
 * empty ones included, so the number matches what Word shows); every table
 * cell becomes one block placed "tT.rR.cC" holding its paragraphs joined by
 * newlines. A table inside a cell counts as its own table.
 */
#include "docx.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "strbuf.h"

#define MAX_DEPTH 16          /* nested tables followed this deep; deeper ones join their cell */
#define MAX_XML (256u << 20)  /* a document.xml larger than this is refused (a zip bomb, not a report) */

typedef struct cellpos { int table, row, cell; } cellpos;

typedef struct docx_reader {
    doc_blocks *out;
    strbuf para;              /* text of the paragraph being read */
    strbuf cell;              /* paragraphs of the innermost open cell */
    int in_text;              /* inside w:t */
    int paragraphs;           /* body paragraphs seen */
    int tables;               /* tables seen, in document order */
    int depth;                /* open tables */
    cellpos stack[MAX_DEPTH]; /* the open tables' current row and cell */
    int failed;
} docx_reader;

static const char *local_name(const char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

void doc_blocks_add(doc_blocks *b, const char *place, const char *text, size_t len)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->v = realloc(b->v, (size_t)b->cap * sizeof *b->v);
    }
    b->v[b->n].place = strdup(place);
    b->v[b->n].text = malloc(len + 1);
    memcpy(b->v[b->n].text, text, len);
    b->v[b->n].text[len] = 0;
    b->n++;
}

void doc_blocks_free(doc_blocks *b)
{
    for (int i = 0; i < b->n; i++) {
        free(b->v[i].place);
        free(b->v[i].text);
    }
    free(b->v);
    memset(b, 0, sizeof *b);
}

static void on_start(void *ud, const char *name, const char **attrs)
{
    docx_reader *r = ud;
    const char *n = local_name(name);
    if (!strcmp(n, "t")) r->in_text = 1;
    else if (!strcmp(n, "tab")) sb_add(&r->para, " ");
    else if (!strcmp(n, "br") || !strcmp(n, "cr")) sb_add(&r->para, "\n");
    else if (!strcmp(n, "tbl")) {
        r->tables++;
        if (r->depth < MAX_DEPTH) r->stack[r->depth] = (cellpos){ r->tables, 0, 0 };
        r->depth++;
    } else if (!strcmp(n, "tr") && r->depth && r->depth <= MAX_DEPTH) {
        r->stack[r->depth - 1].row++;
        r->stack[r->depth - 1].cell = 0;
    } else if (!strcmp(n, "tc") && r->depth && r->depth <= MAX_DEPTH) {
        r->stack[r->depth - 1].cell++;
        r->cell.len = 0;
        if (r->cell.s) r->cell.s[0] = 0;
    }
    (void)attrs;
}

static void on_end(void *ud, const char *name)
{
    docx_reader *r = ud;
    const char *n = local_name(name);
    if (!strcmp(n, "t")) r->in_text = 0;
    else if (!strcmp(n, "p")) {
        const char *text = r->para.s ? r->para.s : "";
        if (r->depth == 0) {
            char place[32];
            snprintf(place, sizeof place, "p%d", ++r->paragraphs);
            doc_blocks_add(r->out, place, text, r->para.len);
        } else {
            if (r->cell.len) sb_add(&r->cell, "\n");
            sb_add(&r->cell, text);
        }
        r->para.len = 0;
        if (r->para.s) r->para.s[0] = 0;
    } else if (!strcmp(n, "tc") && r->depth && r->depth <= MAX_DEPTH) {
        cellpos *c = &r->stack[r->depth - 1];
        char place[64];
        snprintf(place, sizeof place, "t%d.r%d.c%d", c->table, c->row, c->cell);
        doc_blocks_add(r->out, place, r->cell.s ? r->cell.s : "", r->cell.len);
        r->cell.len = 0;
        if (r->cell.s) r->cell.s[0] = 0;
    } else if (!strcmp(n, "tbl") && r->depth) r->depth--;
}

static void on_text(void *ud, const char *s, int len)
{
    docx_reader *r = ud;
    if (r->in_text) sb_addn(&r->para, s, (size_t)len);
}

/* Reads word/document.xml out of the container into a malloc'd buffer. */
static char *read_document_xml(const char *path, size_t *len, char *err, size_t errsz)
{
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
    if (!z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        snprintf(err, errsz, "not a Word file (.docx): %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return NULL;
    }
    zip_stat_t st;
    char *buf = NULL;
    if (zip_stat(z, "word/document.xml", 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
        snprintf(err, errsz, "not a Word file (.docx): it has no word/document.xml");
    } else if (st.size > MAX_XML) {
        snprintf(err, errsz, "word/document.xml is %llu bytes, more than a report holds", (unsigned long long)st.size);
    } else {
        zip_file_t *f = zip_fopen(z, "word/document.xml", 0);
        buf = f ? malloc(st.size + 1) : NULL;
        zip_int64_t got = buf ? zip_fread(f, buf, st.size) : -1;
        if (f) zip_fclose(f);
        if (got < 0 || (zip_uint64_t)got != st.size) {
            snprintf(err, errsz, "word/document.xml could not be read: %s", zip_strerror(z));
            free(buf);
            buf = NULL;
        } else {
            buf[got] = 0;
            *len = (size_t)got;
        }
    }
    zip_discard(z);
    return buf;
}

int docx_read(const char *path, doc_blocks *out, char *err, size_t errsz)
{
    size_t len = 0;
    char *xml = read_document_xml(path, &len, err, errsz);
    if (!xml) return -1;
    docx_reader r = { .out = out };
    XML_Parser p = XML_ParserCreate("UTF-8");
    XML_SetUserData(p, &r);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    int rc = 0;
    if (XML_Parse(p, xml, (int)len, 1) == XML_STATUS_ERROR) {
        snprintf(err, errsz, "word/document.xml:%lu:%lu: %s", (unsigned long)XML_GetCurrentLineNumber(p),
                 (unsigned long)XML_GetCurrentColumnNumber(p) + 1, XML_ErrorString(XML_GetErrorCode(p)));
        rc = -1;
    }
    XML_ParserFree(p);
    sb_free(&r.para);
    sb_free(&r.cell);
    free(xml);
    return rc;
}

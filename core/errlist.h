/* errlist.h — a list of problems found, each already carrying its place.
 *
 * Bad input is reported all at once: the loader and the checks append every
 * problem they find here, and the caller prints the list and picks the exit
 * code. After ERRLIST_MAX messages only the count keeps growing, so a file
 * with a million bad rows does not flood the terminal.
 */
#ifndef EVALRUN_ERRLIST_H
#define EVALRUN_ERRLIST_H

#include <stdio.h>

#define ERRLIST_MAX 200

typedef struct errlist {
    char *msg[ERRLIST_MAX];  /* owned, "file.csv:14:3: message" */
    int nmsg;                /* messages stored */
    long count;              /* problems found, stored or not */
} errlist;

/* Appends one printf-formatted message. */
void errlist_add(errlist *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints every stored message, one per line, then "... and N more" if any were dropped. */
void errlist_print(const errlist *e, FILE *f);
void errlist_free(errlist *e);

#endif

/* Merge data: records of named string values, read from CSV (libcsv), a JSON array of
 * objects or JSON Lines (jansson). Everything lives in the dataset's arena. */
#ifndef EP_MERGE_DATA_H
#define EP_MERGE_DATA_H

#include "diag.h"
#include "letter/template.h"
#include "util/arena.h"

typedef struct ep_record {
    ep_fields fields;
    long number;     /* 1-based, in the order of the data */
    long line;       /* where the record starts in the file (0 when unknown) */
} ep_record;

typedef struct ep_dataset {
    ep_arena *arena;
    ep_record *v;
    size_t n, cap;
    /* A CSV's header: its columns, the separator used, and the header line (kept so that a
     * message about a column can show it). NULL and 0 for JSON, whose records name their own. */
    const char **columns;
    size_t ncolumns;
    char delimiter;
    ep_source header;
} ep_dataset;

typedef enum ep_format { EP_FORMAT_AUTO, EP_FORMAT_CSV, EP_FORMAT_JSON, EP_FORMAT_JSONL } ep_format;

/* format from a name ("csv", "json", "jsonl"); -1 if unknown. */
int ep_format_parse(const char *s, ep_format *out);

/* A separator from its name (",", ";", "tab" or "\t", "|"); 0 if unknown. */
char ep_delimiter_parse(const char *s);
/* The separator as a word for people: "','", "';'", "tab", "'|'". */
const char *ep_delimiter_name(char c);

/* Reads path ("-" = standard input). A CSV's separator is delim, or (0) the one of ',' ';'
 * tab '|' its header line has most of. Errors carry the file and the record or line. */
int ep_data_read(ep_dataset *ds, ep_diag *d, const char *path, ep_format format, char delim);

#endif

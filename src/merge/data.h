/* Merge data: records of named string values, read from CSV (libcsv), a JSON array of
 * objects or JSON Lines (jansson). Everything lives in the dataset's arena. */
#ifndef EP_MERGE_DATA_H
#define EP_MERGE_DATA_H

#include "letter/template.h"
#include "util/arena.h"
#include "util/diag.h"

typedef struct ep_record {
    ep_fields fields;
    long number;     /* 1-based, in the order of the data */
    long line;       /* where the record starts in the file (0 when unknown) */
} ep_record;

typedef struct ep_dataset {
    ep_arena *arena;
    ep_record *v;
    size_t n, cap;
} ep_dataset;

typedef enum ep_format { EP_FORMAT_AUTO, EP_FORMAT_CSV, EP_FORMAT_JSON, EP_FORMAT_JSONL } ep_format;

/* format from a name ("csv", "json", "jsonl"); -1 if unknown. */
int ep_format_parse(const char *s, ep_format *out);

/* Reads path ("-" = standard input). Errors carry the file and the record or line. */
int ep_data_read(ep_dataset *ds, ep_diag *d, const char *path, ep_format format);

#endif

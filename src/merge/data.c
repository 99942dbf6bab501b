#include "merge/data.h"

#include <csv.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unicode/utf8.h>

#include "input.h"
#include "util/buf.h"
#include "util/limits.h"

int ep_format_parse(const char *s, ep_format *out)
{
    if (!strcmp(s, "csv")) *out = EP_FORMAT_CSV;
    else if (!strcmp(s, "json")) *out = EP_FORMAT_JSON;
    else if (!strcmp(s, "jsonl") || !strcmp(s, "ndjson")) *out = EP_FORMAT_JSONL;
    else return -1;
    return 0;
}

static ep_format from_extension(const char *path)
{
    const char *dot = strrchr(path, '.');
    ep_format f;
    if (dot && !ep_format_parse(dot + 1, &f)) return f;
    return EP_FORMAT_CSV;
}

static int valid_utf8(const char *s, size_t len)
{
    int32_t i = 0, n = (int32_t)len;
    while (i < n) {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c <= 0) return 0;
    }
    return 1;
}

static void add_field(ep_record *r, const char *key, const char *value)
{
    ((const char **)r->fields.keys)[r->fields.n] = key;
    ((const char **)r->fields.values)[r->fields.n] = value;
    r->fields.n++;
}

/* number: the record's place in the data (an element of a JSON array that is no object, or a
 * line that is no JSON, still takes its number, so that later messages name the right one). */
static ep_record *add_record(ep_dataset *ds, size_t nfields, long line, long number)
{
    ds->v = ep_arena_grow(ds->arena, ds->v, sizeof *ds->v, &ds->cap, ds->n + 1);
    ep_record *r = &ds->v[ds->n];
    r->number = number;
    r->line = line;
    r->fields.keys = ep_arena_alloc(ds->arena, sizeof(char *) * (nfields + 1));
    r->fields.values = ep_arena_alloc(ds->arena, sizeof(char *) * (nfields + 1));
    r->fields.n = 0;
    ds->n++;
    return r;
}

/* ---- CSV ---- */

typedef struct csvctx {
    ep_dataset *ds;
    ep_diag *d;
    const char *path;
    const char **header;
    size_t nheader, capheader;
    const char **row;
    size_t nrow, caprow;
    long line, row_line, rows;
    int failed;
} csvctx;

static void csv_field(void *s, size_t len, void *data)
{
    csvctx *c = data;
    const char *text = s ? s : "";
    if (!valid_utf8(text, len) || memchr(text, 0, len)) {
        if (c->header)
            ep_error(c->d, ep_pos_make(c->path, (int)c->row_line, 0), EP_C_ENCODING,
                     "record %ld: a value is not valid UTF-8 text", c->rows + 1);
        else
            ep_error(c->d, ep_pos_make(c->path, (int)c->row_line, 0), EP_C_ENCODING,
                     "the header: a name is not valid UTF-8 text");
        c->failed = 1;
    }
    for (size_t i = 0; i < len; i++) c->line += text[i] == '\n';
    c->row = ep_arena_grow(c->ds->arena, c->row, sizeof *c->row, &c->caprow, c->nrow + 1);
    c->row[c->nrow++] = ep_arena_strndup(c->ds->arena, text, len);
}

static void csv_row(int term, void *data)
{
    csvctx *c = data;
    (void)term;
    if (!c->header) {
        c->header = c->row;
        c->nheader = c->nrow;
        for (size_t i = 0; i < c->nheader; i++) {
            /* Header names are matched as written, without surrounding spaces. */
            char *h = (char *)c->header[i];
            while (*h == ' ') h++;
            size_t n = strlen(h);
            while (n && h[n - 1] == ' ') h[--n] = 0;
            c->header[i] = h;
        }
    } else if (!(c->nrow == 1 && !c->row[0][0])) {
        c->rows++;
        ep_record *r = add_record(c->ds, c->nheader, c->row_line, c->rows);
        /* A short row lacks its last fields: they are missing, not empty. */
        for (size_t i = 0; i < c->nrow && i < c->nheader; i++) add_field(r, c->header[i], c->row[i]);
        if (c->nrow > c->nheader) {
            ep_error(c->d, ep_pos_make(c->path, (int)c->row_line, 0),
                     EP_C_DATA_SHAPE, "record %ld has %zu fields, the header names %zu", c->rows, c->nrow, c->nheader);
            c->failed = 1;
        }
    }
    c->row = NULL;
    c->nrow = c->caprow = 0;
    c->line++;
    c->row_line = c->line;
}

char ep_delimiter_parse(const char *s)
{
    if (!strcmp(s, ",") || !strcmp(s, ";") || !strcmp(s, "|")) return s[0];
    if (!strcmp(s, "tab") || !strcmp(s, "\t") || !strcmp(s, "\\t")) return '\t';
    return 0;
}

const char *ep_delimiter_name(char c)
{
    return c == '\t' ? "tab" : c == ';' ? "';'" : c == '|' ? "'|'" : "','";
}

/* A spreadsheet saved as CSV in much of Europe separates with ';' (the decimal comma takes
 * ','), and a "text" export with tabs: the header line says which, by what it has most of
 * outside quotes. */
static char detect_delimiter(const char *data, size_t len)
{
    static const char cands[] = {',', ';', '\t', '|'};
    size_t count[4] = {0};
    int quoted = 0;
    for (size_t i = 0; i < len && data[i] != '\n'; i++) {
        if (data[i] == '"') quoted = !quoted;
        for (size_t k = 0; k < 4 && !quoted; k++) count[k] += data[i] == cands[k];
    }
    size_t best = 0;
    for (size_t k = 1; k < 4; k++)
        if (count[k] > count[best]) best = k;
    return cands[best];
}

static int read_csv(ep_dataset *ds, ep_diag *d, const char *path, const char *data, size_t len, char delim)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) return -1;
    ds->delimiter = delim ? delim : detect_delimiter(data, len);
    csv_set_delim(&p, (unsigned char)ds->delimiter);
    /* The header line, for messages about the columns. */
    const char *eol = memchr(data, '\n', len);
    size_t hlen = eol ? (size_t)(eol - data) : len;
    while (hlen && data[hlen - 1] == '\r') hlen--;
    ep_srcline *hl = ep_arena_alloc(ds->arena, sizeof *hl);
    hl->s = ep_arena_strndup(ds->arena, data, hlen);
    hl->len = hlen;
    ds->header = (ep_source){path, hl, 1, 1, NULL};
    csvctx c = {ds, d, path, NULL, 0, 0, NULL, 0, 0, 1, 1, 0, 0};
    /* libcsv reports only that the input is malformed; find the line by feeding lines. */
    size_t done = 0;
    while (done < len) {
        const char *nl = memchr(data + done, '\n', len - done);
        size_t chunk = nl ? (size_t)(nl - (data + done)) + 1 : len - done;
        if (csv_parse(&p, data + done, chunk, csv_field, csv_row, &c) != chunk) {
            ep_error(d, ep_pos_make(path, (int)c.line, 0), EP_C_DATA_SYNTAX, "malformed CSV: %s", csv_strerror(csv_error(&p)));
            csv_free(&p);
            return -1;
        }
        done += chunk;
    }
    if (csv_fini(&p, csv_field, csv_row, &c)) {
        ep_error(d, ep_pos_make(path, (int)c.line, 0), EP_C_DATA_SYNTAX, "malformed CSV: %s", csv_strerror(csv_error(&p)));
        csv_free(&p);
        return -1;
    }
    csv_free(&p);
    if (!c.header) {
        ep_error(d, ep_pos_make(path, 0, 0), EP_C_DATA_SHAPE, "no header row");
        return -1;
    }
    ds->columns = c.header;
    ds->ncolumns = c.nheader;
    return c.failed ? -1 : 0;
}

/* ---- JSON ---- */

/* jansson decodes a number into a C integer or double, so "1.50" would come back as 1.5, "007"
 * is refused anyway, and an integer past 2^63 does not load at all. A merge field is text to
 * print, so it must print as written. jansson first checks the whole text (syntax, UTF-8,
 * duplicate keys); then the text is walked value by value, each key and value decoded by
 * jansson, which says how many bytes it read: a number's field is the bytes it was read from,
 * and every record and value gets the line and column where it starts. */
typedef struct jwalk {
    const char *s;
    size_t len, at;
    long line;          /* of s[at] */
    size_t line_start;  /* offset of that line's first byte */
} jwalk;

static void jw_advance(jwalk *w, size_t n)
{
    for (size_t end = w->at + n; w->at < end; w->at++)
        if (w->s[w->at] == '\n') { w->line++; w->line_start = w->at + 1; }
}

static void jw_space(jwalk *w)
{
    size_t n = 0;
    while (w->at + n < w->len) {
        char c = w->s[w->at + n];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') break;
        n++;
    }
    jw_advance(w, n);
}

/* The punctuation between values; jansson has already checked it is where it must be. */
static int jw_punct(jwalk *w, const char *any)
{
    jw_space(w);
    if (w->at >= w->len || !strchr(any, w->s[w->at]) || !w->s[w->at]) return 0;
    char c = w->s[w->at];
    jw_advance(w, 1);
    return c;
}

static ep_pos jw_pos(const jwalk *w, const char *path)
{
    /* Columns count characters, as an editor's do. */
    int col = 1;
    for (size_t i = w->line_start; i < w->at; i++) col += ((unsigned char)w->s[i] & 0xC0) != 0x80;
    return ep_pos_make(path, (int)w->line, col);
}

static json_t *jw_value(jwalk *w)
{
    json_error_t err;
    json_t *v = json_loadb(w->s + w->at, w->len - w->at,
                           JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK | JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL, &err);
    if (v) jw_advance(w, (size_t)err.position);
    return v;
}

/* One object, from its '{' to its '}', as a record. -1 after reporting a field that cannot be
 * used; -2 if the walk lost its way (it cannot, on text jansson accepted). */
static int jw_record(ep_dataset *ds, ep_diag *d, const char *path, jwalk *w, size_t nfields, long number)
{
    ep_pos at = jw_pos(w, path);
    ep_record *r = add_record(ds, nfields, at.line, number);
    int failed = 0;
    jw_punct(w, "{");
    if (jw_punct(w, "}")) return 0;
    do {
        jw_space(w);
        json_t *key = jw_value(w);
        if (!key || !json_is_string(key)) { json_decref(key); return -2; }
        const char *name = ep_arena_strdup(ds->arena, json_string_value(key));
        json_decref(key);
        jw_punct(w, ":");
        jw_space(w);
        ep_pos vpos = jw_pos(w, path);
        size_t from = w->at;
        json_t *v = jw_value(w);
        if (!v) return -2;
        const char *t = NULL;
        switch (json_typeof(v)) {
        case JSON_STRING: t = ep_arena_strndup(ds->arena, json_string_value(v), json_string_length(v)); break;
        case JSON_INTEGER:
        case JSON_REAL: t = ep_arena_strndup(ds->arena, w->s + from, w->at - from); break;
        case JSON_TRUE: t = "true"; break;
        case JSON_FALSE: t = "false"; break;
        case JSON_NULL: t = ""; break;
        default: break;
        }
        if (!t) {
            ep_error(d, vpos, EP_C_DATA_SHAPE, "record %ld: field '%s' is not a string, number or boolean", number, name);
            failed = 1;
        } else if (json_is_string(v) && strlen(t) != json_string_length(v)) {
            ep_error(d, vpos, EP_C_ENCODING, "record %ld: field '%s' contains a NUL character", number, name);
            failed = 1;
        } else {
            add_field(r, name, t);
        }
        json_decref(v);
    } while (jw_punct(w, ",}") == ',');
    return failed ? -1 : 0;
}

/* Checks the whole text with jansson; NULL after reporting where it is not JSON. */
static json_t *json_checked(ep_diag *d, const char *path, const char *data, size_t len, long line, long number)
{
    json_error_t err;
    json_t *v = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL, &err);
    if (v) return v;
    if (number)
        ep_error(d, ep_pos_make(path, (int)line, err.column), EP_C_DATA_SYNTAX, "record %ld: invalid JSON: %s", number, err.text);
    else
        ep_error(d, ep_pos_make(path, err.line, err.column), EP_C_DATA_SYNTAX, "invalid JSON: %s", err.text);
    return NULL;
}

static int lost(ep_diag *d, const char *path, const jwalk *w)
{
    ep_error(d, jw_pos(w, path), EP_C_DATA_SYNTAX, "invalid JSON");
    return -1;
}

static int read_json(ep_dataset *ds, ep_diag *d, const char *path, const char *data, size_t len)
{
    json_t *root = json_checked(d, path, data, len, 1, 0);
    if (!root) return -1;
    int failed = 0;
    jwalk w = {data, len, 0, 1, 0};
    if (!json_is_array(root)) {
        jw_space(&w);
        ep_error(d, jw_pos(&w, path), EP_C_DATA_SHAPE, "the data must be a JSON array of objects");
        failed = 1;
    } else if (jw_punct(&w, "[") && !jw_punct(&w, "]")) {
        size_t i = 0;
        do {
            json_t *el = json_array_get(root, i++);
            jw_space(&w);
            if (json_is_object(el)) {
                int r = jw_record(ds, d, path, &w, json_object_size(el), (long)i);
                if (r == -2) { failed = lost(d, path, &w); break; }
                failed |= r != 0;
            } else {
                ep_error(d, jw_pos(&w, path), EP_C_DATA_SHAPE, "record %zu is not a JSON object", i);
                failed = 1;
                json_t *skip = jw_value(&w);
                if (!skip) { lost(d, path, &w); break; }
                json_decref(skip);
            }
        } while (jw_punct(&w, ",]") == ',');
    }
    json_decref(root);
    return failed ? -1 : 0;
}

static int read_jsonl(ep_dataset *ds, ep_diag *d, const char *path, const char *data, size_t len)
{
    int failed = 0;
    long line = 0, number = 0;
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(data + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (data + at)) : len - at;
        line++;
        size_t k = 0;
        while (k < n && (data[at + k] == ' ' || data[at + k] == '\t' || data[at + k] == '\r')) k++;
        if (k < n) {
            number++;
            json_t *v = json_checked(d, path, data + at, n, line, number);
            if (!v) {
                failed = 1;
            } else if (!json_is_object(v)) {
                ep_error(d, ep_pos_make(path, (int)line, (int)k + 1), EP_C_DATA_SHAPE, "record %ld is not a JSON object", number);
                failed = 1;
            } else {
                jwalk w = {data + at, n, k, line, 0};
                int r = jw_record(ds, d, path, &w, json_object_size(v), number);
                if (r == -2) lost(d, path, &w);
                failed |= r != 0;
            }
            json_decref(v);
        }
        at += n + 1;
    }
    return failed ? -1 : 0;
}

int ep_data_read(ep_dataset *ds, ep_diag *d, const char *path, ep_format format, char delim)
{
    ep_buf b;
    ep_buf_init(&b);
    if (ep_read_input(d, path, path, EP_MAX_DATA_BYTES, "for a data file (split it into several files)", &b)) return -1;
    const char *data = b.data;
    size_t len = b.len;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) { data += 3; len -= 3; }
    if (format == EP_FORMAT_AUTO) format = from_extension(path);
    int r = format == EP_FORMAT_JSON ? read_json(ds, d, path, data, len)
          : format == EP_FORMAT_JSONL ? read_jsonl(ds, d, path, data, len)
                                      : read_csv(ds, d, path, data, len, delim);
    ep_buf_free(&b);
    return r;
}

/* Loading the YAML of a front matter block or a style file. libyaml's loader does the
 * parsing; what is added here is what a newcomer needs from it: its syntax errors turned into
 * sentences that say what to write instead (the words of libyaml name its grammar, not the
 * letter), and the duplicate keys it lets through (the last one silently won). */
#include <stdio.h>
#include <string.h>
#include <unicode/utf8.h>

#include "letter/yaml.h"
#include "util/strmap.h"

enum { EP_YAML_MAX_EVENTS = 100000, EP_YAML_MAX_DEPTH = 16 };

/* A first pass over the events: a letter's front matter has no use for anchors and aliases,
 * and refusing them (and absurd nesting or size) means a "billion laughs" document is
 * answered with a message, not with memory exhaustion. */
static int prescan(ep_diag *d, const char *file, int first_line, const char *yaml, size_t len)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return 0;
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    int depth = 0, failed = 0;
    for (long count = 0; !failed; count++) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) break;   /* the loader reports syntax errors */
        ep_pos at = ep_pos_make(file, first_line + (int)ev.start_mark.line, (int)ev.start_mark.column + 1);
        if (ev.type == YAML_ALIAS_EVENT ||
            ((ev.type == YAML_SCALAR_EVENT || ev.type == YAML_SEQUENCE_START_EVENT ||
              ev.type == YAML_MAPPING_START_EVENT) && ev.data.scalar.anchor)) {
            ep_error_hint(d, at, EP_C_YAML_LIMIT, "write the value out where it is needed",
                          "anchors and aliases (&name, *name) are not allowed in a letter's front matter");
            failed = 1;
        } else if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
            if (++depth > EP_YAML_MAX_DEPTH) {
                ep_error(d, at, EP_C_NESTING, "the front matter is nested more than %d levels deep", EP_YAML_MAX_DEPTH);
                failed = 1;
            }
        } else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
            depth--;
        }
        if (count > EP_YAML_MAX_EVENTS) {
            ep_error(d, at, EP_C_YAML_LIMIT, "the front matter has more than %d values", EP_YAML_MAX_EVENTS);
            failed = 1;
        }
        int end = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (end) break;
    }
    yaml_parser_delete(&parser);
    return failed ? -1 : 0;
}

typedef struct src {
    ep_diag *d;
    const char *file;
    int first_line;
    const char *text;
    size_t len;
} src;

/* Line i (0-based) of the block, without its newline. */
static size_t line_at(const src *s, size_t i, const char **start)
{
    const char *p = s->text, *end = s->text + s->len;
    for (; i && p < end; i--) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    while (n && p[n - 1] == '\r') n--;
    *start = p;
    return n;
}

/* The 1-based column (in characters, as libyaml counts) of byte b of a line. */
static int column_of(const char *line, size_t b)
{
    int col = 1;
    for (int32_t i = 0; (size_t)i < b; col++) U8_FWD_1(line, i, (int32_t)b);
    return col;
}

static ep_pos at_mark(const src *s, yaml_mark_t m)
{
    return ep_pos_make(s->file, s->first_line + (int)m.line, (int)m.column + 1);
}

/* `key: value` on one line (after a list's "- "): the byte offsets of the key and value. */
static int split_pair(const char *l, size_t n, size_t *key, size_t *klen, size_t *val)
{
    size_t i = 0;
    while (i < n && l[i] == ' ') i++;
    if (i + 1 < n && l[i] == '-' && l[i + 1] == ' ') {
        i += 2;
        while (i < n && l[i] == ' ') i++;
    }
    *key = i;
    while (i < n && l[i] != ':' && l[i] != ' ' && l[i] != '"' && l[i] != '\'') i++;
    if (i == *key || i >= n || l[i] != ':' || (i + 1 < n && l[i + 1] != ' ')) return 0;
    *klen = i - *key;
    i++;
    while (i < n && l[i] == ' ') i++;
    *val = i;
    return i < n;
}

/* `key: "value"` with the value's quotes and backslashes escaped, for a hint. */
static void quoted_pair(char *out, size_t size, const char *key, size_t klen, const char *val, size_t vlen)
{
    int w = snprintf(out, size, "%.*s: \"", (int)klen, key);
    /* (a key longer than the room: what fits of it, and no room is left for the value) */
    size_t o = w < 0 ? 0 : (size_t)w < size ? (size_t)w : size - 1;
    for (size_t i = 0; i < vlen && o + 4 < size; i++) {
        if (val[i] == '"' || val[i] == '\\') out[o++] = '\\';
        out[o++] = val[i];
    }
    snprintf(out + o, size - o, "\"");
}

/* A ':' followed by a space (or ending the value) makes YAML read a key inside the value:
 * `subject: Re: the bill`, `opening: 尊敬的代表:`. */
static int colon_in_value(const src *s, yaml_mark_t m)
{
    const char *l;
    size_t n = line_at(s, m.line, &l), key, klen, val;
    if (!split_pair(l, n, &key, &klen, &val)) return 0;
    const char *v = l + val;
    size_t vn = n - val;
    int inner = vn && v[vn - 1] == ':';
    for (size_t i = 0; i + 1 < vn && !inner; i++) inner = v[i] == ':' && v[i + 1] == ' ';
    if (!inner || *v == '"' || *v == '\'') return 0;
    char hint[600], value[300];
    quoted_pair(value, sizeof value, l + key, klen, v, vn);
    snprintf(hint, sizeof hint, "quote the value: %s", value);
    int col = column_of(l, val);
    ep_error_hint(s->d, ep_span_make(s->file, s->first_line + (int)m.line, col, column_of(l, n)), EP_C_YAML_SYNTAX, hint,
                  "this value contains ': ' or ends with ':', which YAML reads as the start of another key");
    return 1;
}

/* A tab in the indentation of the line the parser stopped at, or of the one before it. */
static int tab_indent(const src *s, yaml_mark_t m)
{
    for (size_t back = 0; back < 2 && back <= m.line; back++) {
        const char *l;
        size_t n = line_at(s, m.line - back, &l), i = 0;
        while (i < n && (l[i] == ' ' || l[i] == '\t')) {
            if (l[i] == '\t') {
                ep_error_hint(s->d, ep_span_make(s->file, s->first_line + (int)(m.line - back), (int)i + 1, (int)i + 2),
                              EP_C_YAML_SYNTAX, "indent with spaces (two for each level), not tabs",
                              "a tab indents this line; YAML allows only spaces for indentation");
                return 1;
            }
            i++;
        }
    }
    return 0;
}

/* A '[', '{' or quote that is never closed: said where it was opened, which is where the
 * mistake is, and where the parser gave up. */
static int unclosed(const src *s, const yaml_parser_t *p)
{
    if (!p->context) return 0;
    const char *l;
    size_t n = line_at(s, p->context_mark.line, &l);
    size_t b = 0;
    for (size_t c = 0; c < p->context_mark.column && b < n; c++) U8_FWD_1(l, b, n);
    if (b >= n) return 0;
    char open = l[b];
    const char *what, *close, *hint;
    if (open == '[' && strstr(p->context, "flow sequence")) {
        what = "list";
        close = "]";
        hint = "close the list with ']', or write one item per line as '- item'";
    } else if (open == '{' && strstr(p->context, "flow mapping")) {
        what = "mapping";
        close = "}";
        hint = "close the mapping with '}', or write one key per line, indented";
    } else if ((open == '"' || open == '\'') && strstr(p->context, "quoted scalar")) {
        what = "quoted value";
        close = open == '"' ? "\"" : "'";
        hint = open == '"' ? "close the quote with '\"'; a '\"' inside the value is written '\\\"'"
                           : "close the quote with \"'\"; a \"'\" inside the value is written \"''\"";
    } else {
        return 0;
    }
    ep_pos opened = at_mark(s, p->context_mark);
    ep_error_hint(s->d, opened, EP_C_YAML_SYNTAX, hint, "this %s is not closed: no '%s' before line %d", what, close,
                  s->first_line + (int)p->problem_mark.line);
    ep_note(s->d, at_mark(s, p->problem_mark), EP_C_YAML_SYNTAX, "the parser gave up here, still in the %s opened at line %d",
            what, opened.line);
    return 1;
}

static size_t indent_of(const char *l, size_t n)
{
    size_t i = 0;
    while (i < n && l[i] == ' ') i++;
    return i;
}

/* `  name: X` then `   address: Y`: a line indented past a key that already has its value
 * on its own line continues that value, where a key cannot be. */
static int indented_past_value(const src *s, yaml_mark_t m)
{
    const char *l, *prev = NULL;
    size_t n = line_at(s, m.line, &l), pn = 0, back = m.line;
    while (back-- > 0) {
        pn = line_at(s, back, &prev);
        if (indent_of(prev, pn) < pn && prev[indent_of(prev, pn)] != '#') break;
        prev = NULL;
    }
    size_t key, klen, val, pi = prev ? indent_of(prev, pn) : 0, li = indent_of(l, n);
    if (!prev || li <= pi || !split_pair(prev, pn, &key, &klen, &val)) return 0;
    char hint[200];
    snprintf(hint, sizeof hint, "start it in column %zu, as '%.*s' on line %d is%s", pi + 1, (int)(klen < 40 ? klen : 40),
             prev + key, s->first_line + (int)back, pi ? ", or further left if it belongs to an outer mapping" : "");
    ep_error_hint(s->d, ep_span_make(s->file, s->first_line + (int)m.line, 1, (int)li + 1), EP_C_YAML_SYNTAX, hint,
                  "this line is indented more than the key above it, which already has a value");
    return 1;
}

static int indentation(const src *s, const yaml_parser_t *p)
{
    if (!p->problem || !p->context) return 0;
    int mapping = strstr(p->context, "block mapping") != NULL, list = strstr(p->context, "block collection") != NULL;
    if (!mapping && !list) return 0;
    ep_pos started = at_mark(s, p->context_mark);
    char hint[200];
    snprintf(hint, sizeof hint, "line it up with the %s that starts at line %d, column %d (spaces only)",
             mapping ? "keys of the mapping" : "items of the list", started.line, started.col);
    ep_error_hint(s->d, at_mark(s, p->problem_mark), EP_C_YAML_SYNTAX, hint,
                  "this line is indented differently from the %s it is in", mapping ? "keys of the mapping" : "items of the list");
    return 1;
}

static void syntax_error(const src *s, const yaml_parser_t *p)
{
    yaml_mark_t m = p->problem_mark;
    const char *problem = p->problem ? p->problem : "syntax error";
    if (tab_indent(s, m)) return;
    if (strstr(problem, "mapping values are not allowed") && (colon_in_value(s, m) || indented_past_value(s, m)))
        return;
    if (unclosed(s, p)) return;
    if (indentation(s, p)) return;
    ep_error(s->d, at_mark(s, m), EP_C_YAML_SYNTAX, "invalid YAML: %s%s%s", problem, p->context ? " " : "",
             p->context ? p->context : "");
}

/* Each mapping's keys, once: libyaml keeps both of `subject: a` and `subject: b`. */
static int duplicate_keys(const src *s, yaml_document_t *doc)
{
    int failed = 0;
    ep_strmap seen;
    for (yaml_node_t *n = doc->nodes.start; n < doc->nodes.top; n++) {
        if (n->type != YAML_MAPPING_NODE) continue;
        ep_strmap_init(&seen);
        for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
            yaml_node_t *k = yaml_document_get_node(doc, pr->key);
            if (!k || k->type != YAML_SCALAR_NODE) continue;
            const char *key = (const char *)k->data.scalar.value;
            size_t *first = ep_strmap_find(&seen, key);
            if (!first) {
                ep_strmap_add(&seen, key, (size_t)(k - doc->nodes.start));
                continue;
            }
            yaml_node_t *f = doc->nodes.start + *first;
            ep_pos here = at_mark(s, k->start_mark), there = at_mark(s, f->start_mark);
            here.end = here.col + (int)(k->end_mark.column - k->start_mark.column);
            ep_error_hint(s->d, here, EP_C_DUPLICATE_KEY, "keep one of the two; a key appears once in each mapping",
                          "'%s' is given twice, at lines %d and %d: only one of them could count", key, there.line,
                          here.line);
            ep_note(s->d, there, EP_C_DUPLICATE_KEY, "'%s' first given here", key);
            failed = 1;
        }
        ep_strmap_free(&seen);
    }
    return failed;
}

int ep_yaml_load(ep_diag *d, yaml_parser_t *parser, const char *file, int first_line, const char *text, size_t len,
                 yaml_document_t *doc)
{
    if (prescan(d, file, first_line, text, len)) return -1;
    if (!yaml_parser_initialize(parser)) {
        ep_error(d, ep_pos_make(file, first_line, 1), EP_C_INTERNAL, "cannot initialise the YAML parser");
        return -1;
    }
    yaml_parser_set_input_string(parser, (const unsigned char *)text, len);
    yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING);
    src s = {d, file, first_line, text, len};
    if (!yaml_parser_load(parser, doc)) {
        syntax_error(&s, parser);
        yaml_parser_delete(parser);
        return -1;
    }
    if (duplicate_keys(&s, doc)) {
        yaml_document_delete(doc);
        yaml_parser_delete(parser);
        return -1;
    }
    return 0;
}

/* Style files and built-in styles, read into keys and values with their positions. What the
 * keys mean is the resolve stage's business (resolve/style.c); here they are only text. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "letter/model.h"
#include "letter/yaml.h"
#include "util/buf.h"
#include "util/paths.h"

/* The built-in styles, written as a style file would be: a designer can copy one and change
 * it. classic is epistle's own look and sets nothing. */
static const struct builtin {
    const char *name;
    const char *yaml;
} builtins[] = {
    {"classic", ""},
    {"compact",
     "size: 10pt\n"
     "leading: 1.3\n"
     "margins: {top: 15mm, bottom: 16mm, left: 20mm, right: 18mm}\n"},
    {"modern",
     "faces: {body: sans, letterhead: sans, subject: sans}\n"
     "colors: {letterhead: \"#1f4e79\", rules: \"#1f4e79\", links: \"#1f4e79\"}\n"
     "letterhead: {align: right}\n"},
};

enum { EP_MAX_STYLE_BYTES = 1 << 20, EP_MAX_STYLE_DEPTH = 8 };

const char *const *ep_style_builtin_names(void)
{
    static const char *names[sizeof builtins / sizeof *builtins + 1];
    for (size_t i = 0; i < sizeof builtins / sizeof *builtins; i++) names[i] = builtins[i].name;
    return names;
}

int ep_style_builtin(const char *name)
{
    for (size_t i = 0; i < sizeof builtins / sizeof *builtins; i++)
        if (!strcmp(name, builtins[i].name)) return 1;
    return 0;
}

static ep_pos pos_of(const char *file, int first_line, const yaml_node_t *n)
{
    return ep_pos_make(file, first_line + (int)n->start_mark.line, (int)n->start_mark.column + 1);
}

static ep_text text_of(ep_arena *a, const char *file, int first_line, const yaml_node_t *n)
{
    ep_text t = {ep_arena_strndup(a, (const char *)n->data.scalar.value, n->data.scalar.length),
                 pos_of(file, first_line, n)};
    return t;
}

static int flatten(ep_arena *a, ep_diag *d, yaml_document_t *doc, yaml_node_t *map, const char *file, int first_line,
                   const char *prefix, ep_style_kv **kv, size_t *nkv, size_t *cap)
{
    int failed = 0;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key), *v = yaml_document_get_node(doc, p->value);
        if (!k || !v) continue;
        if (k->type != YAML_SCALAR_NODE) {
            ep_error(d, pos_of(file, first_line, k), EP_C_WRONG_TYPE, "keys must be plain strings");
            failed = 1;
            continue;
        }
        const char *key = prefix ? ep_arena_printf(a, "%s.%s", prefix, (const char *)k->data.scalar.value)
                                 : ep_arena_strdup(a, (const char *)k->data.scalar.value);
        if (v->type == YAML_MAPPING_NODE) {
            failed |= flatten(a, d, doc, v, file, first_line, key, kv, nkv, cap);
            continue;
        }
        *kv = ep_arena_grow(a, *kv, sizeof **kv, cap, *nkv + 1);
        ep_style_kv *e = &(*kv)[(*nkv)++];
        memset(e, 0, sizeof *e);
        e->key = key;
        e->pos = pos_of(file, first_line, k);
        if (v->type == YAML_SCALAR_NODE) {
            e->v[0] = text_of(a, file, first_line, v);
            e->nv = 1;
            continue;
        }
        e->list = 1;
        e->v[0].pos = pos_of(file, first_line, v);
        for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
            yaml_node_t *c = yaml_document_get_node(doc, *it);
            if (!c || c->type != YAML_SCALAR_NODE) {
                ep_error(d, c ? pos_of(file, first_line, c) : e->pos, EP_C_WRONG_TYPE, "'%s' must be a list of words", key);
                failed = 1;
                break;
            }
            if (e->nv < 2) e->v[e->nv] = text_of(a, file, first_line, c);
            e->nv++;
        }
    }
    return failed ? -1 : 0;
}

int ep_style_flatten(ep_arena *a, ep_diag *d, yaml_document_t *doc, yaml_node_t *n, const char *file, int first_line,
                     ep_style_kv **kv, size_t *nkv)
{
    size_t cap = *nkv;
    return flatten(a, d, doc, n, file, first_line, NULL, kv, nkv, &cap);
}

/* A style's own text: a built-in's, or a file's (read whole, up to 1 MiB). */
static const char *style_text(ep_arena *a, ep_diag *d, const char *path, ep_text name, size_t *len)
{
    for (size_t i = 0; i < sizeof builtins / sizeof *builtins; i++)
        if (!strcmp(name.s, builtins[i].name)) {
            *len = strlen(builtins[i].yaml);
            return builtins[i].yaml;
        }
    struct stat st;
    /* Only a regular file: a FIFO or a device would block or never end. */
    if (stat(path, &st) || !S_ISREG(st.st_mode)) {
        const char *const *names = ep_style_builtin_names();
        ep_error(d, name.pos, EP_C_INVALID_VALUE, "style '%s' is neither a built-in style (%s, %s, %s) nor a %s", name.s,
                 names[0], names[1], names[2], stat(path, &st) ? "file" : "regular file");
        return NULL;
    }
    ep_buf b;
    ep_buf_init(&b);
    int err = ep_buf_read_file(&b, path, EP_MAX_STYLE_BYTES);
    if (err) {
        /* Said where the letter names the style: the file has no line to point at. */
        ep_error(d, name.pos, err == EFBIG ? EP_C_TOO_LARGE : EP_C_IO, "cannot read style file '%s': %s", path,
                 err == EFBIG ? "larger than 1 MiB" : strerror(err));
        ep_buf_free(&b);
        return NULL;
    }
    char *text = ep_arena_strndup(a, b.data ? b.data : "", b.len);
    *len = b.len;
    ep_buf_free(&b);
    if (strlen(text) != *len) {
        ep_error(d, ep_pos_make(path, 1, 1), EP_C_ENCODING, "the style file contains a NUL character");
        return NULL;
    }
    return text;
}

typedef struct files_read {
    const char **v;
    size_t n, cap;
} files_read;

static int load(ep_arena *a, ep_diag *d, const char *letter, ep_text name, ep_style_kv **kv, size_t *nkv, int depth,
                files_read *files)
{
    if (depth > EP_MAX_STYLE_DEPTH) {
        ep_error(d, name.pos, EP_C_NESTING, "styles based on styles more than %d deep (a style based on itself?)",
                 EP_MAX_STYLE_DEPTH);
        return -1;
    }
    /* A file is relative to the letter (or to the style file) that names it. */
    const char *path = ep_style_builtin(name.s) ? name.s : ep_path_beside(a, letter, name.s);
    size_t len = 0;
    const char *text = style_text(a, d, path, name, &len);
    if (!text) return -1;
    const char *file = ep_style_builtin(name.s) ? ep_arena_printf(a, "<style %s>", name.s) : path;
    ep_diag_add_source(d, ep_source_lines(a, file, text, len));
    if (!ep_style_builtin(name.s)) {
        files->v = ep_arena_grow(a, files->v, sizeof *files->v, &files->cap, files->n + 1);
        files->v[files->n++] = path;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    if (ep_yaml_load(d, &parser, file, 1, text, len, &doc)) return -1;
    int failed = 0;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    ep_style_kv *own = NULL;
    size_t nown = 0;
    if (root && root->type == YAML_MAPPING_NODE) {
        failed = ep_style_flatten(a, d, &doc, root, file, 1, &own, &nown);
    } else if (root && !(root->type == YAML_SCALAR_NODE && !root->data.scalar.length)) {
        ep_error(d, pos_of(file, 1, root), EP_C_WRONG_TYPE, "a style file is a mapping of style keys to values");
        failed = 1;
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    /* `style: BASE` inside a style: BASE's keys first, then this style's. */
    for (size_t i = 0; i < nown && !failed; i++)
        if (!strcmp(own[i].key, "style")) {
            if (own[i].list || own[i].nv != 1) {
                ep_error(d, own[i].pos, EP_C_WRONG_TYPE, "'style' inside a style names the style it is based on");
                failed = 1;
            } else {
                failed = load(a, d, file, own[i].v[0], kv, nkv, depth + 1, files);
            }
        }
    if (failed) return -1;
    size_t n = *nkv, cap = n;
    for (size_t i = 0; i < nown; i++) {
        if (!strcmp(own[i].key, "style")) continue;
        *kv = ep_arena_grow(a, *kv, sizeof **kv, &cap, n + 1);
        (*kv)[n++] = own[i];
    }
    *nkv = n;
    return 0;
}

int ep_style_load(ep_arena *a, ep_diag *d, const char *letter, ep_text name, ep_style_src *s)
{
    ep_style_kv *kv = NULL;
    size_t n = 0;
    if (!name.s || !*name.s) {
        ep_error(d, name.pos, EP_C_INVALID_VALUE, "'style' names a built-in style or a style file");
        return -1;
    }
    files_read files = {0};
    if (load(a, d, letter, name, &kv, &n, 0, &files)) return -1;
    s->name = name;
    s->named = kv;
    s->nnamed = n;
    s->files = files.v;
    s->nfiles = files.n;
    return 0;
}

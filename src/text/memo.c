#include "text/memo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/hash.h"

enum { SEEN_SLOTS = 8192, BUCKETS = 4096 };

typedef struct entry {
    uint64_t hash;
    char *key;
    size_t keylen;
    ep_para *para;
    ep_line *lines;
    size_t nlines;
    epistle_diagnostic *diags;
    size_t ndiags;
    struct entry *next;
} entry;

struct ep_memo {
    ep_arena arena;
    size_t max;
    uint64_t seen[SEEN_SLOTS];
    entry *buckets[BUCKETS];
};

ep_memo *ep_memo_new(size_t max_bytes)
{
    ep_memo *m = ep_xcalloc(1, sizeof *m);
    ep_arena_init(&m->arena);
    m->max = max_bytes;
    return m;
}

void ep_memo_free(ep_memo *m)
{
    if (!m) return;
    ep_arena_free(&m->arena);
    free(m);
}

void ep_memo_checkpoint(ep_memo *m)
{
    if (!m || m->arena.total <= m->max) return;
    ep_arena_free(&m->arena);
    memset(m->buckets, 0, sizeof m->buckets);
}

static void key_put(ep_buf *k, const void *p, size_t n) { ep_buf_put(k, p, n); }
static void key_str(ep_buf *k, const char *s)
{
    size_t n = s ? strlen(s) + 1 : 0;
    key_put(k, &n, sizeof n);
    if (n) key_put(k, s, n);
}

/* Everything the result depends on, as bytes. Positions are not part of it: the same
 * paragraph at another place in the template sets the same way. */
static void make_key(ep_buf *k, const ep_span *spans, size_t n, const ep_tstyle *st, float measure,
                     float first_indent, int justify)
{
    for (size_t i = 0; i < n; i++) {
        key_put(k, &spans[i].len, sizeof spans[i].len);
        key_put(k, spans[i].text, spans[i].len);
        key_put(k, &spans[i].style, sizeof spans[i].style);
        key_put(k, &spans[i].hard_break, sizeof spans[i].hard_break);
        key_str(k, spans[i].href);
    }
    key_put(k, &st->size, sizeof st->size);
    key_str(k, st->loc->tag);
    key_str(k, st->family);
    key_put(k, &st->kind, sizeof st->kind);
    key_put(k, &st->bold, sizeof st->bold);
    key_put(k, &st->hyphenate, sizeof st->hyphenate);
    key_put(k, &st->kashida, sizeof st->kashida);
    key_put(k, &st->microtype, sizeof st->microtype);
    for (size_t i = 0; i < st->nscripts; i++) {
        key_put(k, &st->scripts[i].cjk, sizeof st->scripts[i].cjk);
        key_str(k, st->scripts[i].script);
        key_str(k, st->scripts[i].family);
    }
    key_put(k, &measure, sizeof measure);
    key_put(k, &first_indent, sizeof first_indent);
    key_put(k, &justify, sizeof justify);
}

typedef struct capture {
    ep_diag *out;
    ep_memo *m;
    epistle_diagnostic *v;
    size_t n, cap;
} capture;

static void capture_fn(const epistle_diagnostic *dg, void *user)
{
    capture *c = user;
    if (c->out->fn) c->out->fn(dg, c->out->user);
    else epistle_print_diagnostic(dg, stderr);
    ep_diag_keep(&c->m->arena, &c->v, &c->n, &c->cap, dg);
}

static ep_para *copy_para(ep_arena *a, const ep_para *p)
{
    ep_para *c = ep_arena_dup(a, p, sizeof *p);
    c->text = ep_arena_strndup(a, p->text, p->len);
    c->spos = ep_arena_dup(a, p->spos, sizeof *p->spos * (p->nspos ? p->nspos : 1));
    c->runs = ep_arena_dup(a, p->runs, sizeof *p->runs * (p->nruns ? p->nruns : 1));
    for (size_t i = 0; i < p->nruns; i++) c->runs[i].href = ep_arena_strdup(a, p->runs[i].href);
    c->glyphs = ep_arena_dup(a, p->glyphs, sizeof *p->glyphs * (p->nglyphs ? p->nglyphs : 1));
    if (p->levels) c->levels = ep_arena_dup(a, p->levels, p->len + 1);
    return c;
}

static ep_line *copy_lines(ep_arena *a, const ep_line *l, size_t n)
{
    ep_line *c = ep_arena_dup(a, l, sizeof *l * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        c[i].x = ep_arena_dup(a, l[i].x, sizeof *l[i].x * (l[i].g1 - l[i].g0 + 1));
        if (l[i].vis) c[i].vis = ep_arena_dup(a, l[i].vis, sizeof *l[i].vis * (l[i].g1 - l[i].g0 + 1));
        if (l[i].nkash) c[i].kash = ep_arena_dup(a, l[i].kash, sizeof *l[i].kash * l[i].nkash);
    }
    return c;
}

ep_para *ep_memo_typeset(ep_textctx *t, const ep_span *spans, size_t n, const ep_tstyle *st, float measure,
                         float first_indent, int justify, ep_line **lines, size_t *nlines)
{
    ep_memo *m = t->memo;
    *lines = NULL;
    *nlines = 0;
    if (!m) {
        ep_para *p = ep_para_build(t, spans, n, st);
        if (p) *lines = ep_para_break(t, p, st, measure, first_indent, justify, nlines);
        return p;
    }
    ep_buf key;
    ep_buf_init(&key);
    make_key(&key, spans, n, st, measure, first_indent, justify);
    uint64_t h = ep_hash_bytes(key.data, key.len);
    entry *e = m->buckets[h % BUCKETS];
    while (e && !(e->hash == h && e->keylen == key.len && !memcmp(e->key, key.data, key.len))) e = e->next;
    if (e) {
        ep_buf_free(&key);
        for (size_t i = 0; i < e->ndiags; i++) ep_diag_replay(t->diag, &e->diags[i]);
        *lines = e->lines;
        *nlines = e->nlines;
        return e->para;
    }
    /* Store on the second sighting only: what varies per record is seen once. */
    size_t slot = h % SEEN_SLOTS;
    int store = m->seen[slot] == h;
    m->seen[slot] = h;
    ep_diag *outer = t->diag;
    capture cap = {outer, m, NULL, 0, 0};
    ep_diag inner;
    if (store) {
        ep_diag_init(&inner, capture_fn, &cap);
        t->diag = &inner;
    }
    ep_para *p = ep_para_build(t, spans, n, st);
    if (p) *lines = ep_para_break(t, p, st, measure, first_indent, justify, nlines);
    if (store) {
        ep_diag_flush(&inner);
        t->diag = outer;
        outer->errors += inner.errors;
        outer->warnings += inner.warnings;
        if (p && !inner.errors) {
            entry *ne = ep_arena_alloc(&m->arena, sizeof *ne);
            ne->hash = h;
            ne->key = ep_arena_dup(&m->arena, key.data, key.len);
            ne->keylen = key.len;
            ne->para = copy_para(&m->arena, p);
            ne->lines = copy_lines(&m->arena, *lines, *nlines);
            ne->nlines = *nlines;
            ne->diags = cap.v;
            ne->ndiags = cap.n;
            ne->next = m->buckets[h % BUCKETS];
            m->buckets[h % BUCKETS] = ne;
        }
    }
    ep_buf_free(&key);
    return p;
}

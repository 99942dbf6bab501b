#include "letter/template.h"

#include <string.h>

#include "util/paths.h"

/* A field name is what a header or a JSON key can be: any text on one line without braces,
 * "first name" and "名前" as much as "id" (spreadsheets name columns so). */
static int name_char(char c) { return c != '{' && c != '}' && c != '\n' && c != '\r'; }

enum { EP_FIELD_NAME_MAX = 200 };

/* Finds the next {{ name }} at or after p: returns its start, the name (without the spaces
 * around it; empty for "{{}}", which the caller reports) and the end. */
static const char *next_field(const char *p, const char *end, const char **name, size_t *nlen,
                              const char **after)
{
    for (const char *q = p; q + 4 <= end; q++) {
        if (q[0] != '{' || q[1] != '{') continue;
        const char *r = q + 2;
        while (r < end && *r == ' ') r++;
        const char *n0 = r;
        while (r < end && name_char(*r) && r - n0 <= EP_FIELD_NAME_MAX) r++;
        const char *n1 = r;
        while (n1 > n0 && n1[-1] == ' ') n1--;
        if (r + 2 <= end && r[0] == '}' && r[1] == '}') {
            *name = n0;
            *nlen = (size_t)(n1 - n0);
            *after = r + 2;
            return q;
        }
    }
    return NULL;
}

static const char *lookup(const ep_fields *f, const char *name, size_t len)
{
    for (size_t i = 0; i < f->n; i++)
        if (strlen(f->keys[i]) == len && !memcmp(f->keys[i], name, len)) return f->values[i] ? f->values[i] : "";
    return NULL;
}

const char *ep_template_expand(ep_arena *a, const char *s, size_t len, size_t *outlen,
                               const ep_fields *f, const char **missing)
{
    *missing = NULL;
    if (!s) return NULL;
    const char *end = s + len, *name, *after;
    size_t nlen;
    if (!next_field(s, end, &name, &nlen, &after)) {
        if (outlen) *outlen = len;
        return s;
    }
    /* Two passes: measure, then copy. Values are inserted as they are and never rescanned. */
    size_t total = 0;
    for (const char *p = s;;) {
        const char *at = next_field(p, end, &name, &nlen, &after);
        if (!at) { total += (size_t)(end - p); break; }
        const char *v = lookup(f, name, nlen);
        if (!v) {
            *missing = ep_arena_strndup(a, name, nlen);
            return NULL;
        }
        total += (size_t)(at - p) + strlen(v);
        p = after;
    }
    char *out = ep_arena_alloc(a, total + 1), *o = out;
    for (const char *p = s;;) {
        const char *at = next_field(p, end, &name, &nlen, &after);
        if (!at) {
            memcpy(o, p, (size_t)(end - p));
            o += end - p;
            break;
        }
        memcpy(o, p, (size_t)(at - p));
        o += at - p;
        const char *v = lookup(f, name, nlen);
        size_t vl = strlen(v);
        memcpy(o, v, vl);
        o += vl;
        p = after;
    }
    *o = 0;
    if (outlen) *outlen = total;
    return out;
}

static void field_error(ep_diag *d, ep_pos pos, const char *missing)
{
    if (*missing) ep_error(d, pos, EP_C_MISSING_FIELD, "missing field '%s'", missing);
    else ep_error(d, pos, EP_C_MISSING_FIELD, "'{{}}' names no field");
}

typedef struct applier {
    ep_arena *a;
    const ep_fields *f;
    ep_diag *d;
    int failed;
} applier;

static void text(applier *ap, ep_text *t)
{
    if (!t->s) return;
    const char *missing;
    const char *r = ep_template_expand(ap->a, t->s, strlen(t->s), NULL, ap->f, &missing);
    if (!r) {
        field_error(ap->d, t->pos, missing);
        ap->failed = 1;
        return;
    }
    t->s = r;
}

/* A file name the template fills in, found once it is filled in: relative to the template
 * unless the record's value makes it absolute. */
static void path(applier *ap, ep_text *t)
{
    if (!t->s || !strstr(t->s, "{{")) return;
    text(ap, t);
    if (t->s) t->s = ep_path_beside(ap->a, t->pos.file, t->s);
}

/* Lines: a value with line breaks becomes several lines (an address from one CSV cell). */
static void lines(applier *ap, ep_lines *l)
{
    ep_lines out = {NULL, 0};
    size_t cap = 0;
    for (size_t i = 0; i < l->n; i++) {
        ep_text t = l->v[i];
        text(ap, &t);
        ep_lines_append(ap->a, &out, &cap, t.s, t.pos, 0);
    }
    *l = out;
}

/* A style's values may hold fields too (a label, a colour per record). */
static const ep_style_kv *style_kvs(applier *ap, const ep_style_kv *kv, size_t n)
{
    if (!n) return kv;
    ep_style_kv *out = ep_arena_dup(ap->a, kv, sizeof *kv * n);
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < out[i].nv && k < 2; k++) text(ap, &out[i].v[k]);
    return out;
}

static ep_block *blocks(applier *ap, const ep_block *b, size_t n)
{
    ep_block *out = ep_arena_dup(ap->a, b, sizeof *b * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        ep_block *o = &out[i];
        if (o->nspans) {
            o->spans = ep_arena_dup(ap->a, b[i].spans, sizeof *o->spans * o->nspans);
            for (size_t k = 0; k < o->nspans; k++) {
                ep_span *s = &o->spans[k];
                const char *missing;
                size_t len;
                const char *r = ep_template_expand(ap->a, s->text, s->len, &len, ap->f, &missing);
                if (!r) {
                    field_error(ap->d, s->pos, missing);
                    ap->failed = 1;
                    continue;
                }
                s->text = r;
                s->len = len;
                if (s->href) {
                    r = ep_template_expand(ap->a, s->href, strlen(s->href), NULL, ap->f, &missing);
                    if (r) s->href = r;
                    /* A record's value is checked as the template's own links are. */
                    if (r && strlen(r) > EP_MAX_URL) {
                        ep_error(ap->d, s->pos, EP_C_TOO_LARGE, "URL longer than %d characters", EP_MAX_URL);
                        ap->failed = 1;
                        s->href = NULL;
                    } else if (r && !ep_link_allowed(r)) {
                        ep_warn(ap->d, s->pos, EP_C_LINK, "the link to '%.60s' is not http, https or mailto: kept as text", r);
                        s->href = NULL;
                    }
                }
            }
        }
        if (o->nchildren) o->children = blocks(ap, b[i].children, b[i].nchildren);
    }
    return out;
}

int ep_template_apply(const ep_letter *tmpl, const ep_fields *f, ep_letter *out, ep_diag *d)
{
    applier ap = {out->arena, f, d, 0};
    out->nparts = out->cap = tmpl->nparts;
    out->parts = ep_arena_dup(out->arena, tmpl->parts, sizeof *tmpl->parts * (tmpl->nparts ? tmpl->nparts : 1));
    for (size_t i = 0; i < out->nparts; i++) {
        ep_part *p = &out->parts[i];
        ep_text *scalars[] = {&p->lang, &p->paper, &p->layout, &p->date, &p->subject, &p->opening,
                              &p->closing, &p->ps, &p->from.name, &p->from.phone, &p->from.email,
                              &p->from.web, &p->to.name, &p->font_serif, &p->font_sans,
                              &p->attention, &p->reference.your_ref, &p->reference.your_letter,
                              &p->reference.our_ref, &p->reference.phone, &p->reference.contact};
        for (size_t k = 0; k < sizeof scalars / sizeof *scalars; k++) text(&ap, scalars[k]);
        path(&ap, &p->from.logo);
        lines(&ap, &p->from.address);
        lines(&ap, &p->to.address);
        lines(&ap, &p->cc);
        lines(&ap, &p->enclosures);
        lines(&ap, &p->footer);
        if (p->nsignatories) {
            p->signatories = ep_arena_dup(out->arena, p->signatories, sizeof *p->signatories * p->nsignatories);
            for (size_t s = 0; s < p->nsignatories; s++) {
                text(&ap, &p->signatories[s].name);
                text(&ap, &p->signatories[s].title);
                text(&ap, &p->signatories[s].organization);
                path(&ap, &p->signatories[s].signature);
            }
        }
        p->style.named = style_kvs(&ap, p->style.named, p->style.nnamed);
        p->style.own = style_kvs(&ap, p->style.own, p->style.nown);
        p->body = blocks(&ap, p->body, p->nbody);
    }
    return ap.failed ? -1 : 0;
}

void ep_template_names_in(const char *s, size_t len, void (*fn)(const char *, size_t, void *), void *u)
{
    const char *end = s + len, *name, *after;
    size_t nlen;
    for (const char *p = s; p && next_field(p, end, &name, &nlen, &after); p = after) fn(name, nlen, u);
}

static void names_blocks(const ep_block *b, size_t n, void (*fn)(const char *, size_t, void *), void *u)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < b[i].nspans; k++) ep_template_names_in(b[i].spans[k].text, b[i].spans[k].len, fn, u);
        names_blocks(b[i].children, b[i].nchildren, fn, u);
    }
}

void ep_template_names(const ep_letter *tmpl, void (*fn)(const char *name, size_t len, void *u), void *u)
{
    for (size_t i = 0; i < tmpl->nparts; i++) {
        const ep_part *p = &tmpl->parts[i];
        const ep_text *scalars[] = {&p->date, &p->subject, &p->opening, &p->closing, &p->ps, &p->from.name,
                                    &p->from.phone, &p->from.email, &p->from.web, &p->to.name, &p->attention,
                                    &p->reference.your_ref, &p->reference.your_letter, &p->reference.our_ref,
                                    &p->reference.phone, &p->reference.contact};
        for (size_t k = 0; k < sizeof scalars / sizeof *scalars; k++)
            if (scalars[k]->s) ep_template_names_in(scalars[k]->s, strlen(scalars[k]->s), fn, u);
        const ep_lines *ls[] = {&p->from.address, &p->to.address, &p->cc, &p->enclosures, &p->footer};
        for (size_t k = 0; k < 5; k++)
            for (size_t j = 0; j < ls[k]->n; j++) ep_template_names_in(ls[k]->v[j].s, strlen(ls[k]->v[j].s), fn, u);
        for (size_t s = 0; s < p->nsignatories; s++) {
            const ep_text *st[] = {&p->signatories[s].name, &p->signatories[s].title, &p->signatories[s].organization};
            for (size_t k = 0; k < 3; k++)
                if (st[k]->s) ep_template_names_in(st[k]->s, strlen(st[k]->s), fn, u);
        }
        const ep_style_kv *kvs[] = {p->style.named, p->style.own};
        size_t nkvs[] = {p->style.nnamed, p->style.nown};
        for (size_t k = 0; k < 2; k++)
            for (size_t j = 0; j < nkvs[k]; j++)
                for (int v = 0; v < kvs[k][j].nv && v < 2; v++)
                    if (kvs[k][j].v[v].s) ep_template_names_in(kvs[k][j].v[v].s, strlen(kvs[k][j].v[v].s), fn, u);
        names_blocks(p->body, p->nbody, fn, u);
    }
}

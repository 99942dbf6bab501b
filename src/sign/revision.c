#include "sign/revision.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign/qpdf.h"
#include "util/alloc.h"

/* ---- where revisions end ---- */

static int pdf_space(unsigned char c) { return c == ' ' || c == '\r' || c == '\n' || c == '\t' || c == '\f' || c == 0; }

/* A "%%EOF" closes a revision when "startxref", a number and white space come before it; the
 * same five bytes inside a compressed stream almost never do. */
static int closes_revision(const unsigned char *d, size_t at)
{
    size_t i = at;
    while (i && pdf_space(d[i - 1])) i--;
    size_t last = i;
    while (i && d[i - 1] >= '0' && d[i - 1] <= '9') i--;
    if (i == last) return 0;
    size_t first = i;
    while (i && pdf_space(d[i - 1])) i--;
    return i < first && i >= 9 && !memcmp(d + i - 9, "startxref", 9);
}

long ep_revision_ends(const unsigned char *data, size_t len, size_t **ends)
{
    size_t *v = NULL, cap = 0;
    long n = 0;
    for (size_t at = 0; at + 5 <= len; at++) {
        const unsigned char *p = memchr(data + at, '%', len - at);
        if (!p) break;
        at = (size_t)(p - data);
        if (at + 5 > len || memcmp(p, "%%EOF", 5) || !closes_revision(data, at)) continue;
        v = ep_grow(v, sizeof *v, &cap, (size_t)n + 1);
        v[n++] = at + 5;
    }
    *ends = v;
    return n;
}

long ep_revision_at(const unsigned char *data, const size_t *ends, long count, size_t end)
{
    long lo = 0, hi = count;   /* the first end past `end` */
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        if (ends[mid] <= end) lo = mid + 1;
        else hi = mid;
    }
    if (!lo) return 0;
    /* The line end after %%EOF belongs to the revision it closes, or may be left out. */
    size_t e = ends[lo - 1];
    if (end - e > 2) return 0;
    for (size_t i = e; i < end; i++)
        if (data[i] != '\r' && data[i] != '\n') return 0;
    return lo;
}

/* ---- what later updates changed ---- */

/* What signing may change in an object that the signed revision had, by the object's kind;
 * any other change voids the signatures before it. */
typedef enum kind { K_OTHER, K_CATALOG, K_INFO, K_ACROFORM, K_PAGE, K_SIGFIELD, K_ANNOTS, K_METADATA, K_DSS } kind;

static const struct {
    const char *name;
    const char *const *keys;   /* the keys whose values may change; NULL: the whole object may */
    int whole;
} changeable[] = {
    [K_OTHER] = {"an object", (const char *const[]){NULL}, 0},
    [K_CATALOG] = {"the document catalog", (const char *const[]){"/AcroForm", "/DSS", "/Extensions", NULL}, 0},
    [K_INFO] = {"the document information", (const char *const[]){"/ModDate", "/Producer", NULL}, 0},
    [K_ACROFORM] = {"the AcroForm", (const char *const[]){"/Fields", "/SigFlags", "/DR", NULL}, 0},
    [K_PAGE] = {"a page", (const char *const[]){"/Annots", NULL}, 0},
    [K_SIGFIELD] = {"a signature field", (const char *const[]){"/V", "/AP", NULL}, 0},
    /* a page's annotations: kept, with signature widgets added (checked element by element) */
    [K_ANNOTS] = {"a page's annotations", NULL, 1},
    /* XMP metadata is not drawn; signing tools update its dates */
    [K_METADATA] = {"the XMP metadata", NULL, 1},
    /* validation data, added to by each signatory (PAdES B-LT); never drawn */
    [K_DSS] = {"the document security store", NULL, 1},
};

/* Objects to visit are held by number, not by qpdf handle, so that each visit can release
 * every handle it made (a handle lives until released; a large file has millions). */
typedef struct item {
    int id, gen;       /* in the whole file */
    int allowed;       /* reached through a change signing makes: objects new there are fine */
    int page;          /* the page it belongs to, from 1; 0 if none */
    char via[40];      /* the key it was reached by */
} item;

typedef struct walk {
    qpdf_data q0, q1;  /* the signed revision, the whole file */
    int root, info, acroform, dss;
    int *page_of;      /* page number by object id */
    unsigned char *seen;
    size_t nids;
    item *v;
    size_t n, cap;
    char *what;
} walk;

static void forbid(walk *w, const char *fmt, ...)
{
    if (w->what) return;
    va_list ap;
    va_start(ap, fmt);
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    w->what = ep_xstrdup(buf);
}

static void push(walk *w, int id, int gen, int allowed, int page, const char *via)
{
    w->v = ep_grow(w->v, sizeof *w->v, &w->cap, w->n + 1);
    item *it = &w->v[w->n++];
    it->id = id;
    it->gen = gen;
    it->allowed = allowed;
    it->page = page;
    snprintf(it->via, sizeof it->via, "%s", via);
}

static char *dup_or_null(const char *s) { return s ? ep_xstrdup(s) : NULL; }

static int name_is(qpdf_data q, qpdf_oh dict, const char *key, const char *name)
{
    return qpdf_oh_is_dictionary(q, dict) && qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, dict, key), name);
}

static int is_sig_widget(qpdf_data q, qpdf_oh o)
{
    if (name_is(q, o, "/FT", "/Sig")) return 1;
    return name_is(q, o, "/Subtype", "/Widget") && name_is(q, qpdf_oh_get_key(q, o, "/Parent"), "/FT", "/Sig");
}

static kind kind_of(walk *w, qpdf_oh o, int id, const char *via)
{
    qpdf_data q = w->q1;
    if (id == w->root) return K_CATALOG;
    if (id == w->info) return K_INFO;
    if (id == w->acroform) return K_ACROFORM;
    if (id == w->dss) return K_DSS;
    if (qpdf_oh_is_array(q, o)) return !strcmp(via, "/Annots") ? K_ANNOTS : K_OTHER;
    if (qpdf_oh_is_stream(q, o)) return name_is(q, qpdf_oh_get_dict(q, o), "/Type", "/Metadata") ? K_METADATA : K_OTHER;
    if (name_is(q, o, "/Type", "/Page")) return K_PAGE;
    if (is_sig_widget(q, o)) return K_SIGFIELD;
    return K_OTHER;
}

static int same_stream_data(walk *w, qpdf_oh a, qpdf_oh b)
{
    unsigned char *da = NULL, *db = NULL;
    size_t na = 0, nb = 0;
    int same = !qpdf_oh_get_stream_data(w->q0, a, qpdf_dl_none, NULL, &da, &na) &&
               !qpdf_oh_get_stream_data(w->q1, b, qpdf_dl_none, NULL, &db, &nb) && na == nb &&
               (!na || !memcmp(da, db, na));
    free(da);
    free(db);
    return same;
}

/* Objects compare by their own text (references inside as "n g R") and a stream by its raw
 * bytes too, so that each object is read once, however many refer to it. */
static int same_object(walk *w, qpdf_oh a, qpdf_oh b)
{
    if (qpdf_oh_get_type_code(w->q0, a) != qpdf_oh_get_type_code(w->q1, b)) return 0;
    if (qpdf_oh_is_stream(w->q1, b)) {
        const char *ta = qpdf_oh_unparse(w->q0, qpdf_oh_get_dict(w->q0, a));
        const char *tb = qpdf_oh_unparse(w->q1, qpdf_oh_get_dict(w->q1, b));
        return !strcmp(ta, tb) && same_stream_data(w, a, b);
    }
    return !strcmp(qpdf_oh_unparse_resolved(w->q0, a), qpdf_oh_unparse_resolved(w->q1, b));
}

/* The value of `key` in each revision's dictionary, as text; differing ones were changed. */
static int key_changed(walk *w, qpdf_oh d0, qpdf_oh d1, const char *key)
{
    int h0 = qpdf_oh_is_dictionary(w->q0, d0) && qpdf_oh_has_key(w->q0, d0, key);
    int h1 = qpdf_oh_has_key(w->q1, d1, key);
    if (h0 != h1) return 1;
    if (!h0) return 0;
    char *t0 = dup_or_null(qpdf_oh_unparse(w->q0, qpdf_oh_get_key(w->q0, d0, key)));
    int changed = !t0 || strcmp(t0, qpdf_oh_unparse(w->q1, qpdf_oh_get_key(w->q1, d1, key)));
    free(t0);
    return changed;
}

static char **keys_of(qpdf_data q, qpdf_oh dict, size_t *n)
{
    char **k = NULL;
    *n = 0;
    if (!qpdf_oh_is_dictionary(q, dict)) return NULL;
    size_t cap = 0;
    qpdf_oh_begin_dict_key_iter(q, dict);
    while (qpdf_oh_dict_more_keys(q)) {
        const char *key = qpdf_oh_dict_next_key(q);
        k = ep_grow(k, sizeof *k, &cap, *n + 1);
        k[(*n)++] = ep_xstrdup(key);
    }
    return k;
}

static void free_keys(char **k, size_t n)
{
    for (size_t i = 0; i < n; i++) free(k[i]);
    free(k);
}

static int listed(const char *const *keys, const char *key)
{
    for (; keys && *keys; keys++)
        if (!strcmp(*keys, key)) return 1;
    return 0;
}

static void where(const walk *w, int id, int gen, kind k, int page, const char *via, char *out, size_t size)
{
    if (k == K_PAGE) snprintf(out, size, "page %d (object %d %d)", w->page_of[id], id, gen);
    else if (k != K_OTHER) snprintf(out, size, "%s (object %d %d)", changeable[k].name, id, gen);
    else if (page) snprintf(out, size, "object %d %d, page %d's %s", id, gen, page, via);
    else snprintf(out, size, "object %d %d (%s)", id, gen, via);
}

/* A page's annotations after signing: every one it had, and signature widgets. */
static void check_annots(walk *w, qpdf_oh a0, qpdf_oh a1, int page)
{
    int n0 = qpdf_oh_is_array(w->q0, a0) ? qpdf_oh_get_array_n_items(w->q0, a0) : 0;
    int n1 = qpdf_oh_is_array(w->q1, a1) ? qpdf_oh_get_array_n_items(w->q1, a1) : 0;
    char **had = ep_xcalloc((size_t)n0 + 1, sizeof *had);
    unsigned char *kept = ep_xcalloc((size_t)n0 + 1, 1);
    for (int i = 0; i < n0; i++) had[i] = dup_or_null(qpdf_oh_unparse(w->q0, qpdf_oh_get_array_item(w->q0, a0, i)));
    for (int i = 0; i < n1 && !w->what; i++) {
        qpdf_oh e = qpdf_oh_get_array_item(w->q1, a1, i);
        const char *t = qpdf_oh_unparse(w->q1, e);
        int old = 0;
        for (int j = 0; j < n0 && !old; j++)
            if (had[j] && !kept[j] && !strcmp(had[j], t)) old = kept[j] = 1;
        if (!old && !is_sig_widget(w->q1, e)) {
            qpdf_oh sub = qpdf_oh_get_key(w->q1, e, "/Subtype");
            forbid(w, "a later update added an annotation that is not a signature to page %d (object %d %d, %s)", page,
                   qpdf_oh_get_object_id(w->q1, e), qpdf_oh_get_generation(w->q1, e),
                   qpdf_oh_is_name(w->q1, sub) ? qpdf_oh_get_name(w->q1, sub) : "of no subtype");
        }
        qpdf_oh_release(w->q1, e);
    }
    for (int j = 0; j < n0 && !w->what; j++)
        if (!kept[j]) forbid(w, "a later update removed an annotation (%s) from page %d", had[j] ? had[j] : "?", page);
    for (int i = 0; i < n0; i++) free(had[i]);
    free(had);
    free(kept);
}

/* The references in o (a dictionary, an array, or a stream's dictionary) and in the direct
 * values inside it. allowed: 0 or 1 for all, -1 for "the keys whose value changed from d0". */
static void push_refs(walk *w, qpdf_oh o, qpdf_oh d0, int allowed, int page, const char *via, int depth)
{
    qpdf_data q1 = w->q1;
    if (qpdf_oh_is_stream(q1, o)) {
        o = qpdf_oh_get_dict(q1, o);
        if (d0 && qpdf_oh_is_stream(w->q0, d0)) d0 = qpdf_oh_get_dict(w->q0, d0);
    }
    if (depth > 64) return;   /* qpdf's parser nests no deeper than this anyway */
    if (qpdf_oh_is_array(q1, o)) {
        int n = qpdf_oh_get_array_n_items(q1, o);
        for (int i = 0; i < n; i++) {
            qpdf_oh e = qpdf_oh_get_array_item(q1, o, i);
            if (qpdf_oh_is_indirect(q1, e))
                push(w, qpdf_oh_get_object_id(q1, e), qpdf_oh_get_generation(q1, e), allowed != 0, page, via);
            else if (qpdf_oh_is_array(q1, e) || qpdf_oh_is_dictionary(q1, e))
                push_refs(w, e, 0, allowed != 0, page, via, depth + 1);
        }
    } else if (qpdf_oh_is_dictionary(q1, o)) {
        size_t n;
        char **keys = keys_of(q1, o, &n);
        for (size_t i = 0; i < n; i++) {
            /* /Parent leads back up the page tree; /P from an annotation to its page. */
            if (!strcmp(keys[i], "/Parent") || !strcmp(keys[i], "/P")) continue;
            int a = allowed < 0 ? key_changed(w, d0, o, keys[i]) : allowed;
            qpdf_oh e = qpdf_oh_get_key(q1, o, keys[i]);
            if (qpdf_oh_is_indirect(q1, e))
                push(w, qpdf_oh_get_object_id(q1, e), qpdf_oh_get_generation(q1, e), a, page, keys[i]);
            else if (qpdf_oh_is_array(q1, e) || qpdf_oh_is_dictionary(q1, e))
                push_refs(w, e, 0, a, page, keys[i], depth + 1);
        }
        free_keys(keys, n);
    }
}

/* Compares object it.id in both revisions; what may differ depends on its kind. */
static void visit(walk *w, item it)
{
    qpdf_data q1 = w->q1;
    int id = it.id, gen = it.gen, page = it.page;
    if (id <= 0) return;
    if ((size_t)id >= w->nids) {
        size_t n = (size_t)id * 2;
        w->seen = ep_xreallocarray(w->seen, n, 1);
        w->page_of = ep_xreallocarray(w->page_of, n, sizeof *w->page_of);
        memset(w->seen + w->nids, 0, n - w->nids);
        memset(w->page_of + w->nids, 0, (n - w->nids) * sizeof *w->page_of);
        w->nids = n;
    }
    if (w->seen[id]) return;
    w->seen[id] = 1;
    if (w->page_of[id]) page = w->page_of[id];
    qpdf_oh o = qpdf_get_object_by_id(q1, id, gen);
    qpdf_oh o0 = qpdf_get_object_by_id(w->q0, id, gen);
    kind k = kind_of(w, o, id, it.via);
    /* How what it refers to may differ: 0 not at all (objects new there are not allowed),
     * 1 freely (it is new, or signing may change it whole), -1 under the keys that changed. */
    int refs = it.allowed;
    char at[160];
    if (qpdf_oh_is_null(w->q0, o0)) {
        if (!it.allowed && !qpdf_oh_is_null(q1, o)) {
            where(w, id, gen, k, page, it.via, at, sizeof at);
            forbid(w, "a later update added %s, which the signed revision referred to but did not define", at);
        }
    } else if (same_object(w, o0, o)) {
        refs = 0;
    } else if (changeable[k].whole) {
        refs = 1;
        if (k == K_ANNOTS) check_annots(w, o0, o, page);
    } else if (!qpdf_oh_is_dictionary(q1, o) || !qpdf_oh_is_dictionary(w->q0, o0)) {
        where(w, id, gen, k, page, it.via, at, sizeof at);
        forbid(w, "a later update changed %s", at);
    } else {
        size_t n0, n1;
        char **k0 = keys_of(w->q0, o0, &n0), **k1 = keys_of(q1, o, &n1);
        const char *bad = NULL;
        for (size_t i = 0; i < n1 && !bad; i++)
            if (!listed(changeable[k].keys, k1[i]) && key_changed(w, o0, o, k1[i])) bad = k1[i];
        for (size_t i = 0; i < n0 && !bad; i++)
            if (!listed(changeable[k].keys, k0[i]) && !qpdf_oh_has_key(q1, o, k0[i])) bad = k0[i];
        if (bad) {
            where(w, id, gen, k, page, it.via, at, sizeof at);
            forbid(w, "a later update changed %s: %s", at, bad);
        } else if (k == K_PAGE && key_changed(w, o0, o, "/Annots")) {
            check_annots(w, qpdf_oh_get_key(w->q0, o0, "/Annots"), qpdf_oh_get_key(q1, o, "/Annots"), w->page_of[id]);
        }
        free_keys(k0, n0);
        free_keys(k1, n1);
        refs = -1;
    }
    if (!w->what) push_refs(w, o, o0, refs, k == K_PAGE ? w->page_of[id] : page, it.via, 0);
    qpdf_oh_release_all(w->q0);
    qpdf_oh_release_all(q1);
}

static int ref_id(qpdf_data q, qpdf_oh dict, const char *key)
{
    return qpdf_oh_has_key(q, dict, key) ? qpdf_oh_get_object_id(q, qpdf_oh_get_key(q, dict, key)) : 0;
}

int ep_later_changes(const char *path, const unsigned char *data, size_t len, size_t end, char **what)
{
    *what = NULL;
    walk w;
    memset(&w, 0, sizeof w);
    w.q1 = ep_qpdf_open(path, data, len);
    w.q0 = w.q1 ? ep_qpdf_open(path, data, end) : NULL;
    if (!w.q0) {
        ep_qpdf_free(&w.q1);
        *what = ep_xstrdup("the revision it signed cannot be read as a PDF");
        return -1;
    }
    qpdf_oh t0 = qpdf_get_trailer(w.q0), t1 = qpdf_get_trailer(w.q1);
    w.root = ref_id(w.q1, t1, "/Root");
    w.info = ref_id(w.q1, t1, "/Info");
    w.acroform = ref_id(w.q1, qpdf_get_root(w.q1), "/AcroForm");
    w.dss = ref_id(w.q1, qpdf_get_root(w.q1), "/DSS");
    w.nids = (size_t)qpdf_oh_get_int_value(w.q1, qpdf_oh_get_key(w.q1, t1, "/Size")) + 1;
    if (w.nids < 16 || w.nids > ((size_t)1 << 28)) w.nids = 16;
    w.seen = ep_xcalloc(w.nids, 1);
    w.page_of = ep_xcalloc(w.nids, sizeof *w.page_of);
    int pages = qpdf_get_num_pages(w.q1);
    for (int i = 0; i < pages; i++) {
        int id = qpdf_oh_get_object_id(w.q1, qpdf_get_page_n(w.q1, (size_t)i));
        if (id > 0 && (size_t)id < w.nids) w.page_of[id] = i + 1;
    }
    if (ref_id(w.q0, t0, "/Root") != w.root) forbid(&w, "a later update replaced the document catalog");
    else {
        qpdf_oh root = qpdf_get_root(w.q1);
        push(&w, w.root, qpdf_oh_get_generation(w.q1, root), 0, 0, "/Root");
        if (w.info) {
            qpdf_oh info = qpdf_oh_get_key(w.q1, t1, "/Info");
            push(&w, w.info, qpdf_oh_get_generation(w.q1, info), ref_id(w.q0, t0, "/Info") != w.info, 0, "/Info");
        }
        while (w.n && !w.what) visit(&w, w.v[--w.n]);
    }
    int r = w.what ? 1 : 0;
    *what = w.what;
    free(w.v);
    free(w.seen);
    free(w.page_of);
    ep_qpdf_free(&w.q0);
    ep_qpdf_free(&w.q1);
    return r;
}

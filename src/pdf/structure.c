#include "pdf/structure.h"

#include <stdlib.h>
#include <string.h>

#include "pdf/haru.h"
#include "util/alloc.h"

/* A child of a structure element: a marked-content sequence, an annotation, or another
 * element. Children are put in order by key: for content, the number of elements made
 * before it was placed; for an element, its own index. Content placed just before an
 * element was made has the element's index as its key and comes first. */
typedef enum { KID_MCID, KID_OBJR, KID_ELEM } kid_kind;

typedef struct kid {
    int node;              /* the element it is a child of */
    int key;
    kid_kind kind;
    size_t order;          /* keeps content of one key in the order it was drawn */
    size_t page;
    int mcid;
    HPDF_Dict annot;
    size_t annot_ix;       /* its entry in annots */
    int child;
} kid;

typedef struct pagemap {
    HPDF_Page page;
    int *mcid_node;        /* the element of each MCID on the page: the parent tree's entry */
    HPDF_Dict *owner;      /* or, where not NULL, the Span that holds it (see kids_array) */
    size_t n, cap;
} pagemap;

struct ep_pdftags {
    HPDF_Doc pdf;
    const ep_dlist *dl;
    kid *kids;
    size_t nkids, capkids;
    pagemap *pages;
    struct { HPDF_Dict annot, owner; int node; } *annots;
    size_t nannots, capannots;
    size_t cur;
    int failed;
};

static void add_kid(ep_pdftags *t, kid k)
{
    t->kids = ep_grow(t->kids, sizeof *t->kids, &t->capkids, t->nkids + 1);
    k.order = t->nkids;
    t->kids[t->nkids++] = k;
}

ep_pdftags *ep_pdftags_new(HPDF_Doc pdf, const ep_dlist *dl)
{
    if (dl->nnodes < 2) return NULL;
    ep_pdftags *t = ep_xcalloc(1, sizeof *t);
    t->pdf = pdf;
    t->dl = dl;
    t->pages = ep_xcalloc(dl->npages, sizeof *t->pages);
    return t;
}

void ep_pdftags_free(ep_pdftags *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->dl->npages; i++) {
        free(t->pages[i].mcid_node);
        free(t->pages[i].owner);
    }
    free(t->pages);
    free(t->kids);
    free(t->annots);
    free(t);
}

void ep_pdftags_page(ep_pdftags *t, HPDF_Page page, size_t index)
{
    if (!t || index >= t->dl->npages) return;
    t->cur = index;
    t->pages[index].page = page;
    HPDF_Dict_AddNumber(page, "StructParents", (HPDF_INT32)index);
    /* Tab order follows the structure (PDF/UA asks it of every page with annotations). */
    HPDF_Dict_AddName(page, "Tabs", "S");
}

/* A new MCID on the current page for content of node. */
static int new_mcid(ep_pdftags *t, int node, int seq)
{
    pagemap *pm = &t->pages[t->cur];
    pm->mcid_node = ep_grow(pm->mcid_node, sizeof *pm->mcid_node, &pm->cap, pm->n + 1);
    int mcid = (int)pm->n;
    pm->mcid_node[pm->n++] = node;
    add_kid(t, (kid){.node = node, .key = seq, .kind = KID_MCID, .page = t->cur, .mcid = mcid});
    return mcid;
}

static int tagged(const ep_pdftags *t, int node) { return t && node > 0 && (size_t)node < t->dl->nnodes; }

void ep_pdftags_begin(ep_pdftags *t, int node, int seq, ep_buf *out)
{
    int mcid = tagged(t, node) ? new_mcid(t, node, seq) : -1;
    if (mcid < 0) ep_buf_puts(out, "/Artifact BMC\n");
    else ep_buf_printf(out, "/%s<</MCID %d>>BDC\n", ep_role_name(t->dl->nodes[node].role), mcid);
}

/* Poppler (and with it many tools) ends a marked-content sequence at the first EMC inside
 * it, nested or not: so a span with its own properties does not nest in its element's
 * sequence but interrupts it, as a sequence of the same element. */
void ep_pdftags_span(ep_pdftags *t, int node, int seq, const char *props, ep_buf *out)
{
    int mcid = -1;
    if (tagged(t, node)) {
        ep_buf_puts(out, "EMC\n");
        mcid = new_mcid(t, node, seq);
    }
    if (mcid < 0) ep_buf_printf(out, "/Span<<%s>>BDC\n", props);
    else ep_buf_printf(out, "/Span<</MCID %d%s>>BDC\n", mcid, props);
}

void ep_pdftags_span_end(ep_pdftags *t, int node, int seq, ep_buf *out)
{
    ep_buf_puts(out, "EMC\n");
    if (tagged(t, node)) ep_pdftags_begin(t, node, seq, out);
}

void ep_pdftags_end(ep_buf *out) { ep_buf_puts(out, "EMC\n"); }

void ep_pdftags_annot(ep_pdftags *t, HPDF_Dict annot, int node, int seq)
{
    if (!t || !annot || node <= 0 || (size_t)node >= t->dl->nnodes) return;
    t->annots = ep_grow(t->annots, sizeof *t->annots, &t->capannots, t->nannots + 1);
    HPDF_Dict_AddNumber(annot, "StructParent", (HPDF_INT32)(t->dl->npages + t->nannots));
    t->annots[t->nannots].annot = annot;
    t->annots[t->nannots].owner = NULL;
    t->annots[t->nannots].node = node;
    add_kid(t, (kid){.node = node, .key = seq, .kind = KID_OBJR, .page = t->cur, .annot = annot, .annot_ix = t->nannots});
    t->nannots++;
}

static int kid_cmp(const void *a, const void *b)
{
    const kid *x = a, *y = b;
    if (x->node != y->node) return x->node < y->node ? -1 : 1;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    if ((x->kind == KID_ELEM) != (y->kind == KID_ELEM)) return x->kind == KID_ELEM ? 1 : -1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static HPDF_Dict new_indirect(ep_pdftags *t)
{
    HPDF_Dict d = HPDF_Dict_New(ep_haru_mmgr(t->pdf));
    if (!d || HPDF_Xref_Add(ep_haru_xref(t->pdf), d) != HPDF_OK) {
        t->failed = 1;
        return NULL;
    }
    return d;
}

/* A number tree over keys 0..n-1. libharu refuses an array of more than 32,767 entries,
 * and a flat /Nums holds two per key: a combined merge of ten thousand letters has more.
 * Past one leaf's worth the keys go into leaves under /Kids, each with its /Limits; a
 * small letter keeps the single flat /Nums. */
enum { EP_NUMTREE_LEAF = 4096 };   /* keys per leaf: 8,192 array entries */

/* A /Nums array of keys from..to-1 and their values. */
static HPDF_Array nums_of(HPDF_MMgr mm, void **values, size_t from, size_t to)
{
    HPDF_Array nums = HPDF_Array_New(mm);
    for (size_t k = from; k < to; k++) {
        HPDF_Array_AddNumber(nums, (HPDF_INT32)k);
        HPDF_Array_Add(nums, values[k]);
    }
    return nums;
}

static HPDF_Dict number_tree(ep_pdftags *t, void **values, size_t n)
{
    HPDF_MMgr mm = ep_haru_mmgr(t->pdf);
    HPDF_Dict tree = HPDF_Dict_New(mm);
    if (n <= EP_NUMTREE_LEAF) {
        HPDF_Dict_Add(tree, "Nums", nums_of(mm, values, 0, n));
        return tree;
    }
    HPDF_Array kids = HPDF_Array_New(mm);
    HPDF_Dict_Add(tree, "Kids", kids);
    for (size_t from = 0; from < n; from += EP_NUMTREE_LEAF) {
        size_t to = from + EP_NUMTREE_LEAF < n ? from + EP_NUMTREE_LEAF : n;
        HPDF_Dict leaf = new_indirect(t);
        if (!leaf) break;
        HPDF_Dict_Add(leaf, "Nums", nums_of(mm, values, from, to));
        HPDF_Array limits = HPDF_Array_New(mm);
        HPDF_Array_AddNumber(limits, (HPDF_INT32)from);
        HPDF_Array_AddNumber(limits, (HPDF_INT32)(to - 1));
        HPDF_Dict_Add(leaf, "Limits", limits);
        HPDF_Array_Add(kids, leaf);
    }
    return tree;
}

/* An element's /K: its children in order; marked content on its own page (/Pg) as bare
 * MCIDs, elsewhere as marked-content references. */
static HPDF_Array kids_flat(ep_pdftags *t, HPDF_Dict elem, const kid *k, size_t n, HPDF_Dict *elems)
{
    HPDF_MMgr mm = ep_haru_mmgr(t->pdf);
    HPDF_Array a = HPDF_Array_New(mm);
    if (!a) return NULL;
    size_t pg = (size_t)-1;
    for (size_t i = 0; i < n && pg == (size_t)-1; i++)
        if (k[i].kind != KID_ELEM) pg = k[i].page;
    if (pg != (size_t)-1) HPDF_Dict_Add(elem, "Pg", t->pages[pg].page);
    for (size_t i = 0; i < n; i++) {
        switch (k[i].kind) {
        case KID_MCID:
            if (k[i].page == pg) {
                HPDF_Array_AddNumber(a, k[i].mcid);
            } else {
                HPDF_Dict mcr = HPDF_Dict_New(mm);
                HPDF_Dict_AddName(mcr, "Type", "MCR");
                HPDF_Dict_Add(mcr, "Pg", t->pages[k[i].page].page);
                HPDF_Dict_AddNumber(mcr, "MCID", k[i].mcid);
                HPDF_Array_Add(a, mcr);
            }
            break;
        case KID_OBJR: {
            HPDF_Dict objr = HPDF_Dict_New(mm);
            HPDF_Dict_AddName(objr, "Type", "OBJR");
            HPDF_Dict_Add(objr, "Obj", k[i].annot);
            HPDF_Dict_Add(objr, "Pg", t->pages[k[i].page].page);
            HPDF_Array_Add(a, objr);
            break;
        }
        case KID_ELEM:
            HPDF_Array_Add(a, elems[k[i].child]);
            break;
        }
    }
    return a;
}

/* libharu refuses an array of more than 32,767 entries. An element with more children than
 * EP_KIDS_MAX (a paragraph run on for hundreds of pages) has them grouped, in order, in Span
 * elements of EP_KIDS_PER_SPAN each; the parent tree then names each Span as the parent of
 * its content (owner), and each child element names it as /P (up). */
enum { EP_KIDS_MAX = 8192, EP_KIDS_PER_SPAN = 4096 };

static HPDF_Array kids_array(ep_pdftags *t, HPDF_Dict elem, const kid *k, size_t n, HPDF_Dict *elems, HPDF_Dict *up)
{
    if (n <= EP_KIDS_MAX) return kids_flat(t, elem, k, n, elems);
    HPDF_MMgr mm = ep_haru_mmgr(t->pdf);
    HPDF_Array a = HPDF_Array_New(mm);
    for (size_t from = 0; a && from < n; from += EP_KIDS_PER_SPAN) {
        size_t to = from + EP_KIDS_PER_SPAN < n ? from + EP_KIDS_PER_SPAN : n;
        HPDF_Dict span = new_indirect(t);
        if (!span) break;
        HPDF_Dict_AddName(span, "Type", "StructElem");
        HPDF_Dict_AddName(span, "S", "Span");
        HPDF_Dict_Add(span, "P", elem);
        HPDF_Array ka = kids_flat(t, span, k + from, to - from, elems);
        if (ka) HPDF_Dict_Add(span, "K", ka);
        for (size_t i = from; i < to; i++) {
            if (k[i].kind == KID_MCID) {
                pagemap *pm = &t->pages[k[i].page];
                if (!pm->owner) pm->owner = ep_xcalloc(pm->n, sizeof *pm->owner);
                pm->owner[k[i].mcid] = span;
            } else if (k[i].kind == KID_OBJR) {
                t->annots[k[i].annot_ix].owner = span;
            } else {
                up[k[i].child] = span;
            }
        }
        HPDF_Array_Add(a, span);
    }
    return a;
}

static void element(ep_pdftags *t, HPDF_Dict e, const ep_dl_node *nd, HPDF_Dict parent)
{
    HPDF_MMgr mm = ep_haru_mmgr(t->pdf);
    HPDF_Dict_AddName(e, "Type", "StructElem");
    HPDF_Dict_AddName(e, "S", ep_role_name(nd->role));
    HPDF_Dict_Add(e, "P", parent);
    if (nd->lang) HPDF_Dict_Add(e, "Lang", HPDF_String_New(mm, nd->lang, NULL));
    if (nd->alt) ep_haru_set_text(t->pdf, e, "Alt", nd->alt);
    if (nd->scope != EP_SCOPE_NONE) {
        HPDF_Dict a = HPDF_Dict_New(mm);
        HPDF_Dict_AddName(a, "O", "Table");
        HPDF_Dict_AddName(a, "Scope", nd->scope == EP_SCOPE_ROW ? "Row" : "Column");
        HPDF_Dict_Add(e, "A", a);
    }
}

HPDF_STATUS ep_pdftags_finish(ep_pdftags *t)
{
    if (!t) return HPDF_OK;
    const ep_dlist *dl = t->dl;
    size_t n = dl->nnodes;
    HPDF_MMgr mm = ep_haru_mmgr(t->pdf);
    /* Elements with nothing in them (a group whose lines were all empty) are left out. */
    char *has = ep_xcalloc(n, 1);
    HPDF_Dict *elems = ep_xcalloc(n, sizeof *elems), *up = ep_xcalloc(n, sizeof *up);
    for (size_t i = 0; i < t->nkids; i++) has[t->kids[i].node] = 1;
    for (size_t i = n - 1; i >= 2; i--)
        if (has[i]) has[dl->nodes[i].parent] = 1;
    has[1] = 1;
    for (size_t i = 2; i < n; i++)
        if (has[i]) add_kid(t, (kid){.node = dl->nodes[i].parent, .key = (int)i, .kind = KID_ELEM, .child = (int)i});
    HPDF_Dict root = new_indirect(t);
    for (size_t i = 1; i < n && !t->failed; i++)
        if (has[i]) elems[i] = new_indirect(t);
    if (t->failed) {
        free(has);
        free(elems);
        free(up);
        return HPDF_FAILD_TO_ALLOC_MEM;
    }
    if (t->nkids) qsort(t->kids, t->nkids, sizeof *t->kids, kid_cmp);   /* an empty letter has none */
    size_t k = 0;
    for (size_t i = 1; i < n; i++) {
        if (!has[i]) continue;
        while (k < t->nkids && t->kids[k].node < (int)i) k++;
        size_t end = k;
        while (end < t->nkids && t->kids[end].node == (int)i) end++;
        element(t, elems[i], &dl->nodes[i], i == 1 ? root : up[i] ? up[i] : elems[dl->nodes[i].parent]);
        HPDF_Array a = kids_array(t, elems[i], t->nkids ? t->kids + k : NULL, end - k, elems, up);
        if (a) HPDF_Dict_Add(elems[i], "K", a);
        k = end;
    }

    /* The parent tree: for each page, the element of each of its MCIDs; then the element
     * of each annotation. Keys ascend as the number tree requires; keys are 0..nkeys-1. */
    size_t nkeys = dl->npages + t->nannots;
    void **values = ep_xreallocarray(NULL, nkeys, sizeof *values);
    for (size_t p = 0; p < dl->npages; p++) {
        const pagemap *pm = &t->pages[p];
        HPDF_Array per = HPDF_Array_New(mm);
        for (size_t j = 0; j < pm->n; j++)
            HPDF_Array_Add(per, pm->owner && pm->owner[j] ? pm->owner[j] : elems[pm->mcid_node[j]]);
        values[p] = per;
    }
    for (size_t j = 0; j < t->nannots; j++)
        values[dl->npages + j] = t->annots[j].owner ? t->annots[j].owner : elems[t->annots[j].node];
    HPDF_Dict tree = number_tree(t, values, nkeys);
    free(values);

    HPDF_Dict roles = HPDF_Dict_New(mm);
    for (int r = 0; r < EP_ROLE_COUNT; r++)
        if (strcmp(ep_role_name((ep_role)r), ep_role_standard((ep_role)r)))
            HPDF_Dict_AddName(roles, ep_role_name((ep_role)r), ep_role_standard((ep_role)r));

    HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
    HPDF_Dict_Add(root, "K", elems[1]);
    HPDF_Dict_Add(root, "ParentTree", tree);
    HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (HPDF_INT32)nkeys);
    HPDF_Dict_Add(root, "RoleMap", roles);

    HPDF_Dict catalog = ep_haru_catalog(t->pdf);
    HPDF_Dict_Add(catalog, "StructTreeRoot", root);
    HPDF_Dict mark = HPDF_Dict_New(mm);
    HPDF_Dict_Add(mark, "Marked", HPDF_Boolean_New(mm, HPDF_TRUE));
    HPDF_Dict_Add(catalog, "MarkInfo", mark);
    free(has);
    free(elems);
    free(up);
    return t->failed ? HPDF_FAILD_TO_ALLOC_MEM : HPDF_OK;
}

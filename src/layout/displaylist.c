#include "layout/displaylist.h"

#include <string.h>

ep_dl_page *ep_dl_add_page(ep_dlist *dl, float width, float height)
{
    dl->pages = ep_arena_grow(dl->arena, dl->pages, sizeof *dl->pages, &dl->cap, dl->npages + 1);
    ep_dl_page *p = &dl->pages[dl->npages++];
    memset(p, 0, sizeof *p);
    p->width = width;
    p->height = height;
    return p;
}

ep_dl_item *ep_dl_add_item(ep_dlist *dl, ep_dl_page *page, ep_dl_kind kind)
{
    page->items = ep_arena_grow(dl->arena, page->items, sizeof *page->items, &page->cap, page->nitems + 1);
    ep_dl_item *it = &page->items[page->nitems++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->seq = (int)dl->nnodes;
    return it;
}

void ep_dl_add_outline(ep_dlist *dl, const char *title, size_t page, float y)
{
    dl->outlines = ep_arena_grow(dl->arena, dl->outlines, sizeof *dl->outlines, &dl->capout, dl->noutlines + 1);
    dl->outlines[dl->noutlines++] = (ep_dl_outline){title, page, y};
}

int ep_dl_node_add(ep_dlist *dl, ep_role role, int parent, const char *lang, const char *alt)
{
    if (!dl->nnodes) {
        dl->nodes = ep_arena_grow(dl->arena, dl->nodes, sizeof *dl->nodes, &dl->capnodes, 2);
        dl->nodes[1] = (ep_dl_node){EP_ROLE_DOCUMENT, 0, NULL, NULL, EP_SCOPE_NONE};
        dl->nnodes = 2;
    }
    if (role == EP_ROLE_DOCUMENT) return 1;
    dl->nodes = ep_arena_grow(dl->arena, dl->nodes, sizeof *dl->nodes, &dl->capnodes, dl->nnodes + 1);
    dl->nodes[dl->nnodes] = (ep_dl_node){role, parent ? parent : 1, lang, alt, EP_SCOPE_NONE};
    return (int)dl->nnodes++;
}

static const struct { const char *name, *standard; } roles[EP_ROLE_COUNT] = {
    {"Document", NULL}, {"Part", NULL}, {"Div", NULL}, {"P", NULL}, {"H1", NULL}, {"H2", NULL}, {"H3", NULL},
    {"H4", NULL}, {"H5", NULL}, {"H6", NULL}, {"BlockQuote", NULL}, {"L", NULL}, {"LI", NULL}, {"Lbl", NULL},
    {"LBody", NULL}, {"Link", NULL}, {"Figure", NULL}, {"Span", NULL}, {"Form", NULL}, {"Table", NULL},
    {"TR", NULL}, {"TH", NULL}, {"TD", NULL},
    {"Letterhead", "Div"}, {"Recipient", "Div"}, {"ReturnAddress", "P"}, {"Sender", "Div"},
    {"Signatures", "Div"}, {"Signatory", "Div"}, {"Distribution", "Div"}, {"LetterFooter", "Div"},
    {"Letter", "Sect"},
};

const char *ep_role_name(ep_role role) { return roles[role].name; }

const char *ep_role_standard(ep_role role) { return roles[role].standard ? roles[role].standard : roles[role].name; }

void ep_dl_append(ep_dlist *all, const ep_dlist *one, const char *lang)
{
    /* The letter's elements go under an element of its own; its items move with them. */
    int base = 0;
    if (one->nnodes > 1) {
        int letter = ep_dl_node_add(all, EP_ROLE_LETTER, 0, lang, NULL);
        base = (int)all->nnodes - 2;   /* one's element i (i >= 2) becomes base + i */
        for (size_t i = 2; i < one->nnodes; i++) {
            ep_dl_node nd = one->nodes[i];
            ep_dl_node_add(all, nd.role, nd.parent == 1 ? letter : base + nd.parent, nd.lang, nd.alt);
            all->nodes[all->nnodes - 1].scope = nd.scope;
        }
    }
    for (size_t p = 0; p < one->npages; p++) {
        const ep_dl_page *src = &one->pages[p];
        ep_dl_page *pg = ep_dl_add_page(all, src->width, src->height);
        pg->items = ep_arena_alloc(all->arena, sizeof *pg->items * (src->nitems + 1));
        memcpy(pg->items, src->items, sizeof *pg->items * src->nitems);
        pg->nitems = pg->cap = src->nitems;
        for (size_t k = 0; k < pg->nitems; k++) {
            ep_dl_item *it = &pg->items[k];
            if (it->node > 1) it->node += base;
            else if (it->node == 1) it->node = base + 1;
            it->seq += base;
            if (it->kind == EP_DL_FIELD) it->as.field.letter = all->nletters;
        }
    }
    all->nletters++;
}

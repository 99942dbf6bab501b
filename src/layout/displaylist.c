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
    return it;
}

void ep_dl_add_outline(ep_dlist *dl, const char *title, size_t page, float y)
{
    dl->outlines = ep_arena_grow(dl->arena, dl->outlines, sizeof *dl->outlines, &dl->capout, dl->noutlines + 1);
    dl->outlines[dl->noutlines++] = (ep_dl_outline){title, page, y};
}

/* The display list: what the layout produces and a backend draws. Pages of positioned
 * glyph runs, rules, images and link areas, in PDF user space (points, origin at the
 * bottom left). It knows fonts only as faces and nothing of letters or of PDF. */
#ifndef EP_DISPLAYLIST_H
#define EP_DISPLAYLIST_H

#include <stddef.h>
#include <stdint.h>

#include "text/fonts.h"
#include "util/arena.h"

typedef struct ep_dl_glyph {
    uint32_t gid;
    float x, y;            /* from the run origin */
    uint32_t cl_off, cl_len;   /* the cluster's text in the run's text; glyphs of one cluster share it */
} ep_dl_glyph;

typedef enum ep_dl_kind {
    EP_DL_GLYPHS,
    EP_DL_RULE,
    EP_DL_IMAGE,
    EP_DL_LINK,
    EP_DL_FIELD,           /* an empty signature field over a signatory's signature area */
} ep_dl_kind;

typedef struct ep_dl_item {
    ep_dl_kind kind;
    float x, y;            /* glyphs: baseline origin; rule: start; image, link: lower left */
    float w, h;            /* rule: end is (x + w, y + h); image, link: size of the box */
    /* glyphs */
    ep_face *face;
    float size;
    float gray;            /* 0 = black */
    const char *text;
    ep_dl_glyph *glyphs;
    size_t nglyphs;
    /* rule */
    float line_width;
    /* image: fitted into the box, keeping its proportions, at the bottom of the box and
     * anchored left (anchor 0) or right (anchor 1) */
    const char *path;
    float anchor;
    /* link */
    const char *uri;
    /* field: its name (the signatory's) */
    const char *name;
} ep_dl_item;

typedef struct ep_dl_page {
    float width, height;
    ep_dl_item *items;
    size_t nitems, cap;
} ep_dl_page;

typedef struct ep_dl_outline {
    const char *title;
    size_t page;
    float y;
} ep_dl_outline;

typedef struct ep_dlist {
    ep_arena *arena;
    ep_dl_page *pages;
    size_t npages, cap;
    ep_dl_outline *outlines;
    size_t noutlines, capout;
    const char *title, *author, *subject, *lang;
    const char *recipient;     /* for a bookmark per letter when letters are combined */
    int pdfa;                  /* write PDF/A-2b */
} ep_dlist;

ep_dl_page *ep_dl_add_page(ep_dlist *dl, float width, float height);
ep_dl_item *ep_dl_add_item(ep_dlist *dl, ep_dl_page *page, ep_dl_kind kind);
void ep_dl_add_outline(ep_dlist *dl, const char *title, size_t page, float y);

#endif

/* The flow: places typeset paragraphs down the pages of one part, starting new pages
 * when a line no longer fits. */
#ifndef EP_FLOW_H
#define EP_FLOW_H

#include "layout/displaylist.h"
#include "resolve/geometry.h"
#include "resolve/standards.h"
#include "text/para.h"


typedef struct ep_laid {
    ep_para *para;
    ep_line *lines;
    size_t nlines;
    float lead;           /* baseline to baseline */
    float size;
    float first_indent;
    float measure;
    ep_align align;
    float gray;
    uint32_t rgb;         /* a colour instead of gray (EP_RGB), 0: none */
} ep_laid;

typedef struct ep_flow {
    ep_dlist *dl;
    ep_textctx *tx;
    ep_geometry geo;
    size_t page;          /* index of the current page in dl */
    size_t first_page;    /* first page of this part */
    float y;              /* distance from the top edge to the next line's top */
    float top_continued;  /* where text starts on pages after the first */
    float page_top;       /* where it starts on this page: at or above it, a new page gains nothing */
    float first_bottom;   /* the first page's bottom margin when a footer takes room; 0: as others */
    int mirror;           /* a right-to-left part: the page is laid out from the right edge */
    int node;             /* the structure element placed content belongs to (0: artifact) */
    int link_parent, link_node;   /* the Link element of the last link run, and where it is */
    const char *link_href;
    const ep_locale *part_loc;   /* the part's language: runs in another get a Span with theirs */
    int span_parent, span_node;
    const char *span_lang;
    uint32_t link_rgb;    /* the colour of links' text (EP_RGB), 0: as the text around */
    /* For fit: the spaces and the lines set so far, and the room pages were left with. */
    float gaps, lines, slack;
} ep_flow;

void ep_flow_begin_part(ep_flow *f, ep_dlist *dl, ep_textctx *tx, ep_geometry geo);
void ep_flow_new_page(ep_flow *f);
/* Starts a new page unless height more points fit on this one. */
void ep_flow_need(ep_flow *f, float height);
float ep_flow_measure(const ep_flow *f);

ep_laid ep_typeset(ep_flow *f, const ep_span *spans, size_t n, const ep_tstyle *st,
                   float measure, float first_indent, int justify, ep_align align);
ep_laid ep_typeset_text(ep_flow *f, const char *text, ep_pos pos, const ep_tstyle *st,
                        float measure, ep_align align);
static inline float ep_laid_height(const ep_laid *l) { return (float)l->nlines * l->lead; }

/* Places the lines at x (from the left edge, or from the right one on a mirrored page),
 * breaking pages between lines. */
void ep_flow_place(ep_flow *f, const ep_laid *l, float x);
/* The same, keeping the last two lines on one page with keep_after points of what follows. */
void ep_flow_place_keep(ep_flow *f, const ep_laid *l, float x, float keep_after);
/* Places one line with its top at y (from the top edge) on page, without flowing. */
void ep_place_line(ep_flow *f, size_t page, const ep_laid *l, size_t i, float x, float y);

/* An item whose box (x, w) was set from the left edge: moved to the right on a mirrored
 * page, and an image's anchor with it. */
void ep_flow_mirror_box(const ep_flow *f, ep_dl_item *it);

ep_dl_item *ep_flow_rule(ep_flow *f, float x0, float x1, float width, float gray);
/* A horizontal rule on page at y points from the top edge. */
ep_dl_item *ep_flow_rule_at(ep_flow *f, size_t page, float x0, float x1, float y, float width, float gray);
/* The bottom margin of the current page. */
float ep_flow_bottom(const ep_flow *f);

#endif

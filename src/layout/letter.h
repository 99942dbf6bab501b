/* The parts of a letter's layout that head.c (the first page's head, by standard) and
 * block.c (body, signatures, trailers) share. */
#ifndef EP_LAYOUT_LETTER_H
#define EP_LAYOUT_LETTER_H

#include "layout/flow.h"
#include "layout/standards.h"
#include "letter/model.h"

typedef struct ctx {
    ep_flow f;
    const ep_part *part;
    const ep_standard *std;
    ep_tstyle body;        /* the part's text style */
    float lead;            /* body baseline distance */
    float tail_keep;       /* what must stay with the body's last lines: closing, signatures */
    const char *date;      /* formatted */
    int closing_done;      /* the closing is placed already (before 記 in a Japanese letter) */
} ctx;

ep_tstyle ep_style_sized(const ctx *c, float size, int bold);
float ep_text_left(const ctx *c);
/* Sets text in the flow at the left margin, across the measure. */
void ep_place_text(ctx *c, const char *text, ep_pos pos, const ep_tstyle *st, float gray, ep_align align);
/* Sets one line of text with its top at y (points from the top), at x, not flowing. */
float ep_place_at(ctx *c, const char *text, ep_pos pos, const ep_tstyle *st, float gray, float x, float y,
                  float width, ep_align align);

/* The first page's head for the part's standard: letterhead, address (in the text or in a
 * window field), date, information block or reference line, marks, footer. Leaves the flow
 * where the subject goes. Returns -1 after reporting an address that does not fit. */
int ep_head(ctx *c);

#endif

/* Layout: turns the resolved parts of a letter into a display list, one part after
 * another, each part starting on a new page. */
#ifndef EP_LAYOUT_H
#define EP_LAYOUT_H

#include "layout/displaylist.h"
#include "resolve/setting.h"
#include "text/para.h"

/* report_fit: say (as a note) what fitting a part to fewer pages did. */
int ep_layout_letter(const ep_resolved *r, ep_textctx *tx, ep_dlist *dl, int report_fit);

/* A line of a visible digital signature's text: the name, the label, the time. */
typedef struct ep_sigline {
    const char *text;
    const ep_tstyle *st;
    float gray;
} ep_sigline;

/* Sets the n lines of a visible digital signature, each broken into lines no wider than
 * max_w, all flush to the side the first line's language starts from (*rtl: the right), and
 * gives the size of the whole in *w, *h. With dl, it gets one page exactly that large
 * holding the text. */
void ep_layout_signature_text(ep_textctx *tx, const ep_sigline *lines, size_t n, float max_w, ep_dlist *dl,
                              float *w, float *h, int *rtl);

#endif

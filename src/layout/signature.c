/* The text of a visible digital signature, set after the letter was made (when it is
 * signed), with the letter's own language, faces and size, into a page of its own that the
 * signing stage draws in the signature field. */
#include <string.h>

#include "layout/flow.h"
#include "layout/layout.h"

void ep_layout_signature_text(ep_textctx *tx, const ep_sigline *lines, size_t n, float max_w, ep_dlist *dl,
                              float *w, float *h, int *rtl)
{
    enum { MAX = 8 };
    ep_flow f;
    memset(&f, 0, sizeof f);
    f.dl = dl;   /* NULL when measuring: typesetting does not touch it */
    f.tx = tx;
    ep_laid l[MAX];
    if (n > MAX) n = MAX;
    *rtl = n && lines[0].st->loc->dir == EP_DIR_RTL;
    *w = *h = 0;
    for (size_t k = 0; k < n; k++) {
        l[k] = ep_typeset_text(&f, lines[k].text, ep_pos_make(NULL, 0, 0), lines[k].st, max_w, EP_ALIGN_START);
        l[k].gray = lines[k].gray;
        for (size_t i = 0; i < l[k].nlines; i++)
            if (l[k].lines[i].width > *w) *w = l[k].lines[i].width;
        *h += ep_laid_height(&l[k]);
        /* Flush to the language's side whatever a paragraph's own direction (a Latin name
         * in an Arabic letter): START for a paragraph that reads the same way, else END. */
        int para_rtl = l[k].para && l[k].para->dir == EP_DIR_RTL;
        l[k].align = para_rtl == *rtl ? EP_ALIGN_START : EP_ALIGN_END;
    }
    if (*w > max_w) *w = max_w;
    if (!dl) return;
    ep_dl_add_page(dl, *w, *h);
    /* The lines' boxes are max_w wide: one that ends at the page's right edge on the right. */
    float x = *rtl ? *w - max_w : 0, y = 0;
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < l[k].nlines; i++, y += l[k].lead) ep_place_line(&f, 0, &l[k], i, x, y);
}

/* The text of a visible digital signature, set after the letter was made (when it is
 * signed), with the letter's own language, faces and size, into a page of its own that the
 * signing stage draws in the signature field. */
#include <string.h>

#include "layout/flow.h"
#include "layout/layout.h"

void ep_layout_signature_text(ep_textctx *tx, const ep_tstyle *name, const ep_tstyle *details, const char *name_text,
                              const char *label, const char *when, float max_w, ep_dlist *dl, int *rtl)
{
    ep_flow f;
    memset(&f, 0, sizeof f);
    f.dl = dl;
    f.tx = tx;
    enum { N = 3 };
    ep_pos none = ep_pos_make(NULL, 0, 0);
    ep_laid l[N] = {ep_typeset_text(&f, name_text, none, name, max_w, EP_ALIGN_START),
                    ep_typeset_text(&f, label, none, details, max_w, EP_ALIGN_START),
                    ep_typeset_text(&f, when, none, details, max_w, EP_ALIGN_START)};
    l[1].gray = l[2].gray = 0.3f;
    *rtl = name->loc->dir == EP_DIR_RTL;
    float w = 0, h = 0;
    for (int k = 0; k < N; k++) {
        for (size_t i = 0; i < l[k].nlines; i++)
            if (l[k].lines[i].width > w) w = l[k].lines[i].width;
        h += ep_laid_height(&l[k]);
        /* Flush to the language's side whatever a paragraph's own direction (a Latin name
         * in an Arabic letter): START for a paragraph that reads the same way, else END. */
        int para_rtl = l[k].para && l[k].para->dir == EP_DIR_RTL;
        l[k].align = para_rtl == *rtl ? EP_ALIGN_START : EP_ALIGN_END;
    }
    if (w > max_w) w = max_w;
    ep_dl_add_page(dl, w, h);
    /* The lines' boxes are max_w wide: one that ends at the page's right edge on the right. */
    float x = *rtl ? w - max_w : 0, y = 0;
    for (int k = 0; k < N; k++)
        for (size_t i = 0; i < l[k].nlines; i++, y += l[k].lead) ep_place_line(&f, 0, &l[k], i, x, y);
}

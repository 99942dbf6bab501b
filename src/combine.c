/* --combine: letters rendered one by one (ep_render_letter without a PDF), then drawn as one
 * PDF, each starting on a new sheet with an outline entry of its own. The merge stage hands
 * its letters here, so that only the engine joins display lists and calls the PDF backend. */
#include <string.h>

#include "engine.h"

epistle_status ep_combine_letters(epistle_engine *e, const ep_combined *letters, size_t n, int pdfa, int pdfua,
                                  const char *path, ep_diag *d, ep_buf *pdf)
{
    ep_arena arena;
    ep_arena_init(&arena);
    ep_dlist all;
    memset(&all, 0, sizeof all);
    all.arena = &arena;
    /* The document is titled, authored and read in the direction of its first letter that
     * has a title (a notice of missing letters, which has no options, does not count). */
    ep_pdfinfo info = {.pdfa = pdfa, .pdfua = pdfua};
    for (size_t i = 0; i < n; i++) {
        const ep_combined *c = &letters[i];
        if (!c->dl->npages) continue;
        size_t first = all.npages;
        ep_dl_append(&all, c->dl, c->lang);
        ep_dl_add_outline(&all, c->outline, first, c->dl->pages[0].height);
        if (c->info && !info.title) {
            info.title = c->info->title;
            info.author = c->info->author;
            info.lang = c->info->lang;
            info.rtl = c->info->rtl;
        }
    }
    epistle_status st = EPISTLE_OK;
    if (!all.npages) {
        ep_error(d, ep_pos_make(path, 0, 0), EP_C_USAGE, "no letter to combine");
        st = EPISTLE_EINPUT;
    } else if (ep_pdf_write(&all, &info, &e->shared, d, pdf)) {
        st = EPISTLE_EINPUT;
    }
    ep_arena_free(&arena);
    return st;
}

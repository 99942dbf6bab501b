/* Letters that fit their pages. A part whose last page would hold only the closing, the
 * signatures and a few lines, or that overflows its pages by a few lines, is set again a
 * little tighter: first its vertical spaces, then its body size by at most half a point,
 * only as far as it takes to save the page, never below the style's least size. The steps
 * are fixed, so the same letter always comes out the same. */
#include <string.h>

#include "layout/layout.h"
#include "layout/letter.h"

static const struct step {
    float space;           /* the vertical spaces, as a factor of their natural size */
    float shrink;          /* points off the body size */
} steps[] = {
    {.space = 0.85f}, {.space = 0.7f}, {.space = 0.6f},
    {.space = 0.6f, .shrink = 0.25f}, {.space = 0.6f, .shrink = 0.5f},
};

/* A last page this empty (its text from the top, as a share of the text area) is one a
 * careful typesetter would try to save. */
#define EP_FIT_LIGHT 0.4f
/* Fit is for letters, not for reports: a longer part is not set again (each step is a whole
 * layout of it, and a page saved in ten matters less than one in two). */
enum { EP_FIT_MAX_PAGES = 6 };

typedef struct mark {
    size_t npages, nnodes, noutlines;
} mark;

static mark mark_of(const ep_dlist *dl) { return (mark){dl->npages, dl->nnodes, dl->noutlines}; }

static void rollback(ep_dlist *dl, mark m)
{
    dl->npages = m.npages;
    dl->nnodes = m.nnodes;
    dl->noutlines = m.noutlines;
}

/* Diagnostics of a setting that may be thrown away are kept, and said only if it is not. */
typedef struct held {
    ep_arena *arena;
    epistle_diagnostic *v;
    size_t n, cap;
} held;

static void hold(const epistle_diagnostic *dg, void *user)
{
    held *h = user;
    if (h) ep_diag_keep(h->arena, &h->v, &h->n, &h->cap, dg);
}

static int light_last_page(const ep_ctx *c)
{
    float area = c->f.geo.height - ep_flow_bottom(&c->f) - c->f.page_top;
    return area > 0 && (c->f.y - c->f.page_top) / area <= EP_FIT_LIGHT;
}

/* Sets part i with diagnostics held in h (NULL: dropped); its page count, 0 after an error. */
static size_t try_part(const ep_resolved *r, size_t i, ep_textctx *tx, ep_dlist *dl, float space, float shrink,
                       held *h, ep_ctx *c)
{
    ep_diag *real = tx->diag, quiet;
    ep_diag_init(&quiet, hold, h);
    tx->diag = &quiet;
    mark m = mark_of(dl);
    memset(c, 0, sizeof *c);
    c->space = space;
    int bad = ep_layout_part(c, dl, tx, &r->parts[i].part, &r->parts[i], i, shrink) || quiet.errors;
    ep_diag_flush(&quiet);
    tx->diag = real;
    return bad ? 0 : dl->npages - m.npages;
}

/* Whether the tightest step could win back the last page at all: what it takes off the
 * spaces, the lines and the room to sign, against the last page's text less the room the
 * earlier pages were left with. A part it cannot save is not set again for nothing. */
static int could_save(const ep_ctx *c, const ep_setting *set, float shrink)
{
    const struct step *tight = &steps[sizeof steps / sizeof *steps - 1];
    float win = c->f.gaps * (1 - tight->space) + c->f.lines * shrink / set->geo.body_size +
                (float)c->part->nsignatories * EP_MM(17) * 0.5f * (1 - tight->space);
    float need = c->f.y - c->f.page_top - c->f.slack;
    return win >= need;
}

static void lay_part(const ep_resolved *r, size_t i, ep_textctx *tx, ep_dlist *dl, int report)
{
    const ep_setting *set = &r->parts[i];
    mark m = mark_of(dl);
    held first = {dl->arena, NULL, 0, 0};
    ep_ctx c;
    size_t pages = try_part(r, i, tx, dl, 1, 0, &first, &c);
    int chosen = -1;
    size_t nsteps = sizeof steps / sizeof *steps;
    /* The tighter steps that min_size allows. */
    while (nsteps && set->style.min_size > 0 && set->geo.body_size - steps[nsteps - 1].shrink < set->style.min_size - 0.001f)
        nsteps--;
    if (set->style.fit && nsteps && pages > 1 && pages <= EP_FIT_MAX_PAGES && light_last_page(&c) &&
        could_save(&c, set, steps[nsteps - 1].shrink)) {
        /* The tightest step first: if it cannot save the page, none can. Then the loosest
         * that does. */
        rollback(dl, m);
        size_t n = try_part(r, i, tx, dl, steps[nsteps - 1].space, steps[nsteps - 1].shrink, NULL, &c);
        if (n && n < pages) {
            chosen = (int)nsteps - 1;
            for (size_t k = 0; k + 1 < nsteps; k++) {
                rollback(dl, m);
                n = try_part(r, i, tx, dl, steps[k].space, steps[k].shrink, NULL, &c);
                if (n && n < pages) {
                    chosen = (int)k;
                    break;
                }
            }
        }
        rollback(dl, m);
        if (chosen < 0) {
            try_part(r, i, tx, dl, 1, 0, NULL, &c);
        } else {
            first.n = 0;
            try_part(r, i, tx, dl, steps[chosen].space, steps[chosen].shrink, &first, &c);
        }
    }
    for (size_t k = 0; k < first.n; k++) ep_diag_replay(tx->diag, &first.v[k]);
    if (chosen >= 0 && report)
        ep_note(tx->diag, ep_pos_make(set->part.file, set->part.line, 1), EP_C_FIT,
                "fit: %zu page%s instead of %zu, with the spaces at %.0f%%%s", dl->npages - m.npages,
                dl->npages - m.npages == 1 ? "" : "s", pages, (double)(steps[chosen].space * 100),
                steps[chosen].shrink > 0 ? ep_arena_printf(dl->arena, " and the text %.2g pt smaller",
                                                           (double)steps[chosen].shrink)
                                         : "");
}

int ep_layout_letter(const ep_resolved *r, ep_textctx *tx, ep_dlist *dl, int report_fit)
{
    int errors = tx->diag->errors;
    for (size_t i = 0; i < r->nparts; i++) lay_part(r, i, tx, dl, report_fit);
    return tx->diag->errors > errors ? -1 : 0;
}

/* The engine behind the public API, and the pipeline steps the batch runner shares with
 * single renders. */
#ifndef EP_ENGINE_H
#define EP_ENGINE_H

#include "epistle/epistle.h"
#include "layout/displaylist.h"
#include "letter/model.h"
#include "letter/template.h"
#include "pdf/pdf.h"
#include "text/fonts.h"
#include "text/hyphen.h"
#include "text/para.h"
#include "util/buf.h"
#include "util/limits.h"

struct epistle_engine {
    ep_fontcache *fonts;
    ep_hyphcache *hyph;
    ep_pdfshared shared;       /* font subsets and images reused by later letters */
};

/* Reads and parses letter files into l (not yet validated). */
/* style: a style (built-in name or file) in place of the one each part names; NULL: none. */
epistle_status ep_read_letters(ep_letter *l, ep_diag *d, const char *const *inputs, size_t n, const char *style);

/* Validates and resolves l, lays it out into dl with the document's options in info and,
 * when pdf is not NULL, writes the PDF. tx carries the per-thread text state; its arena is
 * pointed at l's arena for the letter. */
typedef struct ep_render_flags {
    int strict;                /* warnings fail the letter */
    int pdfa;                  /* PDF/A-2b */
    int pdfua;                 /* PDF/UA-1 */
    /* A batch's shared font programs (NULL: none): the render of its template fills them
     * (fill_bases), the records' renders draw from them. */
    ep_subsetcache *bases;
    int fill_bases;
} ep_render_flags;

/* The font programs a batch's letters share: tmpl set once, with the first of the field sets
 * that lets it be set, each face subset to the glyphs it used. A letter of the batch draws
 * those glyphs from them and a record's others (a name in Chinese) from a small font of its
 * own, instead of subsetting a whole CJK face again for every letter whose glyphs differ.
 * NULL if the template cannot be set with any of them. */
ep_subsetcache *ep_batch_fonts(epistle_engine *e, const ep_letter *tmpl, const ep_fields *const *fields, size_t n,
                               int pdfa, int pdfua);
void ep_batch_fonts_free(ep_subsetcache *bases);

epistle_status ep_render_letter(epistle_engine *e, ep_textctx *tx, const ep_letter *l, ep_diag *d,
                                ep_render_flags flags, ep_pathset *checked, ep_dlist *dl, ep_pdfinfo *info,
                                ep_buf *pdf);

/* A letter for ep_combine_letters: its display list and options from ep_render_letter (info
 * NULL for a page the merge adds, such as the notice of missing letters), the language its
 * pages are in, and its entry in the document's outline. */
typedef struct ep_combined {
    const ep_dlist *dl;
    const ep_pdfinfo *info;
    const char *lang;
    const char *outline;
} ep_combined;

/* The n letters as one PDF in pdf, appended: each on a new sheet, its outline entry at its
 * first page; the document's options from the first letter with a title. path: the file it
 * will be, for messages. EPISTLE_EINPUT (reported) when none has a page or the PDF fails. */
epistle_status ep_combine_letters(epistle_engine *e, const ep_combined *letters, size_t n, int pdfa, int pdfua,
                                  const char *path, ep_diag *d, ep_buf *pdf);

/* Signs pdf in memory (render --sign-field); e sets a visible signature's text (NULL: the
 * options' engine, or one made for the call). */
epistle_status ep_sign_buffer(epistle_engine *e, ep_diag *d, const char *name, const unsigned char *pdf, size_t len,
                              const epistle_sign_options *sign, ep_buf *out);

/* The signing stage's ep_sigtext_fn, with the engine as ctx. */
struct ep_sigtext_req;
int ep_signature_text(void *engine, ep_diag *d, const struct ep_sigtext_req *r, ep_buf *pdf, double *w, double *h,
                      int *rtl);

/* Forwards diagnostics to an epistle_diag_fn, turning warnings into errors if strict. */
typedef struct ep_forward {
    epistle_diag_fn fn;
    void *user;
    int strict;
} ep_forward;
void ep_forward_diag(const epistle_diagnostic *dg, void *user);

#endif

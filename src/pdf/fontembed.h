/* Embedding faces as PDF fonts: one Type0 font (Identity-H) per face, whose program is an
 * hb-subset subset of the glyphs the document uses, with /W widths from HarfBuzz and a
 * ToUnicode CMap from the text each glyph stood for. */
#ifndef EP_PDF_FONTEMBED_H
#define EP_PDF_FONTEMBED_H

#include <hpdf.h>
#include <stdint.h>

#include "diag.h"
#include "pdf/subsetcache.h"
#include "text/fonts.h"

typedef struct ep_glyphuse {
    uint32_t gid;
    char *text;           /* the text the glyph stands for; first use wins */
} ep_glyphuse;

typedef struct ep_pdffont {
    ep_face *face;
    HPDF_Dict t0;
    ep_glyphuse *uses;    /* the glyphs used, in order of first use */
    size_t nuses, capuses;
    uint32_t *slots;      /* gid -> index + 1 into uses (open addressing) */
    size_t nslots;
    /* In a batch, the program its letters share for this face (NULL: none) and its glyphs;
     * the glyphs outside it are drawn with extra, this letter's own font of the same face. */
    const ep_subset *shared;
    const uint32_t *shared_gids;
    size_t nshared;
    const uint8_t *shared_bits;
    struct ep_pdffont *extra;
    int is_extra;
} ep_pdffont;

typedef struct ep_pdffonts {
    HPDF_Doc pdf;
    ep_subsetcache *cache;   /* may be NULL */
    ep_subsetcache *bases;   /* a batch's shared programs, one per face; may be NULL */
    ep_pdffont **v;
    size_t n, cap;
} ep_pdffonts;

ep_pdffont *ep_pdffont_get(ep_pdffonts *fs, ep_face *face);
/* Whether f draws gid itself: it has no shared program, or gid is in it. */
int ep_pdffont_draws(const ep_pdffont *f, uint32_t gid);
/* The letter's own font for the glyphs of f's face outside its shared program. */
ep_pdffont *ep_pdffont_extra(ep_pdffonts *fs, ep_pdffont *f);
/* Width in 1/1000 em, exactly as written to /W. */
float ep_pdffont_width(const ep_pdffont *f, uint32_t gid);
/* Records that gid draws text; returns 0 if the ToUnicode entry can say so, 1 if the text
 * needs an /ActualText span because the glyph already stands for something else. */
int ep_pdffont_use(ep_pdffont *f, uint32_t gid, const char *text, size_t len);
void ep_pdffont_mark(ep_pdffont *f, uint32_t gid);

/* Subsets and writes every font; before saving. */
int ep_pdffonts_finish(ep_pdffonts *fs, ep_diag *d);
void ep_pdffonts_free(ep_pdffonts *fs);

#endif

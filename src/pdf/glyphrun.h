/* Glyph runs as PDF text: TJ arrays of 2-byte glyph codes with the positioning numbers
 * that place each glyph where the layout put it, and /ActualText spans where a glyph
 * code alone cannot say which text it shows. */
#ifndef EP_PDF_GLYPHRUN_H
#define EP_PDF_GLYPHRUN_H

#include "layout/displaylist.h"
#include "pdf/fontembed.h"
#include "pdf/structure.h"
#include "util/buf.h"

/* The fonts a run draws with: its face's font and, where that is a batch's shared program,
 * the letter's own font of the same face for the glyphs outside it (NULL if the run needs
 * none), with their resource names on the page. */
typedef struct ep_runfonts {
    ep_pdffont *main, *extra;
    const char *main_name, *extra_name;
} ep_runfonts;

/* Appends the operators for it to out; the text state (main font, size, matrix) is set and
 * the marked-content sequence of its element is open (tags: NULL when untagged). The main
 * font is the one set afterwards too. */
void ep_pdf_glyph_run(ep_buf *out, const ep_runfonts *rf, const ep_dl_item *it, ep_pdftags *tags);

#endif

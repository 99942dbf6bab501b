/* Glyph runs as PDF text: TJ arrays of 2-byte glyph codes with the positioning numbers
 * that place each glyph where the layout put it, and /ActualText spans where a glyph
 * code alone cannot say which text it shows. */
#ifndef EP_PDF_GLYPHRUN_H
#define EP_PDF_GLYPHRUN_H

#include "layout/displaylist.h"
#include "pdf/fontembed.h"
#include "pdf/structure.h"
#include "util/buf.h"

/* Appends the operators for it to out; the text state (font, size, matrix) is set and the
 * marked-content sequence of its element is open (tags: NULL when untagged). */
void ep_pdf_glyph_run(ep_buf *out, ep_pdffont *f, const ep_dl_item *it, ep_pdftags *tags);

#endif

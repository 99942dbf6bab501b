/* PDF 1.5 compression of a file libharu wrote: its objects that are not streams (the
 * structure tree, annotations, font and page dictionaries: a sixth of a tagged letter) go
 * into object streams, and the cross-reference table becomes a cross-reference stream. */
#ifndef EP_PDF_OBJSTM_H
#define EP_PDF_OBJSTM_H

#include "util/buf.h"

/* Rewrites pdf (as libharu writes files: one cross-reference section, objects of generation
 * 0 in order) in place. 0, or -1 when it is not such a file or memory runs out, pdf then
 * unchanged. */
int ep_pdf_pack(ep_buf *pdf);

#endif

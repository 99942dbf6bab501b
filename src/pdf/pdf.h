/* The PDF backend: a display list in, PDF bytes out (through libharu). */
#ifndef EP_PDF_H
#define EP_PDF_H

#include "layout/displaylist.h"
#include "pdf/subsetcache.h"
#include "util/buf.h"
#include "util/diag.h"

/* cache: font subsets shared between the letters of a batch, or NULL. */
int ep_pdf_write(const ep_dlist *dl, ep_subsetcache *cache, ep_diag *d, ep_buf *out);

#endif

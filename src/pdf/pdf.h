/* The PDF backend: a display list in, PDF bytes out (through libharu). */
#ifndef EP_PDF_H
#define EP_PDF_H

#include "diag.h"
#include "layout/displaylist.h"
#include "pdf/imagecache.h"
#include "pdf/subsetcache.h"
#include "util/buf.h"

/* What the PDFs of many letters share: font subsets and decoded images. */
typedef struct ep_pdfshared {
    ep_subsetcache *subsets;
    ep_imagecache *images;
    /* A batch's shared font programs, one per face (NULL: none): a letter draws the glyphs
     * they hold from them, and only its others from fonts of its own. */
    ep_subsetcache *bases;
} ep_pdfshared;

/* The document's options, which travel beside the display list: what it says of itself
 * and the standards it claims. */
typedef struct ep_pdfinfo {
    const char *title, *author, *subject, *lang;
    const char *recipient;     /* for a title when there is no subject (PDF/UA needs one) */
    int pdfa;                  /* write PDF/A-2b */
    int pdfua;                 /* declare PDF/UA-1 */
    int rtl;                   /* read from right to left (its first part is) */
} ep_pdfinfo;

/* shared may be NULL (nothing kept between letters). */
int ep_pdf_write(const ep_dlist *dl, const ep_pdfinfo *info, const ep_pdfshared *shared, ep_diag *d, ep_buf *out);

#endif

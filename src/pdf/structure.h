/* Tagged PDF: the display list's structure elements become the structure tree, its items
 * marked-content sequences (with an MCID each, or /Artifact for decoration), and links and
 * signature fields are tied to their elements through /StructParent. */
#ifndef EP_PDF_STRUCTURE_H
#define EP_PDF_STRUCTURE_H

#include <hpdf.h>

#include "layout/displaylist.h"
#include "util/buf.h"

typedef struct ep_pdftags ep_pdftags;

/* NULL when the display list has no structure (nothing is tagged then). */
ep_pdftags *ep_pdftags_new(HPDF_Doc pdf, const ep_dlist *dl);
void ep_pdftags_free(ep_pdftags *t);

/* A page begins: its /StructParents key and tab order are set. */
void ep_pdftags_page(ep_pdftags *t, HPDF_Page page, size_t index);
/* Opens the marked-content sequence of content of element node (0: an artifact) on the
 * current page, appending the operator to out; ep_pdftags_end closes it. */
void ep_pdftags_begin(ep_pdftags *t, int node, int seq, ep_buf *out);
void ep_pdftags_end(ep_buf *out);
/* Inside the sequence of node's content: a span with the properties props ("/ActualText
 * <...>"), which ep_pdftags_span_end closes. */
void ep_pdftags_span(ep_pdftags *t, int node, int seq, const char *props, ep_buf *out);
void ep_pdftags_span_end(ep_pdftags *t, int node, int seq, ep_buf *out);
/* An annotation (a link, a signature widget) belongs to element node. */
void ep_pdftags_annot(ep_pdftags *t, HPDF_Dict annot, int node, int seq);

/* Writes the structure tree, the parent tree and the catalog's entries. */
HPDF_STATUS ep_pdftags_finish(ep_pdftags *t);

#endif

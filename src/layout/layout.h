/* Layout: turns the resolved parts of a letter into a display list, one part after
 * another, each part starting on a new page. */
#ifndef EP_LAYOUT_H
#define EP_LAYOUT_H

#include "layout/displaylist.h"
#include "resolve/setting.h"
#include "text/para.h"

/* report_fit: say (as a note) what fitting a part to fewer pages did. */
int ep_layout_letter(const ep_resolved *r, ep_textctx *tx, ep_dlist *dl, int report_fit);

/* A visible digital signature's text: the name in style name, then the label ("Digitally
 * signed") and the time in style details, each on lines of its own no wider than max_w, all
 * flush to the side the language starts from. dl gets one page exactly as large as the
 * text; *rtl says which side that is. */
void ep_layout_signature_text(ep_textctx *tx, const ep_tstyle *name, const ep_tstyle *details, const char *name_text,
                              const char *label, const char *when, float max_w, ep_dlist *dl, int *rtl);

#endif

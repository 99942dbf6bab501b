/* Layout: turns the resolved parts of a letter into a display list, one part after
 * another, each part starting on a new page. */
#ifndef EP_LAYOUT_H
#define EP_LAYOUT_H

#include "layout/displaylist.h"
#include "resolve/setting.h"
#include "text/para.h"

/* report_fit: say (as a note) what fitting a part to fewer pages did. */
int ep_layout_letter(const ep_resolved *r, ep_textctx *tx, ep_dlist *dl, int report_fit);

#endif

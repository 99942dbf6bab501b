/* The starter letter `epistle new` writes. */
#ifndef EP_LETTER_STARTER_H
#define EP_LETTER_STARTER_H

#include "util/buf.h"

/* Appends a commented letter in lang (a valid tag) for layout (a known one) to b. */
void ep_starter_letter(ep_buf *b, const char *lang, const char *layout, const char *date);
int ep_starter_layout_known(const char *layout);
/* The known layouts, for messages. */
const char *ep_starter_layouts(void);

#endif

/* Smart punctuation by language: quotation marks, apostrophes, dashes, ellipses. */
#ifndef EP_RESOLVE_PUNCT_H
#define EP_RESOLVE_PUNCT_H

#include "letter/model.h"
#include "resolve/locale.h"

/* text with its straight quotes, apostrophes, -- and ... made typographic for loc (text
 * itself when nothing changes). */
const char *ep_smart_text(ep_arena *a, const ep_locale *loc, const char *text);

/* The part's body and the strings of its front matter that are text (not addresses of the
 * web or e-mail, not paths), rewritten in a's copies; p is the caller's copy of the part. */
void ep_smart_part(ep_arena *a, const ep_locale *loc, ep_part *p);

#endif

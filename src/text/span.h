/* Spans: the text engine's input, runs of uniformly styled text. The letter model's body is
 * made of them, so a paragraph goes from the parser to the line breaker as it is. */
#ifndef EP_TEXT_SPAN_H
#define EP_TEXT_SPAN_H

#include <stddef.h>

#include "diag.h"

enum {
    EP_STYLE_ITALIC = 1,
    EP_STYLE_BOLD = 2,
    EP_STYLE_CODE = 4,
    EP_STYLE_LTR = 8,       /* always left to right, an isolate in right-to-left text (a phone number) */
};

/* An inline run of uniformly styled text, or a forced line break. */
typedef struct ep_span {
    const char *text;
    size_t len;
    unsigned style;     /* EP_STYLE_* */
    const char *href;   /* link target, NULL if none */
    int hard_break;     /* this span is a line break, text is empty */
    ep_pos pos;
} ep_span;

#endif

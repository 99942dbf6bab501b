/* Internal interface between the break finder (breaks.c) and the break chooser
 * (knuthplass.c). */
#ifndef EP_TEXT_LINEBREAK_H
#define EP_TEXT_LINEBREAK_H

#include "text/para.h"

enum { BRK_NONE = 0, BRK_SOFT = 1, BRK_HARD = 2, BRK_SYLLABLE = 3 };

/* Per byte of p->text: whether a line may (BRK_SOFT) or must (BRK_HARD) start there, or
 * (BRK_SYLLABLE) may only when a line would otherwise be too loose: between two Hangul
 * syllables of a word, in Korean set keep-all. */
uint8_t *ep_break_opportunities(ep_textctx *t, const ep_para *p, const ep_locale *loc);

#endif

/* The Unicode Bidirectional Algorithm (UAX #9, ICU's ubidi): embedding levels for a
 * paragraph's text, and the visual order of a line's clusters. Paragraphs are shaped and
 * broken in logical order; only the glyphs of each finished line are reordered. */
#ifndef EP_TEXT_BIDI_H
#define EP_TEXT_BIDI_H

#include "text/para.h"

/* The level of every byte of text (even: left to right, odd: right to left) for a paragraph
 * of direction dir; NULL when all of it is left to right at level 0, which is most text
 * and costs nothing more. Where ltr[b] is set (NULL: nowhere), the text is a left-to-right
 * isolate (UAX #9's LRI ... PDI around it, without adding them to the text): a telephone
 * number keeps its digit groups in order in right-to-left text. */
uint8_t *ep_bidi_levels(ep_arena *a, const char *text, size_t len, ep_dir dir, const uint8_t *ltr);

/* Puts the glyphs of a line broken in logical order into visual order (rules L1 and L2):
 * ln->vis lists the glyphs left to right, ln->x becomes each glyph's visual position.
 * Clusters keep the widths justification gave them. Does nothing to a line of level 0. */
void ep_bidi_line(ep_arena *a, const ep_para *p, ep_line *ln);

#endif

/* Memo of typeset paragraphs, per thread: a batch sets the same template paragraphs in
 * every letter, and shaping and line breaking them again is most of a letter's layout.
 * A paragraph is remembered the second time it is seen (a value that changes per record,
 * such as an address line, is never stored), with the diagnostics it gave, which are
 * repeated on every reuse so that each letter reports the same warnings. */
#ifndef EP_TEXT_MEMO_H
#define EP_TEXT_MEMO_H

#include "text/para.h"

typedef struct ep_memo ep_memo;

ep_memo *ep_memo_new(size_t max_bytes);
void ep_memo_free(ep_memo *m);

/* Between letters: forgets everything if the memo has grown past its bound. */
void ep_memo_checkpoint(ep_memo *m);

/* The paragraph and its lines, from the memo or typeset now. */
ep_para *ep_memo_typeset(ep_textctx *t, const ep_span *spans, size_t n, const ep_tstyle *st, float measure,
                         float first_indent, int justify, ep_line **lines, size_t *nlines);

#endif

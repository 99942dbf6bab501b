/* Line break opportunities: ICU's line break iterator (UAX #14) for the paragraph's
 * locale, in its strict form for Chinese and Japanese (no small kana or prolonged sound
 * mark at a line start), with Korean keep-all on top. knuthplass.c chooses among them. */
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include "text/linebreak.h"

static UBreakIterator *breaker_for(ep_textctx *t, const char *loc)
{
    if (t->brk && !strcmp(loc, t->brk_locale)) return t->brk;
    if (t->brk) ubrk_close(t->brk);
    UErrorCode err = U_ZERO_ERROR;
    t->brk = ubrk_open(UBRK_LINE, loc, NULL, 0, &err);
    if (U_FAILURE(err)) {
        t->brk = NULL;
        return NULL;
    }
    snprintf(t->brk_locale, sizeof t->brk_locale, "%s", loc);
    return t->brk;
}

static int hangul(UChar32 c)
{
    UErrorCode err = U_ZERO_ERROR;
    return uscript_getScript(c, &err) == USCRIPT_HANGUL;
}

/* Korean is broken between words, not between syllables (CSS word-break: keep-all): a
 * break between two letters or digits is taken away; breaks at spaces and punctuation stay.
 * Between two Hangul syllables it becomes a last resort, for a line that would otherwise be
 * too loose (as Korean typesetting allows); never inside a Latin word or a number. ICU 72
 * has no keep-all tailoring, so it is applied here. */
static void keep_all(const ep_para *p, uint8_t *brk)
{
    int32_t i = 0, n = (int32_t)p->len;
    UChar32 prev = 0;
    while (i < n) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT(p->text, i, n, c);
        if (at > 0 && brk[at] == BRK_SOFT && u_isalnum(prev) && u_isalnum(c))
            brk[at] = hangul(prev) && hangul(c) ? BRK_SYLLABLE : BRK_NONE;
        prev = c;
    }
}

/* Marks, per byte of the paragraph, whether a line may (or must) start there. */
uint8_t *ep_break_opportunities(ep_textctx *t, const ep_para *p, const ep_locale *loc)
{
    uint8_t *brk = ep_arena_alloc(&t->scratch, p->len + 1);
    UBreakIterator *bi = breaker_for(t, loc->brk);
    UErrorCode err = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, p->text, (int64_t)p->len, &err);
    if (!bi || U_FAILURE(err)) {
        /* Without ICU data we can still break after spaces. */
        for (size_t i = 1; i < p->len; i++)
            if (p->text[i - 1] == ' ') brk[i] = BRK_SOFT;
        utext_close(ut);
        return brk;
    }
    ubrk_setUText(bi, ut, &err);
    for (int32_t b = ubrk_next(bi); b != UBRK_DONE; b = ubrk_next(bi)) {
        int hard = ubrk_getRuleStatus(bi) >= UBRK_LINE_HARD;
        if (b > 0 && (size_t)b <= p->len) brk[b] = hard ? BRK_HARD : BRK_SOFT;
    }
    utext_close(ut);
    /* The iterator keeps a pointer to the text; detach it before the text goes. */
    ubrk_setText(bi, NULL, 0, &err);
    if (loc->keep_all) keep_all(p, brk);
    return brk;
}


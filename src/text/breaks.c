/* Line breaking. Opportunities come from ICU's line break iterator (UAX #14 with the
 * locale's tailoring); this file chooses among them and justifies the result.
 * The chooser is first-fit for now; it sits behind ep_para_break so that a total-fit
 * (Knuth–Plass) chooser can replace it without touching the callers. */
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include "letter/locale.h"
#include "text/para.h"

enum { BRK_NONE = 0, BRK_SOFT = 1, BRK_HARD = 2 };

static UBreakIterator *breaker_for(ep_textctx *t, const char *lang)
{
    char loc[64];
    ep_lang_icu(lang ? lang : "en", loc, sizeof loc);
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

/* Korean is broken between words, not between syllables (CSS word-break: keep-all): a
 * break between two letters or digits is taken away; breaks at spaces and punctuation stay.
 * ICU 72 has no keep-all tailoring, so it is applied here. */
static void keep_all(const ep_para *p, uint8_t *brk)
{
    int32_t i = 0, n = (int32_t)p->len;
    UChar32 prev = 0;
    while (i < n) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT(p->text, i, n, c);
        if (at > 0 && brk[at] == BRK_SOFT && u_isalnum(prev) && u_isalnum(c)) brk[at] = BRK_NONE;
        prev = c;
    }
}

/* Marks, per byte of the paragraph, whether a line may (or must) start there. */
static uint8_t *break_opportunities(ep_textctx *t, const ep_para *p, const char *lang)
{
    uint8_t *brk = ep_arena_alloc(t->arena, p->len + 1);
    UBreakIterator *bi = breaker_for(t, lang);
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
    if (ep_lang_cjk(lang) == EP_CJK_KR) keep_all(p, brk);
    return brk;
}

static int is_space_glyph(const ep_para *p, const ep_glyph *g)
{
    return p->text[g->cluster] == ' ' || p->text[g->cluster] == '\t';
}

static int cluster_start(const ep_para *p, size_t i)
{
    return i == 0 || p->glyphs[i - 1].cluster != p->glyphs[i].cluster;
}

/* End of [s, e) without the spaces a line never shows at its end. */
static size_t trim_end(const ep_para *p, size_t s, size_t e)
{
    while (e > s && is_space_glyph(p, &p->glyphs[e - 1])) e--;
    return e;
}

static void justify(const ep_para *p, ep_line *ln, float measure, int stretch, int inter_char)
{
    size_t n = ln->g1 - ln->g0;
    float natural = 0;
    for (size_t i = ln->g0; i < ln->g1; i++) natural += p->glyphs[i].adv;
    /* Where the extra space may go: word spaces, and gaps between clusters of East Asian
     * wide text, which has no spaces. Never inside a Latin word. */
    uint8_t *gap = NULL;
    size_t nopp = 0;
    float extra = measure - natural;
    if (stretch && extra > 0.01f && n > 1) {
        gap = calloc(n, 1);
        for (size_t i = ln->g0; i + 1 < ln->g1; i++) {
            const ep_glyph *g = &p->glyphs[i], *h = &p->glyphs[i + 1];
            if (!cluster_start(p, i + 1)) continue;
            int wide = inter_char && (p->runs[g->run].cjk || p->runs[h->run].cjk);
            if (is_space_glyph(p, g) || (wide && !is_space_glyph(p, h))) {
                gap[i - ln->g0] = 1;
                nopp++;
            }
        }
    }
    float share = nopp ? extra / (float)nopp : 0;
    float x = 0;
    for (size_t i = 0; i < n; i++) {
        ln->x[i] = x;
        x += p->glyphs[ln->g0 + i].adv;
        if (gap && gap[i]) x += share;
    }
    ln->width = nopp ? measure : natural;
    free(gap);
}

ep_line *ep_para_break(ep_textctx *t, ep_para *p, const ep_tstyle *st, float full_measure,
                       float first_indent, int stretch, size_t *nlines)
{
    uint8_t *brk = break_opportunities(t, p, st->lang);
    size_t n = p->nglyphs;
    float *cum = ep_arena_alloc(t->arena, sizeof *cum * (n + 1));
    uint8_t *before = ep_arena_alloc(t->arena, n + 1);   /* break kind before glyph i */
    for (size_t i = 0; i < n; i++) {
        cum[i + 1] = cum[i] + p->glyphs[i].adv;
        if (i > 0 && cluster_start(p, i)) before[i] = brk[p->glyphs[i].cluster];
    }
    /* A forced break between runs leaves no glyph of its own: find it in the text. */
    for (size_t i = 1; i < n; i++) {
        for (uint32_t b = p->glyphs[i - 1].cluster_end; b < p->glyphs[i].cluster; b++)
            if (p->text[b] == '\n') before[i] = BRK_HARD;
    }

    ep_line *lines = NULL;
    size_t cnt = 0, cap = 0;
    size_t s = 0;
    while (s < n) {
        float measure = full_measure - (cnt == 0 ? first_indent : 0);
        size_t best = 0, e;
        int forced = 0;
        for (e = s + 1; e <= n; e++) {
            if (e < n && !before[e]) continue;
            size_t te = trim_end(p, s, e);
            float w = cum[te] - cum[s];
            if (w > measure + 0.001f && best) break;
            if (w > measure + 0.001f) {
                /* Not even one word fits: break inside it, at the last cluster that fits. */
                size_t k = s + 1;
                while (k < e && cum[k + 1] - cum[s] <= measure) k++;
                while (k > s + 1 && !cluster_start(p, k)) k--;
                best = k;
                break;
            }
            best = e;
            if (e == n || before[e] == BRK_HARD) { forced = 1; break; }
        }
        lines = ep_arena_grow(t->arena, lines, sizeof *lines, &cap, cnt + 1);
        ep_line *ln = &lines[cnt++];
        ln->g0 = s;
        ln->g1 = trim_end(p, s, best);
        if (ln->g1 == ln->g0) ln->g1 = best;
        ln->last = forced;
        ln->x = ep_arena_alloc(t->arena, sizeof *ln->x * (ln->g1 - ln->g0 + 1));
        justify(p, ln, measure, stretch && !forced, st->cjk != EP_CJK_KR);
        for (size_t i = ln->g0; i < ln->g1; i++) {
            const ep_run *r = &p->runs[p->glyphs[i].run];
            float asc = (float)r->face->ascender * r->size / (float)r->face->upem;
            float desc = (float)-r->face->descender * r->size / (float)r->face->upem;
            if (asc > ln->ascent) ln->ascent = asc;
            if (desc > ln->descent) ln->descent = desc;
        }
        s = best;
        while (s < n && is_space_glyph(p, &p->glyphs[s]) && !before[s]) s++;
    }
    *nlines = cnt;
    return lines;
}

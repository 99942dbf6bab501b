#include "text/bidi.h"

#include <string.h>
#include <unicode/ubidi.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

/* Whether the text needs the algorithm at all in a left-to-right paragraph: a character of
 * a right-to-left script, or a control that opens a right-to-left embedding, isolate or
 * override. Everything below U+0590 is neither. */
static int has_rtl(const char *text, size_t len)
{
    int32_t i = 0, n = (int32_t)len;
    while (i < n) {
        if ((unsigned char)text[i] < 0xD6) {
            i++;
            continue;
        }
        UChar32 c;
        U8_NEXT(text, i, n, c);
        if (c < 0) continue;
        switch (u_charDirection(c)) {
        case U_RIGHT_TO_LEFT: case U_RIGHT_TO_LEFT_ARABIC: case U_RIGHT_TO_LEFT_EMBEDDING:
        case U_RIGHT_TO_LEFT_OVERRIDE: case U_RIGHT_TO_LEFT_ISOLATE:
            return 1;
        default:
            break;
        }
    }
    return 0;
}

uint8_t *ep_bidi_levels(ep_arena *a, const char *text, size_t len, ep_dir dir, const uint8_t *ltr)
{
    if (!len || len > INT32_MAX / 4 || (dir == EP_DIR_LTR && !has_rtl(text, len))) return NULL;
    UErrorCode err = U_ZERO_ERROR;
    /* Never more UTF-16 units than bytes, and an isolate's two controls at most per
     * character. */
    UChar *u = ep_arena_alloc(a, sizeof *u * (3 * len + 2));
    int32_t *byte_of = ep_arena_alloc(a, sizeof *byte_of * (3 * len + 2));   /* UTF-16 index -> byte, -1 */
    int32_t i = 0, n = (int32_t)len, ulen = 0;
    int open = 0;
    while (i < n) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT(text, i, n, c);
        if (c < 0) c = 0xFFFD;
        int want = ltr && ltr[at];
        if (want != open) {
            byte_of[ulen] = -1;
            u[ulen++] = want ? 0x2066 : 0x2069;   /* LRI, PDI */
            open = want;
        }
        int32_t u0 = ulen;
        U16_APPEND_UNSAFE(u, ulen, c);
        for (int32_t k = u0; k < ulen; k++) byte_of[k] = at;
    }
    if (open) {
        byte_of[ulen] = -1;
        u[ulen++] = 0x2069;
    }
    UBiDi *bd = ubidi_openSized(ulen, 0, &err);
    if (U_FAILURE(err)) return NULL;
    ubidi_setPara(bd, u, ulen, dir == EP_DIR_RTL ? UBIDI_RTL : UBIDI_LTR, NULL, &err);
    const UBiDiLevel *lv = U_SUCCESS(err) ? ubidi_getLevels(bd, &err) : NULL;
    uint8_t *levels = NULL;
    if (lv && U_SUCCESS(err)) {
        levels = ep_arena_alloc(a, len + 1);
        for (int32_t k = 0; k < ulen; k++) {
            if (byte_of[k] < 0) continue;
            int32_t next = k + 1;
            while (next < ulen && byte_of[next] < 0) next++;
            int32_t end = next < ulen ? byte_of[next] : n;
            for (int32_t b = byte_of[k]; b < end; b++) levels[b] = lv[k];
        }
    }
    ubidi_close(bd);
    return levels;
}

void ep_bidi_line(ep_arena *a, const ep_para *p, ep_line *ln)
{
    size_t n = ln->g1 - ln->g0;
    if (!p->levels || !n) return;
    /* The line's clusters, in logical order. */
    size_t *first = ep_arena_alloc(a, sizeof *first * (n + 1));
    UBiDiLevel *lv = ep_arena_alloc(a, sizeof *lv * (n + 1));
    int32_t nc = 0;
    for (size_t g = ln->g0; g < ln->g1; g++)
        if (g == ln->g0 || p->glyphs[g].cluster != p->glyphs[g - 1].cluster) {
            first[nc] = g;
            lv[nc++] = p->levels[p->glyphs[g].cluster];
        }
    first[nc] = ln->g1;
    /* L1: white space at the end of a line takes the paragraph's level. */
    UBiDiLevel base = p->dir == EP_DIR_RTL ? 1 : 0;
    for (int32_t c = nc; c-- > 0;) {
        UChar32 ch;
        int32_t at = (int32_t)p->glyphs[first[c]].cluster;
        U8_NEXT(p->text, at, (int32_t)p->len, ch);
        if (!u_isUWhiteSpace(ch)) break;
        lv[c] = base;
    }
    int any = 0;
    for (int32_t c = 0; c < nc && !any; c++) any = lv[c] != 0;
    if (!any) return;
    int32_t *map = ep_arena_alloc(a, sizeof *map * (size_t)nc);
    ubidi_reorderVisual(lv, nc, map);
    /* Each cluster keeps the room the justified logical line gave it: up to the next
     * cluster, or to where the ink ends for the last. */
    float end = ln->hyphen ? ln->hyphen_x : ln->width;
    float *x = ep_arena_alloc(a, sizeof *x * (n + 1));
    uint32_t *vis = ep_arena_alloc(a, sizeof *vis * (n + 1));
    float pen = 0;
    size_t k = 0;
    for (int32_t v = 0; v < nc; v++) {
        int32_t c = map[v];
        float start = ln->x[first[c] - ln->g0];
        float w = (c + 1 < nc ? ln->x[first[c + 1] - ln->g0] : end) - start;
        /* What the line gave the cluster beyond its glyphs (a stretched join, the room of
         * a space) follows it in reading order: to its left in right-to-left text. */
        float natural = 0;
        for (size_t g = first[c]; g < first[c + 1]; g++) natural += p->glyphs[g].adv;
        float lead = lv[c] & 1 && w > natural ? w - natural : 0;
        for (size_t g = first[c]; g < first[c + 1]; g++) {
            x[g - ln->g0] = pen + lead + ln->x[g - ln->g0] - start;
            vis[k++] = (uint32_t)g;
        }
        /* A lengthened join after this cluster: its gap, where it now stands. */
        for (size_t j = 0; j < ln->nkash; j++)
            if (ln->kash[j].before == first[c + 1] && c + 1 < nc) ln->kash[j].x = lv[c] & 1 ? pen : pen + natural;
        /* A hyphen follows the last cluster of the line, wherever that now stands. */
        if (c == nc - 1 && ln->hyphen) ln->hyphen_x = pen + w;
        pen += w;
    }
    ln->x = x;
    ln->vis = vis;
}

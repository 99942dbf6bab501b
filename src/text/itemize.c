/* Building a paragraph: normalise, find script runs, choose a face per run (with
 * per-character fallback), and shape each run with HarfBuzz. */
#include <math.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "text/bidi.h"
#include "text/para.h"

void ep_textctx_init(ep_textctx *t, ep_fontcache *fonts, ep_hyphcache *hyph, ep_arena *a, ep_diag *d)
{
    memset(t, 0, sizeof *t);
    t->fonts = fonts;
    t->hyph = hyph;
    t->arena = a;
    t->diag = d;
    t->buf = hb_buffer_create();
}

void ep_textctx_done(ep_textctx *t)
{
    hb_buffer_destroy(t->buf);
    ep_arena_free(&t->scratch);
    ep_arena_free(&t->nodes);
    if (t->brk) ubrk_close(t->brk);
    t->buf = NULL;
    t->brk = NULL;
}

typedef struct seg {
    uint32_t start, end;
    unsigned style;
    const char *href;
    ep_pos pos;
} seg;

/* Appends s to the paragraph text in NFC. ASCII is already normalised. */
static void append_nfc(ep_arena *a, char **text, size_t *len, size_t *cap, const char *s, size_t n)
{
    int ascii = 1;
    for (size_t i = 0; i < n && ascii; i++) ascii = (unsigned char)s[i] < 0x80;
    const char *src = s;
    size_t srclen = n;
    char *norm = NULL;
    if (!ascii && n < INT32_MAX / 4) {
        UErrorCode err = U_ZERO_ERROR;
        const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
        int32_t ulen = 0;
        u_strFromUTF8(NULL, 0, &ulen, s, (int32_t)n, &err);
        err = U_ZERO_ERROR;
        UChar *u = ep_arena_alloc(a, sizeof(UChar) * ((size_t)ulen + 1));
        u_strFromUTF8(u, ulen + 1, NULL, s, (int32_t)n, &err);
        if (U_SUCCESS(err) && !unorm2_isNormalized(nfc, u, ulen, &err) && U_SUCCESS(err)) {
            int32_t cap16 = ulen * 3 + 16;
            UChar *out = ep_arena_alloc(a, sizeof(UChar) * (size_t)cap16);
            int32_t olen = unorm2_normalize(nfc, u, ulen, out, cap16, &err);
            if (U_SUCCESS(err)) {
                norm = ep_arena_alloc(a, (size_t)olen * 4 + 1);
                int32_t l8 = 0;
                u_strToUTF8(norm, olen * 4 + 1, &l8, out, olen, &err);
                if (U_SUCCESS(err)) { src = norm; srclen = (size_t)l8; }
            }
        }
    }
    *text = ep_arena_grow(a, *text, 1, cap, *len + srclen + 1);
    memcpy(*text + *len, src, srclen);
    *len += srclen;
    (*text)[*len] = 0;
}

/* East Asian wide text: ideographs, kana, Hangul, and the CJK punctuation and
 * full-width forms, which belong to the Common script but never to a Latin run. */
static int is_cjk_char(UChar32 c, UScriptCode sc)
{
    if (sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA ||
        sc == USCRIPT_BOPOMOFO || sc == USCRIPT_HANGUL || sc == USCRIPT_KATAKANA_OR_HIRAGANA)
        return 1;
    return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x31C0 && c <= 0x31EF) ||
           (c >= 0x3200 && c <= 0x33FF) || (c >= 0xFE30 && c <= 0xFE4F);
}

static int is_weak(UScriptCode sc) { return sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED; }

/* Per character: the script its run gets. Common characters (punctuation, digits, spaces)
 * take the script of the text around them (UAX #24), so that ’ in "People’s" comes from the
 * Latin face and ， in Chinese from the CJK face. Kana and Bopomofo join Han runs. In a
 * right-to-left paragraph, the ones the bidi algorithm sets left to right (a number, "40%")
 * are Latin text: one face for the whole number, which readers of the PDF then keep whole. */
static void resolve_scripts(const char *text, size_t len, const uint8_t *levels, ep_dir dir, UScriptCode *sc,
                            uint8_t *wide)
{
    int32_t i = 0, n = (int32_t)len;
    UScriptCode last = USCRIPT_INVALID_CODE;
    int last_wide = 0;
    while (i < n) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT(text, i, n, c);
        UErrorCode err = U_ZERO_ERROR;
        UScriptCode s = c < 0 ? USCRIPT_COMMON : uscript_getScript(c, &err);
        int w = c >= 0 && is_cjk_char(c, s);
        if (s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA || s == USCRIPT_BOPOMOFO ||
            s == USCRIPT_KATAKANA_OR_HIRAGANA || (w && is_weak(s)))
            s = USCRIPT_HAN;
        if (is_weak(s) && c != '\n' && levels && dir == EP_DIR_RTL && !(levels[at] & 1)) {
            s = USCRIPT_LATIN;
            w = 0;
        } else if (is_weak(s) && !w && c >= '0' && c <= '9' && last_wide) {
            /* Digits beside East Asian text are Latin text: one face for every number of a
             * part (a date, a postcode on its own line, a number in a sentence), and the
             * punctuation that follows a number goes with it. */
            s = last = USCRIPT_LATIN;
            last_wide = 0;
        } else if (is_weak(s) && c != '\n') {
            s = last;
            w = last_wide;
        } else if (c != '\n') {
            last = s;
            last_wide = w;
        }
        for (int32_t k = at; k < i; k++) { sc[k] = s; wide[k] = (uint8_t)w; }
    }
    /* Leading weak characters take the first strong script that follows; leading digits
     * before East Asian text are Latin, as the digits after it are. */
    UScriptCode next = USCRIPT_LATIN;
    int next_wide = 0;
    for (size_t k = len; k-- > 0;) {
        if (sc[k] != USCRIPT_INVALID_CODE) { next = sc[k]; next_wide = wide[k]; }
        else if (next_wide && text[k] >= '0' && text[k] <= '9') { sc[k] = USCRIPT_LATIN; wide[k] = 0; }
        else { sc[k] = next; wide[k] = (uint8_t)next_wide; }
    }
}

/* The closing mark of an opening bracket or quotation mark, else 0. */
static UChar32 closing_of(UChar32 c)
{
    if (u_getIntPropertyValue(c, UCHAR_BIDI_PAIRED_BRACKET_TYPE) == U_BPT_OPEN) return u_getBidiPairedBracket(c);
    switch (c) {
    case 0x201C: return 0x201D;   /* “ ” */
    case 0x2018: return 0x2019;   /* ‘ ’ */
    case 0x00AB: return 0x00BB;   /* « » */
    case 0x2039: return 0x203A;   /* ‹ › */
    default: return 0;
    }
}

/* A pair of brackets or quotation marks belongs to what it encloses, not to the text before
 * it (UAX #24 on paired punctuation, UAX #9 BD16): "(UNHCR)" in Japanese is Latin text with
 * its parentheses, so that the space between the scripts falls outside them. Marks of East
 * Asian width (（「) stay East Asian. A mark without its partner keeps what it has. */
static void bracket_scripts(const char *text, size_t len, UScriptCode *sc, uint8_t *wide)
{
    enum { DEPTH = 32 };
    struct open { int32_t at, end; UChar32 close; } stack[DEPTH];
    int depth = 0;
    int32_t i = 0, n = (int32_t)len;
    while (i < n) {
        int32_t at = i;
        UChar32 c;
        U8_NEXT(text, i, n, c);
        if (c < 0) continue;
        UErrorCode err = U_ZERO_ERROR;
        UScriptCode s = uscript_getScript(c, &err);
        if (!is_weak(s) || is_cjk_char(c, s)) continue;
        UChar32 close = closing_of(c);
        if (close && depth < DEPTH) {
            stack[depth++] = (struct open){at, i, close};
            continue;
        }
        int k = depth;
        while (k > 0 && stack[k - 1].close != c) k--;
        if (!k) continue;
        struct open o = stack[k - 1];
        depth = k - 1;
        /* The first character inside that has a script of its own. */
        int32_t j = o.end;
        while (j < at) {
            int32_t here = j;
            UChar32 d;
            U8_NEXT(text, j, at, d);
            UErrorCode e2 = U_ZERO_ERROR;
            if (d >= 0 && !is_weak(uscript_getScript(d, &e2))) {
                for (int32_t b = o.at; b < o.end; b++) sc[b] = sc[here], wide[b] = wide[here];
                for (int32_t b = at; b < i; b++) sc[b] = sc[here], wide[b] = wide[here];
                break;
            }
        }
    }
}

/* Scripts the body face is made for; any other has faces of its own. */
static int body_script(UScriptCode sc)
{
    return sc == USCRIPT_LATIN || sc == USCRIPT_GREEK || sc == USCRIPT_CYRILLIC || sc == USCRIPT_COMMON ||
           sc == USCRIPT_INHERITED || sc == USCRIPT_UNKNOWN || sc == USCRIPT_INVALID_CODE;
}

/* The style's family for East Asian text of a kind, or for a script; NULL: epistle's. */
static const char *style_family(const ep_tstyle *st, ep_cjk cjk, const char *script)
{
    for (size_t i = 0; i < st->nscripts; i++) {
        const ep_script_face *f = &st->scripts[i];
        if (cjk != EP_CJK_NONE ? f->cjk == cjk : f->cjk == EP_CJK_NONE && !strcmp(f->script, script)) return f->family;
    }
    return NULL;
}

static ep_face *primary_face(ep_textctx *t, const ep_tstyle *st, unsigned style, int wide, UScriptCode sc)
{
    int bold = st->bold || (style & EP_STYLE_BOLD);
    int italic = (style & EP_STYLE_ITALIC) != 0;
    if (!wide && !body_script(sc) && !(style & EP_STYLE_CODE)) {
        const char *family = style_family(st, EP_CJK_NONE, uscript_getShortName(sc));
        ep_face *own = family ? ep_fonts_face(t->fonts, family, st->kind, EP_CJK_NONE, bold, 0) : NULL;
        if (own) return own;
        /* The script's own face, in the part's style of it when the part is in that script. */
        hb_script_t hs = hb_script_from_string(uscript_getShortName(sc), -1);
        const char *lang = hs == st->loc->hb_script ? st->loc->lang : NULL;
        ep_face *f = ep_fonts_script(t->fonts, uscript_getShortName(sc), lang,
                                     st->kind == EP_FAMILY_SANS ? EP_FAMILY_SANS : EP_FAMILY_SERIF, bold);
        if (f) return f;
    }
    if (wide) {
        ep_cjk cjk = st->loc->cjk;
        if (cjk == EP_CJK_NONE && sc == USCRIPT_HANGUL) cjk = EP_CJK_KR;
        return ep_fonts_face(t->fonts, style_family(st, cjk == EP_CJK_NONE ? EP_CJK_TC : cjk, NULL),
                             st->kind == EP_FAMILY_SANS ? EP_FAMILY_SANS : EP_FAMILY_SERIF, cjk, bold, 0);
    }
    if (style & EP_STYLE_CODE) return ep_fonts_face(t->fonts, NULL, EP_FAMILY_MONO, EP_CJK_NONE, bold, 0);
    return ep_fonts_face(t->fonts, st->family, st->kind, EP_CJK_NONE, bold, italic);
}

/* The language HarfBuzz shapes a run in: the part's, unless the run is in another writing
 * system (Latin words in Chinese text, a Korean name in an English letter). */
static const ep_locale *run_locale(const ep_tstyle *st, int wide, UScriptCode sc)
{
    int cjk_part = st->loc->cjk != EP_CJK_NONE;
    /* A word in a script of its own (an Arabic name in an English letter): the language
     * that script is most likely written in, for shaping and for the reader's /Lang. */
    if (!wide && !body_script(sc) && hb_script_from_string(uscript_getShortName(sc), -1) != st->loc->hb_script) {
        const ep_locale *l = ep_locale_for_script(uscript_getShortName(sc));
        if (l) return l;
    }
    if (wide == cjk_part) return st->loc;
    if (!wide) return ep_locale_latin_words();
    return ep_locale_east_asian_words(sc == USCRIPT_HANGUL);
}

static int ignorable(UChar32 c)
{
    return u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) || c == '\n' ||
           u_charType(c) == U_CONTROL_CHAR;
}

/* Closing punctuation with its ink on the left and opening punctuation with its ink on the
 * right have a blank half that CJK typesetting takes away between punctuation marks and at
 * line ends (clreq, jlreq). The font says which glyphs are made so: their 'halt' (alternate
 * half width) form only narrows them, keeping the ink where it is. Centred punctuation (the
 * Taiwan and Hong Kong style of 。，) moves under 'halt' and keeps its full width here. */
static void punctuation_squeeze(ep_textctx *t, ep_para *p, ep_run *r, ep_glyph *gv)
{
    int any = 0;
    for (size_t i = r->g0; i < r->g1 && !any; i++) {
        UChar32 c;
        int32_t at = (int32_t)gv[i].cluster;
        U8_NEXT(p->text, at, (int32_t)p->len, c);
        any = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH) != U_EA_NEUTRAL && u_ispunct(c);
    }
    if (!any) return;
    hb_buffer_t *b = t->buf;
    hb_segment_properties_t props;
    hb_buffer_get_segment_properties(b, &props);
    hb_buffer_clear_contents(b);
    hb_buffer_add_utf8(b, p->text, (int)p->len, r->start, (int)(r->end - r->start));
    hb_buffer_set_segment_properties(b, &props);
    hb_buffer_set_cluster_level(b, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
    hb_buffer_set_flags(b, HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES);
    hb_feature_t halt = {HB_TAG('h', 'a', 'l', 't'), 1, 0, (unsigned)-1};
    hb_shape(r->face->hb_font, b, &halt, 1);
    unsigned n;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &n);
    if (n != r->g1 - r->g0) return;
    float k = r->size / (float)r->face->upem;
    for (unsigned i = 0; i < n; i++) {
        ep_glyph *g = &gv[r->g0 + i];
        if (info[i].codepoint != g->gid) return;
        float half_adv = (float)pos[i].x_advance * k, half_dx = (float)pos[i].x_offset * k;
        float sq = g->adv - half_adv;
        if (sq < 0.01f) continue;
        UChar32 c;
        int32_t at = (int32_t)g->cluster;
        U8_NEXT(p->text, at, (int32_t)p->len, c);
        int type = u_charType(c);
        int closing = type == U_END_PUNCTUATION || type == U_FINAL_PUNCTUATION || c == 0x3001 || c == 0x3002 ||
                      c == 0xFF0C || c == 0xFF0E;
        int opening = type == U_START_PUNCTUATION || type == U_INITIAL_PUNCTUATION;
        if (closing && fabsf(half_dx - g->dx) < 0.01f) g->squeeze = sq;
        else if (opening && fabsf(half_dx - g->dx + sq) < 0.01f) g->squeeze = -sq;   /* negative: opening */
    }
}

/* A right-to-left cluster of as many glyphs as letters (a letter with its marks, which
 * HarfBuzz keeps in one cluster) is a letter per glyph: its glyphs are shown left to right,
 * so read from the last they follow the letters in order. Each glyph then stands for its own
 * letter and a text extractor reads each mark after its base; a cluster that cannot be
 * split so (a ligature) keeps one text for all its glyphs. */
static void split_clusters(const ep_para *p, ep_glyph *gv, size_t g0, size_t g1)
{
    for (size_t i = g0; i < g1;) {
        size_t j = i + 1;
        while (j < g1 && gv[j].cluster == gv[i].cluster) j++;
        size_t chars = 0;
        for (int32_t b = (int32_t)gv[i].cluster; b < (int32_t)gv[i].cluster_end; chars++) U8_FWD_1(p->text, b, (int32_t)p->len);
        if (j - i > 1 && chars == j - i) {
            int32_t b = (int32_t)gv[i].cluster;
            for (size_t k = j; k-- > i;) {
                gv[k].text = (uint32_t)b;
                U8_FWD_1(p->text, b, (int32_t)p->len);
                gv[k].text_end = (uint32_t)b;
            }
        }
        i = j;
    }
}

static void shape_run(ep_textctx *t, ep_para *p, ep_run *r, UScriptCode sc, hb_language_t lang,
                      ep_glyph **gv, size_t *gcap)
{
    hb_buffer_t *b = t->buf;
    hb_buffer_clear_contents(b);
    hb_buffer_add_utf8(b, p->text, (int)p->len, r->start, (int)(r->end - r->start));
    hb_buffer_set_direction(b, r->rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(b, hb_script_from_string(uscript_getShortName(sc), -1));
    hb_buffer_set_language(b, lang);
    hb_buffer_set_cluster_level(b, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
    /* Invisible formatting characters (joiners, variation selectors) get no glyph of their
     * own: their text joins the glyph before them, where it is read. Drawn as the space
     * glyph, a zero-width non-joiner would read as a space. */
    hb_buffer_set_flags(b, HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES);
    hb_feature_t nolig[] = {{HB_TAG('l', 'i', 'g', 'a'), 0, 0, (unsigned)-1},
                            {HB_TAG('c', 'a', 'l', 't'), 0, 0, (unsigned)-1}};
    int code = (r->style & EP_STYLE_CODE) != 0;
    hb_shape(r->face->hb_font, b, code ? nolig : NULL, code ? 2 : 0);
    unsigned n;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &n);
    float k = r->size / (float)r->face->upem;
    r->g0 = p->nglyphs;
    *gv = ep_arena_grow(t->arena, *gv, sizeof **gv, gcap, p->nglyphs + n);
    /* HarfBuzz gives a right-to-left run in visual order, its clusters last to first: they
     * are stored first to last, as line breaking reads them, each cluster's glyphs still
     * left to right. */
    for (unsigned c = 0; c < n;) {
        unsigned from = c, to = c + 1;
        if (r->rtl) {
            unsigned last = n - 1 - c;
            from = last;
            while (from > 0 && info[from - 1].cluster == info[last].cluster) from--;
            to = last + 1;
        }
        for (unsigned i = from; i < to; i++) {
            ep_glyph *g = &(*gv)[p->nglyphs++];
            g->gid = info[i].codepoint;
            g->cluster = info[i].cluster;
            g->adv = (float)pos[i].x_advance * k;
            g->dx = (float)pos[i].x_offset * k;
            g->dy = (float)pos[i].y_offset * k;
            g->run = (uint32_t)(r - p->runs);
        }
        c += to - from;
    }
    r->g1 = p->nglyphs;
    if (r->cjk) punctuation_squeeze(t, p, r, *gv);
    for (size_t i = r->g0; i < r->g1; i++) {
        uint32_t end = r->end;
        for (size_t j = i + 1; j < r->g1; j++)
            if ((*gv)[j].cluster != (*gv)[i].cluster) { end = (*gv)[j].cluster; break; }
        (*gv)[i].cluster_end = end;
        (*gv)[i].text = (*gv)[i].cluster;
        (*gv)[i].text_end = end;
    }
    if (r->rtl) split_clusters(p, *gv, r->g0, r->g1);
}

/* Where the cluster starting at byte i ends: a base character with what attaches to it
 * (UAX #29's extending characters and spacing marks, joiners), and across a virama the
 * consonant it joins (one conjunct, one face). ASCII never attaches. */
static int32_t cluster_end(const char *text, int32_t i, int32_t n)
{
    UChar32 c;
    U8_NEXT(text, i, n, c);
    if (c == '\n') return i;
    while (i < n && (unsigned char)text[i] >= 0x80) {
        int32_t j = i;
        UChar32 d;
        U8_NEXT(text, j, n, d);
        if (d < 0) break;
        int gcb = u_getIntPropertyValue(d, UCHAR_GRAPHEME_CLUSTER_BREAK);
        int joins = gcb == U_GCB_EXTEND || gcb == U_GCB_SPACING_MARK || gcb == U_GCB_ZWJ ||
                    (u_getCombiningClass(c) == 9 && u_isalpha(d));
        if (!joins) break;
        c = d;
        i = j;
    }
    return i;
}

/* The characters of a cluster a face must have: not white space, not the invisible
 * formatting characters (joiners, variation selectors) a font need not map. */
static size_t cluster_chars(const char *text, int32_t at, int32_t end, uint32_t *out, size_t max)
{
    size_t n = 0;
    while (at < end && n < max) {
        UChar32 c;
        U8_NEXT(text, at, end, c);
        if (c >= 0 && !u_isUWhiteSpace(c) && !ignorable(c)) out[n++] = (uint32_t)c;
    }
    return n;
}

static int face_covers(ep_face *f, const uint32_t *cps, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!ep_face_has(f, cps[i])) return 0;
    return 1;
}

ep_para *ep_para_build(ep_textctx *t, const ep_span *spans, size_t n, const ep_tstyle *st)
{
    ep_arena *a = t->arena;
    ep_para *p = ep_arena_alloc(a, sizeof *p);
    p->pos = n ? spans[0].pos : ep_pos_make(NULL, 0, 0);
    size_t cap = 0, nseg = 0, segcap = 0;
    seg *segs = NULL;
    for (size_t i = 0; i < n; i++) {
        uint32_t start = (uint32_t)p->len;
        if (spans[i].hard_break) append_nfc(a, &p->text, &p->len, &cap, "\n", 1);
        else append_nfc(a, &p->text, &p->len, &cap, spans[i].text, spans[i].len);
        segs = ep_arena_grow(a, segs, sizeof *segs, &segcap, nseg + 1);
        segs[nseg++] = (seg){start, (uint32_t)p->len, spans[i].style, spans[i].href, spans[i].pos};
    }
    p->spos = ep_arena_alloc(a, sizeof *p->spos * (nseg + 1));
    for (size_t i = 0; i < nseg; i++) p->spos[i] = (ep_spanpos){segs[i].start, segs[i].pos};
    p->nspos = nseg;
    if (!p->text) p->text = ep_arena_strdup(a, "");

    UScriptCode *sc = ep_arena_alloc(a, sizeof *sc * (p->len + 1));
    uint8_t *wide = ep_arena_alloc(a, p->len + 1);
    for (size_t i = 0; i < p->len; i++) sc[i] = USCRIPT_INVALID_CODE;
    p->dir = st->loc->dir;
    uint8_t *ltr = NULL;
    for (size_t k = 0; k < nseg; k++)
        if (segs[k].style & EP_STYLE_LTR) {
            if (!ltr) ltr = ep_arena_alloc(a, p->len + 1);
            memset(ltr + segs[k].start, 1, segs[k].end - segs[k].start);
        }
    p->levels = ep_bidi_levels(a, p->text, p->len, p->dir, ltr);
    resolve_scripts(p->text, p->len, p->levels, p->dir, sc, wide);
    bracket_scripts(p->text, p->len, sc, wide);

    size_t runcap = 0, gcap = 0;
    ep_glyph *gv = NULL;
    size_t si = 0;
    int32_t i = 0, len = (int32_t)p->len;
    ep_face *prev_face = NULL;
    /* The last primary face looked up, by what decides it: most clusters repeat it. */
    struct { unsigned style; int wide; UScriptCode sc; ep_face *face; } memo = {0, -1, USCRIPT_INVALID_CODE, NULL};
    while (i < len) {
        while (si + 1 < nseg && (uint32_t)i >= segs[si].end) si++;
        int32_t at = i;
        i = cluster_end(p->text, at, len);
        UChar32 c;
        int32_t k = at;
        U8_NEXT(p->text, k, len, c);
        ep_face *f = NULL;
        if (c == '\n') f = NULL;
        else if (ignorable(c) && prev_face) f = prev_face;
        else {
            /* A cluster is set in one face: its base with its marks, vowel signs, viramas. */
            if (memo.face && memo.style == segs[si].style && memo.wide == wide[at] && memo.sc == sc[at])
                f = memo.face;
            else {
                f = primary_face(t, st, segs[si].style, wide[at], sc[at]);
                memo.style = segs[si].style;
                memo.wide = wide[at];
                memo.sc = sc[at];
                memo.face = f;
            }
            uint32_t cps[32];
            size_t ncp = cluster_chars(p->text, at, i, cps, 32);
            if (f && ncp && !face_covers(f, cps, ncp)) {
                int bold = st->bold || (segs[si].style & EP_STYLE_BOLD);
                ep_face *fb = ep_fonts_fallback(t->fonts, cps, ncp, st->loc->cjk, bold,
                                                (segs[si].style & EP_STYLE_ITALIC) != 0);
                if (fb) f = fb;
                else
                    ep_warn(t->diag, segs[si].pos, EP_C_FONT_FALLBACK, "no installed font has U+%04X; tried %s and fontconfig's fallbacks",
                            (unsigned)cps[0], f->family);
            }
            if (!f) {
                ep_error(t->diag, segs[si].pos, EP_C_NO_FONT, "no usable font found for U+%04X", (unsigned)c);
                return NULL;
            }
        }
        prev_face = f;
        ep_run *last = p->nruns ? &p->runs[p->nruns - 1] : NULL;
        int isbreak = c == '\n';
        if (last && !isbreak && last->face == f && last->face && last->style == segs[si].style &&
            last->href == segs[si].href && last->cjk == wide[at] && sc[last->start] == sc[at] &&
            last->end == (uint32_t)at && (!p->levels || p->levels[last->start] == p->levels[at])) {
            last->end = (uint32_t)i;
            continue;
        }
        p->runs = ep_arena_grow(a, p->runs, sizeof *p->runs, &runcap, p->nruns + 1);
        ep_run *r = &p->runs[p->nruns++];
        r->start = (uint32_t)at;
        r->end = (uint32_t)i;
        r->face = f;
        r->style = segs[si].style;
        r->href = segs[si].href;
        r->cjk = wide[at];
        r->rtl = p->levels && (p->levels[at] & 1);
        r->size = st->size * ((segs[si].style & EP_STYLE_CODE) ? 0.9f : 1.0f);
    }
    for (size_t k = 0; k < p->nruns; k++) {
        ep_run *r = &p->runs[k];
        if (!r->face) { r->g0 = r->g1 = p->nglyphs; continue; }
        r->loc = run_locale(st, r->cjk, sc[r->start]);
        shape_run(t, p, r, sc[r->start], r->loc->hb_lang, &gv, &gcap);
    }
    p->glyphs = gv;
    return p;
}

float ep_para_width(const ep_para *p)
{
    float w = 0;
    for (size_t i = 0; i < p->nglyphs; i++) w += p->glyphs[i].adv;
    return w;
}

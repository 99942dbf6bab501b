/* Choosing line breaks: the Knuth–Plass total-fit algorithm over boxes, glue and
 * penalties (Knuth & Plass, "Breaking paragraphs into lines", 1981; TeX §813–890).
 *
 * The paragraph's glyphs become a list of items:
 *   box      a cluster (or the ink of a CJK punctuation mark)
 *   glue     a word space; the gap between two ideographs; a quarter em between CJK and
 *            Latin text; the blank half of a CJK punctuation mark
 *   penalty  a place to break that is not glue: after a hyphen, at a hyphenation point
 *            (with the width of the hyphen it adds), a forced break, or a forbidden place
 *            (+inf) that keeps the glue after it from being a break
 * Breaks are legal at glue that follows a box and at penalties below +inf; ICU decides
 * where text may break, and a forbidden place gets a +inf penalty before its glue.
 *
 * Passes as in TeX: without hyphenation at a strict tolerance; with hyphenation at a
 * looser one; with letters that may space out a little (languages of long words and few
 * spaces, such as Tamil, need it), then accepting any looseness; and only if a word is
 * wider than the line, one that may break inside words, so that no line is ever wider than
 * the measure. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "text/bidi.h"
#include "text/hyphen.h"
#include "text/linebreak.h"

enum { IT_BOX, IT_GLUE, IT_PEN };
#define INF_PEN 10000.0f
#define INF_BAD 10000.0f

typedef struct item {
    uint8_t kind, flagged, pass;   /* pass: the first pass in which a penalty may break */
    uint8_t kashida;               /* glue that lengthens a join (its rank, 1 or 2): g0 is the
                                    * tatweel, hyph_run its run */
    float w, st, sh, fill;
    float pen;
    uint32_t g0, g1;               /* glyphs: a box's cluster, a space glue's glyph */
    float dx;                      /* shift of a box's glyphs (opening punctuation) */
    uint32_t hyph_run;             /* a hyphenation penalty: the run whose hyphen to draw */
    /* Microtype: how far the box (or a penalty's hyphen) hangs into the margin when it ends
     * a line (pr) or starts one (pl), and the width font expansion may widen or narrow. */
    float pr, pl, xw;
} item;

typedef struct items {
    item *v;
    size_t n, cap;
} items;

typedef struct node {
    /* (Narrow fields: a paragraph of a million clusters keeps millions of nodes.) */
    uint32_t pos;                  /* the item broken at; UINT32_MAX for the paragraph start */
    uint32_t start;                /* the first item of the line after this break */
    uint32_t line;                 /* lines before this break */
    uint8_t fit, streak, flagged;
    float demerits, ratio, badness;
    struct node *prev;
} node;

static void push(ep_arena *a, items *it, item x)
{
    it->v = ep_arena_grow(a, it->v, sizeof *it->v, &it->cap, it->n + 1);
    it->v[it->n++] = x;
}

static item box(float w, uint32_t g0, uint32_t g1, float dx)
{
    item x = {.kind = IT_BOX, .w = w, .g0 = g0, .g1 = g1, .dx = dx};
    return x;
}

static item glue(float w, float st, float sh, uint32_t g0, uint32_t g1)
{
    item x = {.kind = IT_GLUE, .w = w, .st = st, .sh = sh, .g0 = g0, .g1 = g1};
    return x;
}

enum { SYLLABLE_PEN = 300 };   /* a break inside a Korean word */

/* A break at a hyphenation point: half TeX's \hyphenpenalty, because even spaces matter more
 * to a letter than one hyphen more or less (on a fourteen-paragraph letter, 5 hyphenated
 * lines in 86 instead of 3, and a spread of word spaces p90/p10 of 1.11 instead of 1.16). */
enum { HYPHEN_PEN = 25 };

/* Font expansion as pdfTeX does it: every Latin glyph of a justified line widened or
 * narrowed alike, at most 2 %, in steps of 0.5 %. */
#define EXPAND_MAX 0.02f
#define EXPAND_STEP 0.005f

/* Microtype is for justified text, and not where a line may run right to left. */
static int microtype(const ep_para *p, const ep_tstyle *st, int justify)
{
    return justify && st->microtype && !p->levels;
}

/* Character protrusion: the part of a glyph's width that hangs into the margin when it ends
 * (right) or starts (left) a line, so that the edge looks straight to the eye (the amounts
 * are close to those microtype uses for text faces). */
static float protrusion(UChar32 c, int right)
{
    if (right) switch (c) {
        case '.': case ',': case '-': case 0x2010: case 0x2011: case '\'': case 0x2019: return 0.7f;
        case ':': case ';': case 0x201D: case '"': case 0x2013: return 0.5f;
        case 0x2014: return 0.3f;
        case '!': case '?': return 0.2f;
        /* East Asian closing marks, whose blank half a line end already took away */
        case 0x3002: case 0xFF0C: case 0x3001: case 0xFF0E: case 0xFF1A: case 0xFF1B: case 0x300D: case 0x300F:
        case 0xFF09: case 0x300B: case 0x3009: case 0x3011: case 0x3015: return 0.5f;
        default: return 0;
    }
    switch (c) {
    case 0x2018: case '\'': return 0.7f;
    case 0x201C: case '"': case 0x201E: return 0.5f;
    default: return 0;
    }
}

static item penalty(float w, float pen, int flagged, int pass)
{
    item x = {.kind = IT_PEN, .flagged = (uint8_t)flagged, .pass = (uint8_t)pass, .w = w, .pen = pen};
    return x;
}

typedef struct cluster {
    uint32_t g0, g1, byte, end;
    UChar32 c;
    float w;
    int wide, space, alnum;
    int ideo;                      /* East Asian letters (Han, kana, Hangul), not punctuation or full-width forms */
    int opens, closes;             /* a bracket or quotation mark that opens or closes, of Latin text */
    int attached;                  /* a mark or joiner: no break, no glue before it */
    int unspaced;                  /* of a script written without spaces (Thai, Lao, Khmer, Burmese) */
    float squeeze;                 /* as in ep_glyph */
    const ep_run *run;
} cluster;

static UChar32 char_at(const ep_para *p, uint32_t at)
{
    UChar32 c;
    int32_t i = (int32_t)at;
    U8_NEXT(p->text, i, (int32_t)p->len, c);
    return c;
}

/* A token that looks like an address, not a word: no hyphens in it. */
static int url_like(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '@' || s[i] == '/' || s[i] == ':') return 1;
        if (s[i] == '.' && i + 1 < len && (unsigned char)s[i + 1] > ' ' && s[i + 1] != '.' &&
            s[i + 1] != '"' && s[i + 1] != ')')
            return 1;
    }
    return 0;
}

/* A letter of a word, or a mark on one (the vowel signs and viramas of Indic scripts). */
static int word_char(UChar32 c)
{
    int type = u_charType(c);
    return u_isalpha(c) || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

/* Marks the bytes after which a hyphen may go: in Latin words of body text, not in links
 * or addresses. */
/* The dictionary a paragraph's words are divided by: its language's, or English for the
 * Latin words of East Asian text. */
static ep_hyphdict *dictionary(ep_textctx *t, const ep_tstyle *st)
{
    return t->hyph ? ep_hyphen_dict(t->hyph, st->loc->cjk == EP_CJK_NONE ? st->loc : ep_locale_latin_words()) : NULL;
}

static uint8_t *hyphen_points(ep_textctx *t, const ep_para *p, const ep_tstyle *st)
{
    if (!st->hyphenate) return NULL;
    ep_hyphdict *d = dictionary(t, st);
    if (!d) return NULL;
    uint8_t *after = ep_arena_alloc(&t->scratch, p->len + 1);
    /* The paragraph's last word is hyphenated only when nothing else avoids a loose line:
     * its points are marked 2, for a later pass. */
    int32_t last_word = (int32_t)p->len;
    for (int32_t i = (int32_t)p->len; i > 0;) {
        int32_t at = i;
        UChar32 c;
        U8_PREV(p->text, 0, i, c);
        if (word_char(c)) {
            last_word = at;
            while (i > 0) {
                int32_t k = i;
                U8_PREV(p->text, 0, k, c);
                if (!word_char(c)) break;
                i = k;
            }
            last_word = i;
            break;
        }
    }
    size_t tok = 0;
    while (tok < p->len) {
        while (tok < p->len && (p->text[tok] == ' ' || p->text[tok] == '\n')) tok++;
        size_t tend = tok;
        while (tend < p->len && p->text[tend] != ' ' && p->text[tend] != '\n') tend++;
        int skip = url_like(p->text + tok, tend - tok);
        for (size_t r = 0; r < p->nruns && !skip; r++)
            if (p->runs[r].href && p->runs[r].start < tend && p->runs[r].end > tok) skip = 1;
        if (!skip) {
            int32_t i = (int32_t)tok;
            while (i < (int32_t)tend) {
                int32_t ws = i;
                UChar32 c;
                U8_NEXT(p->text, i, (int32_t)tend, c);
                if (!word_char(c) || u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH) == U_EA_WIDE) continue;
                int32_t we = i;
                while (we < (int32_t)tend) {
                    int32_t k = we;
                    U8_NEXT(p->text, k, (int32_t)tend, c);
                    if (!word_char(c) || u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH) == U_EA_WIDE) break;
                    we = k;
                }
                if (we - ws >= 5 && ep_hyphenate(d, p->text + ws, (size_t)(we - ws), 2, 3, after + ws) &&
                    ws >= last_word)
                    for (int32_t k = ws; k < we; k++) after[k] *= 2;
                i = we;
            }
        }
        tok = tend;
    }
    return after;
}

static int joining(UChar32 c, int dual)
{
    int jt = u_getIntPropertyValue(c, UCHAR_JOINING_TYPE);
    return jt == U_JT_DUAL_JOINING || (!dual && jt == U_JT_RIGHT_JOINING);
}

/* Marks the bytes before which a word of Arabic script may be lengthened with tatweel: one
 * join per word, between a letter that joins on to the next and the letter it joins; after
 * seen, sad, tah, kaf and their sisters where there is one (their long tails are where a
 * writer lengthens), else at the word's last join. Never inside lam-alef. */
static uint8_t *kashida_points(ep_textctx *t, const ep_para *p, const ep_tstyle *st)
{
    if (!st->kashida || !p->levels) return NULL;
    uint8_t *at = ep_arena_alloc(&t->scratch, p->len + 1);
    int32_t i = 0, n = (int32_t)p->len, best = -1, best_rank = 0;
    UChar32 prev = 0;
    while (i <= n) {
        int32_t here = i;
        UChar32 c = ' ';
        if (i < n) U8_NEXT(p->text, i, n, c);
        else i++;
        int type = u_charType(c);
        if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK) continue;   /* marks sit on their letter */
        if (!u_isalpha(c)) {
            if (best >= 0) at[best] = (uint8_t)best_rank;
            best = -1;
            best_rank = 0;
        } else if (prev && joining(prev, 1) && joining(c, 0) && !(prev == 0x0644 && u_getIntPropertyValue(c, UCHAR_JOINING_GROUP) == U_JG_ALEF)) {
            int rank = 1;
            switch (u_getIntPropertyValue(prev, UCHAR_JOINING_GROUP)) {
            case U_JG_SEEN: case U_JG_SAD: case U_JG_TAH: case U_JG_KAF: case U_JG_GAF: rank = 2; break;
            default: break;
            }
            if (rank >= best_rank) best = here, best_rank = rank;
        }
        prev = u_isalpha(c) ? c : 0;
    }
    return at;
}

static float hyphen_width(const ep_run *r, uint32_t *gid)
{
    hb_codepoint_t g = 0;
    if (!hb_font_get_nominal_glyph(r->face->hb_font, '-', &g)) return -1;
    *gid = g;
    return (float)hb_font_get_glyph_h_advance(r->face->hb_font, g) * r->size / (float)r->face->upem;
}

/* Letters that may be spaced apart when spaces alone cannot fill a line: those of scripts
 * whose words are long and whose letters stand apart (Tamil, Telugu, Malayalam, Sinhala,
 * Khmer …). Not Latin, Greek or Cyrillic, which hyphenate instead and whose letter-spacing
 * readers notice; not the letters a script joins (Arabic's cursive letters, the headline of
 * Devanagari, Bengali and Gurmukhi would break). */
static int trackable(UChar32 c)
{
    int jt = u_getIntPropertyValue(c, UCHAR_JOINING_TYPE);
    if (jt == U_JT_DUAL_JOINING || jt == U_JT_RIGHT_JOINING || jt == U_JT_LEFT_JOINING || jt == U_JT_JOIN_CAUSING)
        return 0;
    UErrorCode err = U_ZERO_ERROR;
    switch (uscript_getScript(c, &err)) {
    case USCRIPT_LATIN: case USCRIPT_GREEK: case USCRIPT_CYRILLIC: case USCRIPT_COMMON: case USCRIPT_INHERITED:
    case USCRIPT_DEVANAGARI: case USCRIPT_BENGALI: case USCRIPT_GURMUKHI:
        return 0;
    default:
        return 1;
    }
}

/* tracking: the stretch a gap between two letters of a word may take (0: none). */
static void build(ep_textctx *t, const ep_para *p, const ep_tstyle *st, int ragged, items *it, float tracking)
{
    ep_arena *a = &t->scratch;
    uint8_t *brk = ep_break_opportunities(t, p, st->loc);
    uint8_t *hyph = hyphen_points(t, p, st);
    uint8_t *kash = ragged ? NULL : kashida_points(t, p, st);
    int micro = microtype(p, st, !ragged);
    int inter_char = st->loc->cjk != EP_CJK_KR;
    float em = st->size;
    /* Ragged text keeps its spaces as they are; justified text lets them give. */
    float sp_st = ragged ? 0 : 0.5f, sp_sh = ragged ? 0 : 0.33f;
    float cjk_st = ragged ? 0 : 0.1f * em;
    float unspaced_st = 0.3f * em;

    cluster prev = {0};
    int have_prev = 0;
    for (size_t g = 0; g < p->nglyphs;) {
        cluster c = {0};
        c.g0 = (uint32_t)g;
        c.byte = p->glyphs[g].cluster;
        c.end = p->glyphs[g].cluster_end;
        c.run = &p->runs[p->glyphs[g].run];
        while (g < p->nglyphs && p->glyphs[g].cluster == c.byte) {
            c.w += p->glyphs[g].adv;
            if (p->glyphs[g].squeeze != 0) c.squeeze = p->glyphs[g].squeeze;
            g++;
        }
        c.g1 = (uint32_t)g;
        c.c = char_at(p, c.byte);
        c.wide = c.run->cjk && !u_isUWhiteSpace(c.c);
        c.space = c.c == ' ' || c.c == '\t';
        c.alnum = u_isalnum(c.c) && !c.wide;
        c.ideo = c.wide && u_isalnum(c.c) && !(c.c >= 0xFF00 && c.c <= 0xFFEF);
        if (!c.wide) {
            int8_t gc = u_charType(c.c);
            c.opens = gc == U_START_PUNCTUATION || gc == U_INITIAL_PUNCTUATION;
            c.closes = gc == U_END_PUNCTUATION || gc == U_FINAL_PUNCTUATION;
        }
        int gcb = u_getIntPropertyValue(c.c, UCHAR_GRAPHEME_CLUSTER_BREAK);
        c.attached = gcb == U_GCB_EXTEND || gcb == U_GCB_SPACING_MARK || gcb == U_GCB_ZWJ;
        c.unspaced = u_getIntPropertyValue(c.c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT;
        float csize = c.run->size;

        int forced = 0;
        if (have_prev)
            for (uint32_t b = prev.end; b < c.byte; b++) forced |= p->text[b] == '\n';
        if (have_prev && brk[c.byte] == BRK_HARD) forced = 1;
        if (forced) {
            push(a, it, penalty(0, INF_PEN, 0, 1));
            push(a, it, glue(0, 0, 0, 0, 0));
            it->v[it->n - 1].fill = 1;
            push(a, it, penalty(0, -INF_PEN, 0, 1));
            have_prev = 0;
        }

        int can = have_prev && brk[c.byte] == BRK_SOFT;
        size_t gap = it->n;
        if (have_prev && !c.space && !prev.space && !c.attached) {
            int prev_close = prev.squeeze > 0, c_open = c.squeeze < 0, c_close = c.squeeze > 0;
            if (prev_close && !c_close && !c_open) {
                /* The blank half of a closing mark: gives way at a line end (JIS X 4051)
                 * and may shrink inside a line. */
                if (!can) push(a, it, penalty(0, INF_PEN, 0, 1));
                push(a, it, glue(prev.squeeze, inter_char ? cjk_st : 0, prev.squeeze, 0, 0));
            } else if (c_open && !(prev.squeeze < 0)) {
                /* The blank half of an opening mark (the closing mark's half before it goes:
                 * 」「 takes one and a half ems). At a line start it goes too. */
                if (!can) push(a, it, penalty(0, INF_PEN, 0, 1));
                push(a, it, glue(-c.squeeze, inter_char ? cjk_st : 0, -c.squeeze, 0, 0));
            } else if (prev_close || c_close || (c_open && prev.squeeze < 0)) {
                /* 。」 and 「『: consecutive marks lose the blank between them. */
                if (can) push(a, it, penalty(0, 0, 0, 1));
            } else if (prev.wide && c.wide) {
                if (inter_char) {
                    if (!can) push(a, it, penalty(0, INF_PEN, 0, 1));
                    push(a, it, glue(0, cjk_st, 0, 0, 0));
                } else if (can) {
                    push(a, it, penalty(0, 0, 0, 1));
                } else if (have_prev && brk[c.byte] == BRK_SYLLABLE) {
                    /* Inside a Korean word: from the second pass on, and dear enough that
                     * a line takes it only when breaking at spaces leaves it too loose. */
                    push(a, it, penalty(0, SYLLABLE_PEN, 0, 2));
                }
            } else if ((prev.ideo && ((c.alnum && !u_isdigit(c.c)) || c.opens)) ||
                       (((prev.alnum && !u_isdigit(prev.c)) || prev.closes) && c.ideo)) {
                /* A quarter em between Han, kana or Hangul and Latin letters (clreq, jlreq),
                 * outside the brackets of the Latin text; never beside East Asian punctuation
                 * or full-width forms, which carry their own space. Numbers stay close
                 * (2026年3月15日, 2026년), as a date is written. It may shrink to an eighth and
                 * stretch to a half. */
                float q = (prev.wide ? prev.run->size : csize) * 0.25f;
                if (!can) push(a, it, penalty(0, INF_PEN, 0, 1));
                push(a, it, glue(q, ragged ? 0 : q, q * 0.5f, 0, 0));
            } else if (can && prev.unspaced && c.unspaced) {
                /* Between two words of Thai, Lao, Khmer or Burmese (ICU finds them with its
                 * dictionaries): no space is written there, but a justified line may open
                 * one, as it would between the words of a spaced script; never inside a
                 * word. */
                push(a, it, glue(0, ragged ? 0 : unspaced_st, 0, 0, 0));
            } else if (can) {
                /* After a hyphen or a dash, before an opening parenthesis, in a URL … */
                int hyphen = prev.c == '-' || prev.c == 0x2010;
                push(a, it, penalty(0, hyphen ? 50 : 100, hyphen, 1));
            } else if (hyph && hyph[c.byte - 1] && !prev.wide && !c.wide) {
                uint32_t gid;
                float hw = hyphen_width(prev.run, &gid);
                if (hw >= 0) {
                    item x = penalty(hw, HYPHEN_PEN, 1, hyph[c.byte - 1] > 1 ? 3 : 2);
                    x.hyph_run = (uint32_t)(prev.run - p->runs);
                    x.g0 = gid;
                    if (micro) x.pr = protrusion('-', 1) * hw, x.xw = hw;
                    push(a, it, x);
                }
            } else if (!prev.wide || !c.wide) {
                /* The last resort: inside a word too long for the line. */
                push(a, it, penalty(0, 5000, 0, 4));
            }
        }

        hb_codepoint_t tatweel;
        if (kash && have_prev && kash[c.byte] && prev.run == c.run && c.run->rtl &&
            hb_font_get_nominal_glyph(c.run->face->hb_font, 0x0640, &tatweel)) {
            /* A join that may lengthen: never a place to break. */
            if (it->n && it->v[it->n - 1].kind == IT_BOX) push(a, it, penalty(0, INF_PEN, 0, 1));
            item join = glue(0, 0.3f * c.run->size, 0, 0, 0);
            join.kashida = kash[c.byte];   /* its rank: 2 after a long tail */
            join.g0 = tatweel;
            join.hyph_run = (uint32_t)(c.run - p->runs);
            push(a, it, join);
        }
        if (tracking > 0 && !ragged && have_prev && !c.space && !prev.space && !c.attached && !prev.wide && !c.wide &&
            trackable(prev.c) && trackable(c.c)) {
            int glued = 0;
            for (size_t i = gap; i < it->n; i++) glued |= it->v[i].kind == IT_GLUE;
            if (!glued) {
                /* Never a place to break: a +inf penalty first where a box would precede it. */
                if (it->n && it->v[it->n - 1].kind == IT_BOX) push(a, it, penalty(0, INF_PEN, 0, 1));
                push(a, it, glue(0, tracking, 0, 0, 0));
            }
        }

        if (c.space) {
            /* A space is glue; where ICU forbids a break after it (before "!" in French,
             * inside "10 000"), a +inf penalty keeps its glue from being one. */
            size_t next = c.g1 < p->nglyphs ? p->glyphs[c.g1].cluster : p->len;
            if (have_prev && next < p->len && brk[next] == BRK_NONE && p->text[next] != ' ')
                push(a, it, penalty(0, INF_PEN, 0, 1));
            push(a, it, glue(c.w, c.w * sp_st, c.w * sp_sh, c.g0, c.g1));
        } else if (c.squeeze > 0) {
            push(a, it, box(c.w - c.squeeze, c.g0, c.g1, 0));
        } else if (c.squeeze < 0) {
            /* An opening mark at the start of a paragraph keeps its full width. */
            if (!have_prev) push(a, it, box(-c.squeeze, c.g0, c.g0, 0));
            push(a, it, box(c.w + c.squeeze, c.g0, c.g1, c.squeeze));
        } else {
            push(a, it, box(c.w, c.g0, c.g1, 0));
        }
        if (micro && !c.space && it->n && it->v[it->n - 1].kind == IT_BOX) {
            item *bx = &it->v[it->n - 1];
            if (!c.run->cjk && !c.run->rtl) bx->xw = bx->w;
            if (c.squeeze >= 0) bx->pr = protrusion(c.c, 1) * bx->w;
            if (c.squeeze <= 0) bx->pl = protrusion(c.c, 0) * bx->w;
        }
        prev = c;
        have_prev = 1;
    }
    /* The end: \parfillskip and a forced break. */
    push(a, it, penalty(0, INF_PEN, 0, 1));
    push(a, it, glue(0, 0, 0, 0, 0));
    it->v[it->n - 1].fill = 1;
    push(a, it, penalty(0, -INF_PEN, 0, 1));
}

typedef struct sums {
    double w, st, sh, fill;
    double xw;                     /* the width font expansion may change */
} sums;

static int legal(const items *it, size_t b, int pass)
{
    const item *x = &it->v[b];
    if (x->kind == IT_GLUE) return b > 0 && it->v[b - 1].kind == IT_BOX;
    if (x->kind == IT_PEN) return x->pen < INF_PEN && x->pass <= pass;
    return 0;
}

/* The first item of the line after a break at b: glue and penalties there are dropped. */
static size_t start_after(const items *it, size_t b)
{
    size_t i = b == SIZE_MAX ? 0 : b + 1;
    while (i < it->n && it->v[i].kind != IT_BOX && !(it->v[i].kind == IT_PEN && it->v[i].pen <= -INF_PEN)) i++;
    return i;
}

typedef struct kp {
    const items *it;
    sums *cum;          /* cum[i]: totals of items before i */
    float measure, first;
    int ragged, pass;
    float tolerance;
    ep_arena *a;        /* this pass's nodes: a failed pass leaves nothing behind */
    float expand;       /* the most font expansion may change a glyph (0: none) */
} kp;

static float line_width(const kp *k, size_t line) { return line == 0 ? k->measure - k->first : k->measure; }

/* How far a line that starts at item start (line `line`) and breaks at b hangs into the
 * margins: its first glyph to the left (not after a paragraph's indent), its last to the
 * right (the hyphen a break adds, or the last box). */
static double hang_left(const kp *k, size_t start, size_t line)
{
    if (line == 0 && k->first > 0) return 0;
    return start < k->it->n && k->it->v[start].kind == IT_BOX ? k->it->v[start].pl : 0;
}

static double hang_right(const kp *k, size_t b)
{
    const item *x = &k->it->v[b];
    if (x->kind == IT_PEN && x->flagged && x->w > 0) return x->pr;
    for (size_t i = b, n = 0; i-- > 0 && n < 4; n++)
        if (k->it->v[i].kind == IT_BOX) return k->it->v[i].pr;
    return 0;
}

/* What font expansion may change on the line: its boxes' and an added hyphen's. */
static double expandable(const kp *k, size_t start, size_t b)
{
    const item *x = &k->it->v[b];
    return k->cum[b].xw - k->cum[start].xw + (x->kind == IT_PEN && x->flagged ? x->xw : 0);
}

static float adjust(const kp *k, size_t start, size_t b, size_t line, float *badness)
{
    const item *x = &k->it->v[b];
    double L = k->cum[b].w - k->cum[start].w + (x->kind == IT_PEN ? x->w : 0);
    double st = k->cum[b].st - k->cum[start].st, sh = k->cum[b].sh - k->cum[start].sh;
    double fill = k->cum[b].fill - k->cum[start].fill;
    double target = line_width(k, line);
    if (k->expand > 0) {
        /* The glyphs stretch and shrink with the spaces (as pdfTeX's expansion), and the
         * line's ends hang out. */
        double xw = expandable(k, start, b);
        st += k->expand * xw;
        sh += k->expand * xw;
        L -= hang_left(k, start, line) + hang_right(k, b);
    }
    if (k->ragged) st += 3.0 * (k->measure / 30.0);   /* \rightskip 0pt plus a few ems */
    double r;
    if (L < target - 1e-4) {
        if (fill > 0) r = 0;
        else if (st > 1e-6) r = (target - L) / st;
        else r = INFINITY;
    } else if (L > target + 1e-4) {
        r = sh > 1e-6 ? (target - L) / sh : -INFINITY;
    } else {
        r = 0;
    }
    double ar = fabs(r);
    double bad = r < -1 ? INF_BAD : fmin(INF_BAD, 100.0 * ar * ar * ar);
    *badness = (float)bad;
    return (float)r;
}

static int fitness(float r) { return r < -0.5f ? 0 : r <= 0.5f ? 1 : r <= 1.0f ? 2 : 3; }

/* One pass; returns the best node at the paragraph end, or NULL if the pass fails. */
static node *pass(kp *k)
{
    const items *it = k->it;
    node **active = NULL;
    size_t nact = 0, capact = 0;
    ep_arena_reset(k->a, 4u << 20);
    node *root = ep_arena_alloc(k->a, sizeof *root);
    root->pos = UINT32_MAX;
    root->start = (uint32_t)start_after(it, SIZE_MAX);
    root->fit = 1;
    active = ep_arena_grow(k->a, active, sizeof *active, &capact, 1);
    active[nact++] = root;
    node *last_dropped = NULL;

    for (size_t b = 0; b < it->n; b++) {
        if (!legal(it, b, k->pass)) continue;
        const item *x = &it->v[b];
        int forced = x->kind == IT_PEN && x->pen <= -INF_PEN;
        node *best[4] = {0};
        float bestd[4] = {FLT_MAX, FLT_MAX, FLT_MAX, FLT_MAX}, bestr[4] = {0}, bestbad[4] = {0};
        int beststreak[4] = {0};
        size_t keep = 0;
        for (size_t i = 0; i < nact; i++) {
            node *a = active[i];
            float bad;
            float r = adjust(k, a->start, b, a->line, &bad);
            int drop = r < -1 || forced;
            if (r >= -1 && bad <= k->tolerance) {
                float pen = x->kind == IT_PEN ? x->pen : 0;
                double d = (10.0 + bad) * (10.0 + bad);
                if (pen > 0) d += (double)pen * pen;
                else if (pen > -INF_PEN) d -= (double)pen * pen;
                int streak = x->flagged ? a->streak + 1 : 0;
                /* TeX's \doublehyphendemerits, \finalhyphendemerits and \adjdemerits. */
                if (x->flagged && a->flagged) d += 10000;
                if (forced && a->flagged) d += 5000;
                int fit = fitness(r);
                if (abs(fit - a->fit) > 1) d += 10000;
                d += a->demerits;
                /* No more than two hyphenated lines in a row. */
                if (streak <= 2 && d < bestd[fit]) {
                    bestd[fit] = (float)d;
                    best[fit] = a;
                    bestr[fit] = r;
                    bestbad[fit] = bad;
                    beststreak[fit] = streak;
                }
            }
            if (drop) last_dropped = a;
            else active[keep++] = a;
        }
        nact = keep;
        for (int f = 0; f < 4; f++) {
            if (!best[f]) continue;
            node *n = ep_arena_alloc(k->a, sizeof *n);
            n->pos = (uint32_t)b;
            n->start = (uint32_t)start_after(it, b);
            n->line = best[f]->line + 1;
            n->fit = (uint8_t)f;
            n->streak = (uint8_t)beststreak[f];
            n->flagged = x->flagged;
            n->demerits = bestd[f];
            n->ratio = bestr[f];
            n->badness = bestbad[f];
            n->prev = best[f];
            active = ep_arena_grow(k->a, active, sizeof *active, &capact, nact + 1);
            active[nact++] = n;
        }
        if (!nact) {
            if (k->pass < 4 || !last_dropped) return NULL;
            /* Nothing fits even here: a single cluster wider than the line. Set it alone,
             * overfull, rather than fail. */
            node *n = ep_arena_alloc(k->a, sizeof *n);
            float bad;
            n->pos = (uint32_t)b;
            n->start = (uint32_t)start_after(it, b);
            n->line = last_dropped->line + 1;
            n->fit = 1;
            n->ratio = adjust(k, last_dropped->start, b, last_dropped->line, &bad);
            n->badness = INF_BAD;
            n->demerits = last_dropped->demerits + INF_BAD * INF_BAD;
            n->prev = last_dropped;
            active = ep_arena_grow(k->a, active, sizeof *active, &capact, nact + 1);
            active[nact++] = n;
        }
    }
    node *win = NULL;
    for (size_t i = 0; i < nact; i++)
        if (active[i]->pos == it->n - 1 && (!win || active[i]->demerits < win->demerits)) win = active[i];
    return win;
}

static ep_pos pos_of(const ep_para *p, uint32_t byte)
{
    ep_pos pos = p->pos;
    for (size_t i = 0; i < p->nspos; i++)
        if (p->spos[i].start <= byte) pos = p->spos[i].pos;
    return pos;
}

/* TeX's \tolerance=200: a line looser than that is one a reader sees, and is said, with why.
 * LaTeX's \hbadness (1000) is where it becomes "underfull". */
#define LOOSE 200.0f
#define UNDERFULL 1000.0f

/* A line looser than LOOSE: the warning names the word that did not fit on it, and why no
 * break inside it helped. */
static void warn_loose(ep_textctx *t, const ep_para *p, const ep_tstyle *st, const items *it, size_t b,
                       size_t g0, float badness, int spaceless)
{
    size_t next = start_after(it, b);
    uint32_t at = next < it->n && it->v[next].kind == IT_BOX ? p->glyphs[it->v[next].g0].cluster : (uint32_t)p->len;
    uint32_t ws = at;
    while (ws > 0 && p->text[ws - 1] != ' ' && p->text[ws - 1] != '\n') ws--;
    uint32_t we = ws;   /* the word from its start, so that each line inside one long word says the same */
    while (we < p->len && p->text[we] != ' ' && p->text[we] != '\n' && we - ws < 40) we++;
    while (we < p->len && we > ws && (p->text[we] & 0xC0) == 0x80) we--;   /* whole characters */
    int inside = spaceless && ws < at;
    const char *why = spaceless ? "it holds part of a word wider than the line, with no space to stretch"
                    : !st->hyphenate ? "the next word does not fit on it, and hyphenation is off here"
                    : !dictionary(t, st)
                        ? "the next word does not fit on it, and there is no hyphenation dictionary for the language"
                        : "the next word does not fit on it, and no other choice of breaks in the paragraph sets "
                          "every line tighter";
    int under = badness > UNDERFULL;
    ep_warn(t->diag, pos_of(p, p->glyphs[g0].cluster), under ? EP_C_UNDERFULL : EP_C_LOOSE,
            "%s line (badness %.0f, above %.0f) %s \u201c%.*s%s\u201d: %s", under ? "underfull" : "loose",
            (double)badness, (double)(under ? UNDERFULL : LOOSE), inside ? "in" : "before",
            (int)(we - ws), p->text + ws,
            we < p->len && p->text[we] != ' ' && p->text[we] != '\n' ? "\u2026" : "", why);
}

ep_line *ep_para_break(ep_textctx *t, ep_para *p, const ep_tstyle *st, float measure,
                       float first_indent, int justify, size_t *nlines)
{
    *nlines = 0;
    if (!p->nglyphs) return NULL;
    /* As TeX does: first without hyphenation, which most paragraphs never need (and which
     * spares loading a dictionary); then with it, at a looser tolerance; then whatever it
     * takes. */
    items it = {0};
    sums *cum = NULL;
    size_t cumcap = 0;
    kp k = {&it, NULL, measure, first_indent, !justify, 1, 100, &t->nodes,
            microtype(p, st, justify) ? EXPAND_MAX : 0};
    node *win = NULL;
    /* Passes: 0 without hyphenation; 1 with it; 2 with it and letters that may space out. */
    /* With microtype, hyphenation from the first pass: the glyphs then share the slack of
     * lines whose spaces alone would be loose, and breaking a word at the right place gives
     * them less to share (the spaces of such paragraphs come out far more even: p90/p10 of a
     * line's mean gap 1.25 against 1.36 on a two-mebibyte letter). Not in East Asian text,
     * which justifies between its characters and seldom has a Latin word to divide: there a
     * dictionary is loaded only for a paragraph that needs it. */
    int hyphenate_first = k.expand > 0 && st->hyphenate && st->loc->cjk == EP_CJK_NONE;
    for (int step = hyphenate_first ? 1 : 0; step < 3 && !win; step++) {
        ep_tstyle s2 = *st;
        s2.hyphenate = step > 0 && st->hyphenate;
        if (step == 1 && !st->hyphenate && cum) {
            /* Nothing changes without hyphenation: keep the items. */
        } else {
            it.n = 0;
            /* Where spaces alone cannot fill a line (Tamil's long words between few spaces),
             * the letters of words may spread a little, as a typesetter's letter-spacing
             * does: a few hundredths of an em between two letters. */
            build(t, p, &s2, !justify, &it, step == 2 ? 0.05f * st->size : 0);
            cum = ep_arena_grow(&t->scratch, cum, sizeof *cum, &cumcap, it.n + 1);
            cum[0] = (sums){0};
            for (size_t i = 0; i < it.n; i++) {
                cum[i + 1] = cum[i];
                if (it.v[i].kind == IT_PEN) continue;
                cum[i + 1].w += it.v[i].w;
                cum[i + 1].st += it.v[i].st;
                cum[i + 1].sh += it.v[i].sh;
                cum[i + 1].fill += it.v[i].fill;
                cum[i + 1].xw += it.v[i].xw;
            }
            k.cum = cum;
        }
        if (step == 0) {
            k.pass = 1;
            k.tolerance = 100;
            win = pass(&k);
        } else if (step == 1) {
            k.pass = 2;
            k.tolerance = 200;
            win = pass(&k);
        } else {
            k.pass = 3;
            win = pass(&k);
            if (!win) { k.tolerance = INF_BAD; win = pass(&k); }
            if (!win) { k.pass = 4; win = pass(&k); }
        }
    }
    if (!win) {
        ep_arena_reset(&t->scratch, 4u << 20);
        ep_arena_reset(&t->nodes, 4u << 20);
        return NULL;
    }

    size_t cnt = win->line;
    ep_line *lines = ep_arena_alloc(t->arena, sizeof *lines * cnt);
    for (node *n = win; n->prev; n = n->prev) {
        ep_line *ln = &lines[n->line - 1];
        size_t s = n->prev->start, b = n->pos;
        float target = line_width(&k, n->prev->line);
        float r = n->ratio;
        double fill = cum[b].fill - cum[s].fill;
        double L = cum[b].w - cum[s].w + (it.v[b].kind == IT_PEN ? it.v[b].w : 0);
        float badness = n->badness;
        int last = it.v[b].kind == IT_PEN && it.v[b].pen <= -INF_PEN;
        /* Where the glyphs of the line are, and where they go. */
        size_t g0 = SIZE_MAX, g1 = 0;
        for (size_t i = s; i < b; i++)
            if (it.v[i].g1 > it.v[i].g0 && it.v[i].kind != IT_PEN) {
                if (g0 == SIZE_MAX) g0 = it.v[i].g0;
                g1 = it.v[i].g1;
            }
        if (g0 == SIZE_MAX) g0 = g1 = 0;
        ln->g0 = g0;
        ln->g1 = g1;
        ln->x = ep_arena_alloc(t->arena, sizeof *ln->x * (g1 - g0 + 1));
        ln->last = last;
        ln->badness = badness;
        double x = 0, x_end = 0;
        size_t kcap = 0;
        /* Microtype: the glyphs take up what the line lacks or has too much, as far as
         * expansion goes, in whole steps; the spaces take the rest, so that they stay near
         * their natural width from line to line. The line starts its first glyph's hang to
         * the left. */
        double grow = 1;
        if (k.expand > 0 && !last && fill <= 0 && isfinite(r)) {
            double xw = expandable(&k, s, b);
            double hang = hang_left(&k, s, n->prev->line) + hang_right(&k, b);
            double e = xw > 1e-6 ? fmax(-k.expand, fmin(k.expand, (target + hang - L) / xw)) : 0;
            e = trunc(e / EXPAND_STEP) * EXPAND_STEP;
            double rest = target + hang - (L + e * xw);
            double gst = cum[b].st - cum[s].st, gsh = cum[b].sh - cum[s].sh;
            r = rest >= 0 ? (gst > 1e-6 ? rest / gst : (rest > 1e-3 ? INFINITY : 0))
                          : (gsh > 1e-6 ? fmax(-1.0, rest / gsh) : 0);
            grow = 1 + e;
            ln->expand = (float)e;
            /* How loose the spaces are, which is what a reader sees and a warning says. */
            if (badness < INF_BAD) badness = (float)fmin(INF_BAD, 100.0 * fabs(r) * r * r);
            if (!isfinite(r)) r = 0;
            ln->badness = badness;
        }
        if (k.expand > 0) x = -hang_left(&k, s, n->prev->line);
        /* Lengthened joins take the stretch the spaces would take beyond a tenth of theirs, a
         * few joins each up to 1.5 em (a hairline at every word would not read as
         * kashida), the higher ranked and the later in the line first. */
        double space_r = r, *kw = NULL;
        size_t nk = 0;
        for (size_t i = s; i < b; i++) nk += it.v[i].kind == IT_GLUE && it.v[i].kashida;
        if (nk && !k.ragged && fill <= 0 && r > 0 && isfinite(r)) {
            double line_st = cum[b].st - cum[s].st, k_st = 0;
            for (size_t i = s; i < b; i++)
                if (it.v[i].kind == IT_GLUE && it.v[i].kashida) k_st += it.v[i].st;
            double extra = r * line_st, sp_st = line_st - k_st;
            double to_spaces = fmin(extra, sp_st * 0.1), to_joins = extra - to_spaces;
            double cap = 1.5 * st->size, min = 0.6 * st->size;
            kw = ep_arena_alloc(&t->scratch, sizeof *kw * (b - s));
            for (int rank = 2; rank >= 1 && to_joins >= min; rank--)
                for (size_t i = b; i-- > s && to_joins >= min;)
                    if (it.v[i].kind == IT_GLUE && it.v[i].kashida == rank) {
                        kw[i - s] = fmin(cap, to_joins);
                        to_joins -= kw[i - s];
                    }
            to_spaces += to_joins;
            space_r = sp_st > 1e-6 ? to_spaces / sp_st : 0;
        }
        for (size_t i = s; i < b; i++) {
            const item *e = &it.v[i];
            if (e->kind == IT_BOX) {
                double gx = x + e->dx, f = e->xw > 0 ? grow : 1;
                for (uint32_t g = e->g0; g < e->g1; g++) {
                    ln->x[g - g0] = (float)gx;
                    gx += p->glyphs[g].adv * f;
                }
                x += e->w * f;
                x_end = x;
            } else if (e->kind == IT_GLUE) {
                if (!e->kashida)
                    for (uint32_t g = e->g0; g < e->g1; g++) ln->x[g - g0] = (float)x;
                double w = e->w;
                if (r < 0) w += fmax(r, -1.0f) * e->sh;
                else if (fill > 0) w += e->fill * (target - L) / fill;
                else if (kw) w += e->kashida ? kw[i - s] : space_r * e->st;
                else if (!k.ragged && r > 0 && isfinite(r)) w += r * e->st;
                if (e->kashida && w > 0.2) {
                    /* The glyph after the gap: the next box's first. */
                    size_t nb = i + 1;
                    while (nb < b && it.v[nb].kind != IT_BOX) nb++;
                    ln->kash = ep_arena_grow(t->arena, ln->kash, sizeof *ln->kash, &kcap, ln->nkash + 1);
                    ln->kash[ln->nkash++] = (ep_kashida){(float)x, (float)w, nb < b ? it.v[nb].g0 : (uint32_t)g1,
                                                         e->hyph_run, e->g0};
                }
                x += w;
            }
        }
        if (it.v[b].kind == IT_PEN && it.v[b].w > 0 && it.v[b].flagged) {
            ln->hyphen = 1;
            ln->hyphen_gid = it.v[b].g0;
            ln->hyphen_run = it.v[b].hyph_run;
            ln->hyphen_x = (float)x_end;
            x_end += it.v[b].w * (it.v[b].xw > 0 ? grow : 1);
        }
        /* The width is where the ink ends: \parfillskip and trailing glue do not count. */
        ln->width = (float)x_end;
        for (size_t i = g0; i < g1; i++) {
            const ep_run *rr = &p->runs[p->glyphs[i].run];
            float asc = (float)rr->face->ascender * rr->size / (float)rr->face->upem;
            float desc = (float)-rr->face->descender * rr->size / (float)rr->face->upem;
            if (asc > ln->ascent) ln->ascent = asc;
            if (desc > ln->descent) ln->descent = desc;
        }
        if (justify && !last && g1 > g0) {
            if (badness >= INF_BAD && r < -1)
                ep_warn(t->diag, pos_of(p, p->glyphs[g0].cluster), EP_C_OVERFULL,
                        "overfull line: a word is wider than the line");
            else if (badness > LOOSE)
                warn_loose(t, p, st, &it, b, g0, badness, cum[b].st - cum[s].st < 1e-6);
        }
    }
    ep_arena_reset(&t->scratch, 4u << 20);
    ep_arena_reset(&t->nodes, 4u << 20);
    for (size_t i = 0; i < cnt; i++) ep_bidi_line(t->arena, p, &lines[i]);
    *nlines = cnt;
    return lines;
}

/* Paragraphs: the text engine's unit of work. Spans of styled text go in; shaped glyphs
 * come out, then lines of positioned glyphs for a given measure.
 *
 *   ep_para_build:  NFC-normalise, itemise (script, font), shape with HarfBuzz
 *   ep_para_break:  break opportunities from ICU, choose breaks, justify
 */
#ifndef EP_TEXT_PARA_H
#define EP_TEXT_PARA_H

#include <stdint.h>
#include <unicode/ubrk.h>

#include "diag.h"
#include "resolve/faces.h"
#include "resolve/locale.h"
#include "text/fonts.h"
#include "text/span.h"
#include "util/arena.h"

typedef struct ep_tstyle {
    float size;            /* points */
    const ep_locale *loc;  /* the part's language: script, direction, Han forms, breaks */
    const char *family;    /* serif override, NULL for the default */
    ep_family_kind kind;
    int bold;              /* force bold on every span (headings, names) */
    int hyphenate;         /* body text: yes; names, addresses: no */
    int kashida;           /* justified Arabic script may lengthen one join per word (tatweel) */
    int microtype;         /* justified text: font expansion and character protrusion */
    float leading;         /* baseline distance as a factor of size; 0: the language's */
    const ep_script_face *scripts;   /* families by writing system (a style's), or NULL */
    size_t nscripts;
} ep_tstyle;

typedef struct ep_run {
    uint32_t start, end;   /* bytes in the paragraph text */
    ep_face *face;         /* NULL for a forced break */
    float size;
    unsigned style;
    const char *href;
    int cjk;               /* the run is East Asian wide text (Han, kana, Hangul) */
    const ep_locale *loc;  /* the language it is shaped in */
    int rtl;               /* shaped right to left (an odd bidi level) */
    size_t g0, g1;         /* its glyphs */
} ep_run;

typedef struct ep_glyph {
    uint32_t gid;
    uint32_t cluster;      /* byte offset of the cluster in the paragraph text */
    uint32_t cluster_end;
    uint32_t text, text_end; /* the text the glyph stands for: its cluster's, or in a cluster
                              * of a right-to-left run as many glyphs as letters, its letter */
    float adv, dx, dy;     /* points */
    float squeeze;         /* CJK punctuation: the blank half that may go (halt), points;
                            * > 0 closing (blank on the right), < 0 opening (blank on the left) */
    uint32_t run;
} ep_glyph;

typedef struct ep_spanpos {
    uint32_t start;        /* byte in the paragraph text where a source span starts */
    ep_pos pos;
} ep_spanpos;

typedef struct ep_para {
    char *text;            /* NFC, with '\n' at forced breaks */
    size_t len;
    ep_spanpos *spos;      /* for diagnostics about a line */
    size_t nspos;
    ep_run *runs;
    size_t nruns;
    ep_glyph *glyphs;      /* in logical order by cluster; a cluster's glyphs left to right */
    size_t nglyphs;
    ep_dir dir;            /* the paragraph's base direction */
    uint8_t *levels;       /* bidi level per byte of text; NULL: all left to right */
    ep_pos pos;
} ep_para;

/* Where a justified line lengthens a join of Arabic script: tatweel fills the gap. */
typedef struct ep_kashida {
    float x, w;            /* the gap, from the line's left end */
    uint32_t before;       /* the first glyph after the gap (logical order) */
    uint32_t run;          /* whose face draws the tatweel */
    uint32_t gid;          /* the tatweel glyph */
} ep_kashida;

typedef struct ep_line {
    size_t g0, g1;         /* glyphs drawn on this line */
    float *x;              /* x of each glyph (g0..g1), from the line's left end, justified */
    uint32_t *vis;         /* the glyphs from left to right; NULL: g0..g1 in order */
    float width;           /* set width (= measure when justified) */
    float ascent, descent; /* from the largest face on the line, points */
    int last;              /* ends the paragraph or a forced break: not justified */
    int hyphen;            /* a hyphen glyph ends the line (it stands for no source text) */
    uint32_t hyphen_gid, hyphen_run;
    float hyphen_x;
    float badness;
    float expand;          /* its Latin glyphs are this much wider (0.01: 1 %), or narrower */
    ep_kashida *kash;      /* lengthened joins */
    size_t nkash;
} ep_line;

typedef struct ep_hyphcache ep_hyphcache;
typedef struct ep_memo ep_memo;

typedef struct ep_textctx {
    ep_fontcache *fonts;
    ep_hyphcache *hyph;    /* NULL: no hyphenation */
    ep_memo *memo;         /* typeset paragraphs kept between letters (batches), or NULL */
    ep_arena *arena;
    ep_arena scratch;      /* what one paragraph's line breaking needs, freed after it */
    ep_arena nodes;        /* the breaks one pass of the line breaker keeps, freed by the next */
    ep_diag *diag;
    hb_buffer_t *buf;
    UBreakIterator *brk;
    char brk_locale[80];
} ep_textctx;

void ep_textctx_init(ep_textctx *t, ep_fontcache *fonts, ep_hyphcache *hyph, ep_arena *a, ep_diag *d);
void ep_textctx_done(ep_textctx *t);

ep_para *ep_para_build(ep_textctx *t, const ep_span *spans, size_t n, const ep_tstyle *st);

/* Breaks into lines no wider than measure (first_indent narrows the first line) with the
 * Knuth–Plass total-fit algorithm, justifying every line but the last when justify is set
 * and setting the text ragged right otherwise. */
ep_line *ep_para_break(ep_textctx *t, ep_para *p, const ep_tstyle *st, float measure,
                       float first_indent, int justify, size_t *nlines);

/* Natural width of the whole paragraph on one line (for labels, short fields). */
float ep_para_width(const ep_para *p);

#endif

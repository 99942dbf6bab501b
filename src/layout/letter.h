/* The parts of a letter's layout that head.c (the first page's head, by standard) and
 * block.c (body, signatures, trailers) share. */
#ifndef EP_LAYOUT_LETTER_H
#define EP_LAYOUT_LETTER_H

#include "layout/flow.h"
#include "letter/model.h"
#include "resolve/setting.h"

typedef struct ep_ctx ep_ctx;

/* What a letter standard does beyond its data: the head of the first page, and its
 * conventions for the paragraphs of the body. */
typedef struct ep_standard_hooks {
    int (*head)(ep_ctx *c);   /* letterhead, addresses, date, references; -1 after an error */
    /* Sets a paragraph of the body apart (its alignment, no first-line indent, not
     * justified) and returns 1, or returns 0; NULL: no conventions. */
    int (*paragraph)(ep_ctx *c, const ep_block *b, ep_align *align, float *indent);
} ep_standard_hooks;

/* The hooks for a part: its standard's, with its language's conventions (a Japanese letter
 * sets 記 and 以上 as the jp layout does under any layout that sets the body in blocks). */
const ep_standard_hooks *ep_hooks_for(const ep_setting *set);
/* 記 centred after the complimentary close, 以上 on the right. */
int ep_jp_paragraph(ep_ctx *c, const ep_block *b, ep_align *align, float *indent);
int ep_head_block(ep_ctx *c);
int ep_head_window(ep_ctx *c);
extern const ep_standard_hooks ep_hooks_jp;

struct ep_ctx {
    ep_flow f;
    const ep_part *part;
    const ep_setting *set;     /* the part's language, standard, geometry */
    const ep_standard *std;    /* set->std */
    const ep_standard_hooks *hooks;
    ep_tstyle body;        /* the part's text style */
    float lead;            /* body baseline distance */
    float tail_keep;       /* what must stay with the body's last lines: closing, signatures */
    const char *date;      /* written for the part's language */
    int tag_last;          /* the element ep_tag_open made last */
    int closing_done;      /* the closing is placed already (before 記 in a Japanese letter) */
    float space;           /* the vertical spaces as a factor of their natural size (fit: below 1) */
    /* The faces of the style's roles (body, letterhead, subject): a family that is
     * installed, or NULL for epistle's own of the kind. */
    const char *family[EP_FACE_COUNT];
    ep_family_kind kind[EP_FACE_COUNT];
    ep_script_face scripts[EP_MAX_SCRIPT_FACES];   /* the style's faces by script that are installed */
    size_t nscripts;
};

/* The text style of a role of the style (letterhead, subject) at a size. */
ep_tstyle ep_style_role(const ep_ctx *c, ep_face_role role, float size, int bold);

/* A vertical space between elements of the letter (not a line's own height): what fit
 * tightens. */
static inline float ep_gap(const ep_ctx *c, float pts) { return pts * c->space; }
/* Moves down by such a space, counting it (fit estimates what tightening could win back). */
static inline void ep_space(ep_ctx *c, float pts)
{
    c->f.y += pts * c->space;
    c->f.gaps += pts * c->space;
}

/* Lays out one part of the letter into dl, its body shrink points smaller than the style
 * says and its spaces c->space of theirs; -1 after an error. */
int ep_layout_part(ep_ctx *c, ep_dlist *dl, ep_textctx *tx, const ep_part *p, const ep_setting *set, size_t index,
                   float shrink);

/* Opens a structure element (for tagged PDF) under the current one, which content placed
 * from now on belongs to; returns what ep_tag_close restores. alt: a figure's text. */
int ep_tag_open(ep_ctx *c, ep_role role, const char *alt);
void ep_tag_close(ep_ctx *c, int saved);
/* Sets the scope of the element ep_tag_open made last (a table header cell). */
void ep_tag_scope(ep_ctx *c, ep_scope scope);
/* An element under the current one, for content placed later (0 when tagging is off). */
int ep_tag_child(ep_ctx *c, ep_role role, const char *alt);
/* Decoration from now on (running headers, rules, marks): returns what to restore. */
int ep_tag_artifact(ep_ctx *c);

ep_tstyle ep_style_sized(const ep_ctx *c, float size, int bold);
/* A word the letter prints by itself, in the part's language. */
static inline const char *ep_label_of(const ep_ctx *c, ep_label which) { return c->set->labels[which][0]; }
/* What goes between a label and its text: nothing after East Asian full-width punctuation
 * ("附言：", "追伸："), which carries its own space; a space after anything else ("추신:",
 * "P.S.", "For the attention of"). */
const char *ep_label_sep(const char *label);
float ep_text_left(const ep_ctx *c);
/* Places laid-out text in the flow at x as one element of the role. */
void ep_place_laid(ep_ctx *c, const ep_laid *l, float x, ep_role role);
/* Sets text in the flow at the left margin, across the measure, as a paragraph (P). */
void ep_place_text(ep_ctx *c, const char *text, ep_pos pos, const ep_tstyle *st, float gray, ep_align align);
/* Sets text with its top at y (points from the top), at x, not flowing, as one element
 * of the role. */
float ep_place_at(ep_ctx *c, const char *text, ep_pos pos, const ep_tstyle *st, float gray, float x, float y,
                  float width, ep_align align, ep_role role);

/* A reference line: labels over values, side by side across the measure. */
void ep_reference_line(ep_ctx *c);

/* The first page's head for the part's standard: letterhead, address (in the text or in a
 * window field), date, information block or reference line, marks, footer. Leaves the flow
 * where the subject goes. Returns -1 after reporting an address that does not fit. */
int ep_head(ep_ctx *c);
/* The first page's footer, placed last: it ends the part in reading order. Its room on
 * the page is taken by ep_head. */
void ep_foot(ep_ctx *c);

#endif
